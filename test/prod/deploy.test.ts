/**
 * The deploy path of docs/deploy.md, in a temporary copy of the repository:
 *   npm ci && npm run build && npm prune --omit=dev && NODE_ENV=production npm start
 * then /api/v1/health is ok, a response is accepted and stored, the built app is served, a CLI tool
 * runs, and SIGTERM stops the server cleanly: production needs no dev dependency (no tsx, vite or
 * esbuild) at run time.
 *
 * `npm ci` would download nothing new (the cache is warm) but takes minutes on a busy machine, so
 * by default node_modules is hard-linked from this checkout (cp -al) and `npm prune --omit=dev`
 * removes the dev dependencies from the copy, which is the step that matters here. Set
 * BS_DEPLOY_TEST_NPM_CI=1 to run a real `npm ci --prefer-offline` instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/support/server.js';
import { aResponse } from '../server/helpers.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEV_ONLY = ['tsx', 'vite', 'esbuild', 'qrcode', 'vitest', 'svelte', '@sveltejs/kit'];

/** The child's environment without what vitest sets (NODE_ENV=test would change the build). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env))
		if (!/^(VITEST|NODE_ENV$|npm_)/.test(key)) env[key] = value;
	return { ...env, ...extra };
}

function run(cwd: string, command: string, args: string[], env = cleanEnv()) {
	const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
	const output = `${result.stdout}\n${result.stderr}`;
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${output}`);
	return output;
}

/** The checkout's files as git sees them (tracked and new, not ignored): no build, data or .git. */
function copyRepository(target: string) {
	const listed = run(REPO, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
	for (const file of listed.split('\n')[0]!.split('\0').filter(Boolean)) {
		const from = join(REPO, file);
		if (!existsSync(from) || statSync(from).isDirectory()) continue; // deleted, or a submodule
		mkdirSync(dirname(join(target, file)), { recursive: true });
		cpSync(from, join(target, file));
	}
}

describe('production deploy in a temporary copy', () => {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-deploy-'));
	const app = join(dir, 'app');
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('install (hard-linked, or npm ci), build, prune dev dependencies, NODE_ENV=production npm start: health ok, a response accepted', async () => {
		copyRepository(app);
		expect(existsSync(join(app, 'build'))).toBe(false);
		expect(existsSync(join(app, 'dist'))).toBe(false);
		if (process.env.BS_DEPLOY_TEST_NPM_CI === '1')
			run(app, 'npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
		else {
			run(REPO, 'cp', ['-al', join(REPO, 'node_modules'), join(app, 'node_modules')]);
			// npm rewrites its hidden lockfile in place: never through a hard link to this checkout's.
			rmSync(join(app, 'node_modules', '.package-lock.json'), { force: true });
		}
		run(app, 'npm', ['run', 'build']);
		expect(existsSync(join(app, 'build', 'index.html'))).toBe(true);
		expect(existsSync(join(app, 'dist', 'server', 'index.js'))).toBe(true);
		run(app, 'npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
		for (const name of DEV_ONLY)
			expect(existsSync(join(app, 'node_modules', name)), `${name} after prune`).toBe(false);
		// Every production dependency is installed as package.json and the lockfile say.
		run(app, 'npm', ['ls', '--omit=dev', '--depth=0']);

		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const databaseUrl = `file:${join(dir, 'data', 'prod.db')}`;
		// detached: its own process group, signalled as a whole as systemd does (npm runs the
		// script under `sh -c`, which does not pass a signal on).
		const server = spawn('npm', ['start'], {
			cwd: app,
			detached: true,
			env: cleanEnv({
				NODE_ENV: 'production',
				DATABASE_URL: databaseUrl,
				PORT: String(port),
				HOST: '127.0.0.1',
				PUBLIC_ORIGIN: url
			}),
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const response = aResponse();
		let log = '';
		server.stdout.on('data', (chunk) => (log += chunk));
		server.stderr.on('data', (chunk) => (log += chunk));
		const group = server.pid!;
		const isRunning = () => {
			try {
				process.kill(-group, 0);
				return true;
			} catch {
				return false;
			}
		};
		try {
			for (let wait = 0; ; wait++) {
				if (server.exitCode !== null || wait > 600)
					throw new Error(`the server did not start:\n${log}`);
				if ((await fetch(`${url}/api/v1/health`).catch(() => null))?.ok) break;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			// Nothing was rebuilt at start: the pruned copy has no build tools, and needed none.
			expect(log).not.toMatch(/Building the app|Compiling the server|Warning/);
			const health = await fetch(`${url}/api/v1/health`);
			expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok' });

			const posted = await fetch(`${url}/api/v1/responses`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ responses: [response] })
			});
			expect(posted.status).toBe(200);
			expect(await posted.json()).toEqual({
				accepted: [response.id],
				duplicates: [],
				rejected: []
			});
			const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('<html');

			// A command-line tool runs from its compiled copy while the server runs.
			const backup = join(dir, 'backup.db');
			expect(
				run(app, 'npm', ['run', 'backup', '--', backup], cleanEnv({ DATABASE_URL: databaseUrl }))
			).toContain('Backed up');
			const copy = createClient({ url: `file:${backup}` });
			try {
				const rows = await copy.execute('SELECT id FROM responses');
				expect(rows.rows.map((row) => String(row.id))).toEqual([response.id]);
			} finally {
				copy.close();
			}

			process.kill(-group, 'SIGTERM');
			for (let wait = 0; isRunning() && wait < 300; wait++)
				await new Promise((resolve) => setTimeout(resolve, 100));
			expect(isRunning(), log).toBe(false);
			expect(log).toContain('Stopped: every acknowledged response is stored');
		} finally {
			if (isRunning()) process.kill(-group, 'SIGKILL');
		}
		const stored = createClient({ url: databaseUrl });
		try {
			const rows = await stored.execute('SELECT id FROM responses');
			expect(rows.rows.map((row) => String(row.id))).toEqual([response.id]);
		} finally {
			stored.close();
		}
	}, 300_000);
});

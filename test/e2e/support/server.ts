import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { AuthService } from '../../../server/auth/auth.service.js';
import { openDatabase } from '../../../server/db/client.js';

/**
 * The staff login the browser tests sign in with, made in the test's own database after the first
 * start. The demo login has a random password printed once and exists only with illustrative data
 * (issue 12 item 13), so the tests no longer rely on it.
 */
export const E2E_ANALYST = {
	email: 'analyst@example.org',
	password: 'e2e-analyst-password-for-tests-only'
} as const;

export interface RunningServer {
	url: string;
	databaseUrl: string;
	/** A separate connection for assertions on what was stored. */
	db: Client;
	stop(): Promise<void>;
	/** Stops and starts the same server (same database) again, e.g. to check durability. */
	restart(): Promise<void>;
	/** Stops the server process (SIGTERM) but keeps its database for inspection; stop() removes it. */
	stopProcess(): Promise<void>;
	/**
	 * Sends a signal (e.g. SIGTERM for a graceful shutdown) and resolves when the process exits,
	 * with how it exited; call it again to send a second signal while the first is being handled.
	 */
	signal(name: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** SIGKILL: no graceful shutdown, no final checkpoint (fault tests). Resolves once the process is gone. */
	kill(): Promise<void>;
	/** Starts the server again on the same database and port after kill() (or if it died). */
	relaunch(): Promise<void>;
	/** Cleanup that is safe in any state (also after kill()): SIGKILL if running, close db, remove the folder. */
	destroy(): Promise<void>;
	/** The server's stdout and stderr since it was last (re)started. */
	output(): string;
	/** The most memory the running server process has held (VmHWM, Linux), or null where unknown. */
	peakMemoryBytes(): number | null;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function waitForHealth(
	url: string,
	child: ChildProcess,
	output: () => string
): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
		try {
			const answer = await fetch(`${url}/api/v1/health`);
			if (answer.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`server did not become healthy:\n${output()}`);
}

/**
 * The compiled server, as production runs it (`npm run build`; vitest's globalSetup compiles it
 * when its sources changed). Source maps on, so a failure's stack names the TypeScript lines.
 */
export const SERVER_COMMAND = ['--enable-source-maps', 'dist/server/index.js'];

/** Starts the real server (node, compiled) on the built app with a fresh embedded database. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-e2e-'));
	const databaseUrl = `file:${join(dir, 'e2e.db')}`;
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let child: ChildProcess;
	let log = '';

	const launch = async () => {
		log = '';
		child = spawn(process.execPath, SERVER_COMMAND, {
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				DATABASE_URL: databaseUrl,
				STATIC_DIR: 'build',
				NODE_ENV: 'test',
				SEED_ILLUSTRATIVE: 'false',
				// The e2e analyst signs in with a password alone even with REQUIRE_MFA=true
				// (test/e2e/mfa.spec.ts enrols another account); production refuses any exemption, so
				// production runs (the load benchmarks) go without it.
				...(env.NODE_ENV === 'production' ? {} : { MFA_EXEMPT_EMAILS: E2E_ANALYST.email }),
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout?.on('data', (chunk) => (log += chunk));
		child.stderr?.on('data', (chunk) => (log += chunk));
		await waitForHealth(url, child, () => log);
	};
	const halt = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	};

	const isGone = () => child.exitCode !== null || child.signalCode !== null;
	const killNow = async () => {
		if (isGone()) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGKILL');
		await exited;
	};

	await launch();
	const staff = openDatabase(databaseUrl);
	try {
		await new AuthService(staff, undefined, { N: 1024, r: 8, p: 1 }).createUser(
			E2E_ANALYST.email,
			E2E_ANALYST.password,
			'analyst'
		);
	} finally {
		staff.client.close();
	}
	const db = createClient({ url: databaseUrl });
	return {
		url,
		databaseUrl,
		db,
		stopProcess: halt,
		restart: async () => {
			await halt();
			await launch();
		},
		stop: async () => {
			db.close();
			await halt();
			rmSync(dir, { recursive: true, force: true });
		},
		kill: killNow,
		signal: (name) => {
			const exited = isGone()
				? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
				: new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
						child.once('exit', (code, signal) => resolve({ code, signal }))
					);
			if (!isGone()) child.kill(name);
			return exited;
		},
		relaunch: async () => {
			if (!isGone()) throw new Error('relaunch(): the server is still running; kill() it first');
			await launch();
		},
		destroy: async () => {
			db.close();
			await killNow();
			rmSync(dir, { recursive: true, force: true });
		},
		output: () => log,
		peakMemoryBytes: () => {
			const status = `/proc/${child.pid}/status`;
			const match = existsSync(status)
				? /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'))
				: null;
			return match ? Number(match[1]) * 1024 : null;
		}
	};
}

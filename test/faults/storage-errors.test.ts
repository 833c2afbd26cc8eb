/**
 * Fault: the database cannot write (read-only, or full).
 *
 * Root ignores file permissions, so "read-only" is made with PRAGMA query_only=ON on the app's own
 * client (SQLITE_READONLY) and "disk full" with PRAGMA max_page_count = the current page count
 * (SQLITE_FULL), both on the app's own connection, both undone afterwards. A third variant runs
 * the real server process on a tiny tmpfs that really fills up (ENOSPC), inside an unprivileged
 * user + mount namespace (`unshare -rm`), so no root mount is needed; where the namespace cannot be
 * made (some CI sandboxes forbid it) that variant is skipped and says why.
 *
 * Each time: ingest answers 503 with Retry-After and an error naming storage, acknowledges nothing
 * and stores nothing; the real client sync code keeps every entry in its outbox and sends them all
 * once the database can write again, each stored once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncEngine } from '../../src/lib/offline/index.js';
import { freePort } from '../e2e/support/server.js';
import { ManualTimers, freshOutbox } from '../offline/support.js';
import {
	appOnFile,
	consistencyProblems,
	pickSeed,
	scalar,
	seededRandom,
	sleep,
	storedIds,
	variedBatch,
	type BatchAnswer
} from './support.js';

interface ErrorBody {
	error: { code: string; message: string };
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
	vi.restoreAllMocks();
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const variants = [
	{
		name: 'read-only (PRAGMA query_only)',
		breakIt: async () => ['PRAGMA query_only=ON'],
		fixIt: 'PRAGMA query_only=OFF'
	},
	{
		name: 'full (PRAGMA max_page_count)',
		breakIt: async (pages: number) => [`PRAGMA max_page_count=${pages}`],
		fixIt: 'PRAGMA max_page_count=1073741823'
	}
];

describe('fault: the database cannot write', () => {
	for (const variant of variants) {
		it(`${variant.name}: 503 + Retry-After naming storage, nothing acknowledged or stored; the outbox keeps all and sends them later`, async () => {
			vi.spyOn(console, 'error').mockImplementation(() => undefined); // the route logs each 503
			const seed = pickSeed(`storage-errors ${variant.name}`);
			const random = seededRandom(seed);
			const server = await appOnFile();
			cleanups.push(server.cleanup);
			const client = server.database.client;
			const pages = Number(await scalar(client, 'PRAGMA page_count'));
			for (const sql of await variant.breakIt(pages)) await client.execute(sql);

			// Directly: the answer a device gets.
			const direct = await server.app.request('/api/v1/responses', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ responses: variedBatch(random, 100) })
			});
			expect(direct.status).toBe(503);
			expect(Number(direct.headers.get('retry-after'))).toBeGreaterThan(0);
			const body = (await direct.json()) as ErrorBody & Partial<BatchAnswer>;
			expect(body.error.code).toBe('storage_unavailable');
			expect(body.error.message).toMatch(/stor|sav/i);
			expect(body.accepted).toBeUndefined();

			// Through the real sync engine.
			const { outbox } = await freshOutbox();
			const responses = variedBatch(random, 250);
			for (const response of responses) await outbox.add(response);
			const statuses: number[] = [];
			const timers = new ManualTimers();
			const engine = new SyncEngine({
				outbox,
				fetch: async (input, init) => {
					const answer = await server.app.request(input, init);
					statuses.push(answer.status);
					return answer;
				},
				random,
				setTimeout: timers.setTimeout,
				clearTimeout: timers.clearTimeout,
				isOnline: () => true
			});
			for (let attempt = 0; attempt < 3; attempt++) {
				if (attempt > 0) timers.pending.shift()!.callback();
				await engine.syncNow();
				expect(engine.snapshot).toMatchObject({
					state: 'waiting_to_retry',
					waiting: 250,
					rejected: 0
				});
				expect(timers.pending[0]!.ms).toBeGreaterThanOrEqual(
					Number(direct.headers.get('retry-after')) * 1000
				); // honours Retry-After
				expect(await outbox.count()).toBe(250);
			}
			expect(statuses).toEqual([503, 503, 503]);
			expect(Number(await scalar(client, 'SELECT count(*) FROM responses'))).toBe(0);
			expect(Number(await scalar(client, 'SELECT count(*) FROM group_totals'))).toBe(0);

			// The database can write again: the next retry sends everything, once.
			await client.execute(variant.fixIt);
			timers.pending.shift()!.callback();
			await engine.syncNow();
			expect(engine.snapshot).toMatchObject({ state: 'idle', waiting: 0, rejected: 0 });
			expect(await outbox.count()).toBe(0);
			const stored = await storedIds(client);
			expect(stored.size).toBe(250);
			expect(responses.filter((r) => !stored.has(r.id))).toEqual([]);
			expect(await consistencyProblems(client)).toEqual([]);
			expect(Number(await scalar(client, 'PRAGMA synchronous'))).toBe(2);
		});
	}
});

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Why the tmpfs variant cannot run here, or null when an unprivileged mount namespace works. */
function tmpfsUnavailable(): string | null {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-probe-'));
	try {
		const probe = spawnSync(
			'unshare',
			['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', dir],
			{ encoding: 'utf8', timeout: 10_000 }
		);
		if (probe.error) return `unshare is not available (${probe.error.message})`;
		return probe.status === 0
			? null
			: `an unprivileged user+mount namespace with a tmpfs is not permitted here (${probe.stderr.trim()})`;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const skipTmpfs = tmpfsUnavailable();
if (skipTmpfs)
	console.log(`[faults] storage-errors: skipping the full-tmpfs variant: ${skipTmpfs}`);

describe('fault: the disk under the real server fills up (tiny tmpfs, ENOSPC)', () => {
	it.skipIf(skipTmpfs !== null)(
		'answers 503 naming storage when the disk is full, keeps the outbox, and takes everything once there is space',
		async () => {
			const seed = pickSeed('storage-errors full tmpfs');
			const random = seededRandom(seed);
			// The database lives on a 16 MB tmpfs, 13 MB of it taken by a file the test deletes later.
			const dir = mkdtempSync(join(tmpdir(), 'be-supported-tmpfs-'));
			const port = await freePort();
			const url = `http://127.0.0.1:${port}`;
			const script =
				'mount -t tmpfs -o size=16m tmpfs "$0" && dd if=/dev/zero of="$0/filler" bs=1k count=13000 2>/dev/null && exec "$1" --enable-source-maps dist/server/index.js';
			let log = '';
			const child: ChildProcess = spawn(
				'unshare',
				['-rm', 'sh', '-c', script, dir, process.execPath],
				{
					cwd: REPO,
					env: {
						...process.env,
						PORT: String(port),
						HOST: '127.0.0.1',
						DATABASE_URL: `file:${join(dir, 'app.db')}`,
						STATIC_DIR: 'build',
						NODE_ENV: 'test',
						SEED_ILLUSTRATIVE: 'false',
						RATE_LIMIT_PER_MINUTE: '100000000'
					},
					stdio: ['ignore', 'pipe', 'pipe']
				}
			);
			child.stdout?.on('data', (chunk) => (log += chunk));
			child.stderr?.on('data', (chunk) => (log += chunk));
			cleanups.push(async () => {
				if (child.exitCode === null && child.signalCode === null) {
					const exited = new Promise((resolve) => child.once('exit', resolve));
					child.kill('SIGKILL');
					await exited;
				}
				rmSync(dir, { recursive: true, force: true });
			});
			for (let wait = 0; ; wait++) {
				if (child.exitCode !== null || wait > 300) throw new Error(`server did not start:\n${log}`);
				if ((await fetch(`${url}/api/v1/health`).catch(() => null))?.ok) break;
				await sleep(100);
			}
			// The namespace's view of the tmpfs, from outside it.
			const inside = `/proc/${child.pid}/root${dir}`;
			expect(existsSync(join(inside, 'filler'))).toBe(true);

			const { outbox } = await freshOutbox();
			const responses = variedBatch(random, 3000);
			for (const response of responses) await outbox.add(response);
			const answers: {
				status: number;
				body: ErrorBody & Partial<BatchAnswer>;
				retryAfter: string | null;
			}[] = [];
			const timers = new ManualTimers();
			const engine = new SyncEngine({
				outbox,
				endpoint: `${url}/api/v1/responses`,
				fetch: async (input, init) => {
					const answer = await fetch(input, init);
					const text = await answer.text();
					answers.push({
						status: answer.status,
						body: JSON.parse(text),
						retryAfter: answer.headers.get('retry-after')
					});
					return new Response(text, { status: answer.status, headers: answer.headers });
				},
				random,
				setTimeout: timers.setTimeout,
				clearTimeout: timers.clearTimeout,
				isOnline: () => true
			});

			await engine.syncNow();
			const acknowledged = answers.flatMap((answer) => [
				...(answer.body.accepted ?? []),
				...(answer.body.duplicates ?? [])
			]);
			console.log(
				`[faults] full tmpfs: ${acknowledged.length} responses stored before the disk was full; answers ${answers.map((a) => a.status).join(' ')}`
			);
			const full = answers.at(-1)!;
			expect(full.status, `the server's output:\n${log.slice(-2000)}`).toBe(503);
			expect(Number(full.retryAfter)).toBeGreaterThan(0);
			expect(full.body.error.code).toBe('storage_unavailable');
			expect(full.body.accepted).toBeUndefined();
			expect(acknowledged.length).toBeLessThan(3000);
			expect(await outbox.count()).toBe(3000 - acknowledged.length);
			expect(engine.snapshot).toMatchObject({ state: 'waiting_to_retry', rejected: 0 });

			// Still full: more retries change nothing.
			for (let attempt = 0; attempt < 2; attempt++) {
				timers.pending.shift()!.callback();
				await engine.syncNow();
				expect(answers.at(-1)!.status).toBe(503);
				expect(await outbox.count()).toBe(3000 - acknowledged.length);
			}

			// Space again: the next retry sends everything that waited.
			unlinkSync(join(inside, 'filler'));
			timers.pending.shift()!.callback();
			await engine.syncNow();
			expect(engine.snapshot, `the server's output:\n${log.slice(-2000)}`).toMatchObject({
				state: 'idle',
				waiting: 0,
				rejected: 0
			});

			// Every id stored exactly once, and the file is sound: checked on a copy of the database and its
			// WAL (a connection opened through /proc/PID/root did not see the WAL's content here).
			const copy = mkdtempSync(join(tmpdir(), 'be-supported-tmpfs-copy-'));
			cleanups.push(() => rmSync(copy, { recursive: true, force: true }));
			for (const file of ['app.db', 'app.db-wal'])
				copyFileSync(join(inside, file), join(copy, file));
			const db = createClient({ url: `file:${join(copy, 'app.db')}` });
			try {
				const stored = await storedIds(db);
				expect(stored.size).toBe(3000);
				expect(responses.filter((r) => !stored.has(r.id))).toEqual([]);
				expect(await consistencyProblems(db)).toEqual([]);
			} finally {
				db.close();
			}
		},
		60_000
	);
});

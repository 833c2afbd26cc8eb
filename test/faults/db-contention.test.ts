/**
 * Fault: a 2,000-row respondent-level baseline import runs while devices keep sending.
 *
 * 1. Through the same app (POST /api/v1/waves/2019/import, as the dashboard does) on an embedded
 *    FILE database, with ingest at ~1,000 responses/s through the same app, plus a broken import
 *    (a bad value on its second-last line) at the same time.
 * 2. As `npm run import` does while the server runs: the import in ANOTHER PROCESS with its own
 *    connection to the same file (this is where SQLite lock contention really happens: inside one
 *    process the single connection serialises everything), ingest through the app meanwhile.
 *
 * Each time: the good import completes and is all-or-nothing (exactly its 2,000 rows, counted once
 * in the pre-aggregated counts), the broken one stores nothing; every ingest batch gets 200 or 503
 * with Retry-After (never a 500); every acknowledged response is stored; and the app's connection
 * still has synchronous=FULL (2) and WAL afterwards.
 *
 * 3. A writer that holds the lock LONGER than busy_timeout (libsql-client-ts #352): ingest must
 *    answer 503 meanwhile (it does), and must work again once the lock is released (it does NOT
 *    until V8 garbage-collects the failed statement: see the two skipped tests and their comments).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentQuestionnaire } from '#survey';
import { AuthService } from '../../server/auth/auth.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import {
	appOnFile,
	consistencyProblems,
	pickSeed,
	scalar,
	seededRandom,
	sleep,
	storedIds,
	variedBatch,
	variedResponse,
	type BatchAnswer,
	type Random
} from './support.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CHEAP = { N: 1024, r: 8, p: 1 };

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
	vi.restoreAllMocks();
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A respondent-level CSV (as test/server/staff.test.ts): every item but free text, varied answers, a mode column. */
function respondentCsv(random: Random, rows: number, badLine?: number): string {
	const columns = currentQuestionnaire.items
		.filter((item) => item.type !== 'text' && !item.showIf)
		.map((item) => item.code);
	const lines = [[...columns, 'mode'].join(',')];
	for (let row = 0; row < rows; row++) {
		const { mode, answers } = variedResponse(random);
		const cells = columns.map((code) => {
			const value = answers[code];
			return value === undefined ? '' : Array.isArray(value) ? value.join(';') : value;
		});
		lines.push([...cells, mode].join(','));
	}
	if (badLine !== undefined) lines[badLine - 1] = lines[badLine - 1]!.replace(/^[^,]*/, 'maybe'); // not an answer of the first item
	return lines.join('\r\n') + '\r\n';
}

type App = Awaited<ReturnType<typeof appOnFile>>['app'];

/** Steady ingest through the app until stopped: `clients` loops, each a batch of `size` every `everyMs`. */
function steadyIngest(app: App, random: Random, { clients = 2, size = 50, everyMs = 100 } = {}) {
	const acknowledged = new Set<string>();
	const problems: string[] = [];
	const statuses = new Map<number, number>();
	const answeredAt: number[] = [];
	let isStopped = false;
	const loop = async () => {
		while (!isStopped) {
			const started = Date.now();
			const answer = await app.request('/api/v1/responses', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ responses: variedBatch(random, size) })
			});
			statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
			answeredAt.push(Date.now());
			const text = await answer.text();
			if (answer.status === 200) {
				const body = JSON.parse(text) as BatchAnswer;
				for (const id of [...body.accepted, ...body.duplicates]) acknowledged.add(id);
				if (body.rejected.length > 0 || body.accepted.length !== size)
					problems.push(`not all accepted: ${text.slice(0, 200)}`);
			} else if (!(answer.status === 503 && Number(answer.headers.get('retry-after')) > 0)) {
				problems.push(
					`status ${answer.status} ${answer.headers.get('retry-after') ?? ''}: ${text.slice(0, 200)}`
				);
			}
			const wait = everyMs - (Date.now() - started);
			// setImmediate, not setTimeout(0): timers that are always due would starve this process's I/O.
			await (wait > 0 ? sleep(wait) : new Promise((resolve) => setImmediate(resolve)));
		}
	};
	const loops = Array.from({ length: clients }, loop);
	return {
		acknowledged,
		problems,
		statuses,
		/** Batches answered between two moments: proof that ingest really ran alongside. */
		answeredBetween: (from: number, to: number) =>
			answeredAt.filter((at) => at >= from && at <= to).length,
		stop: async () => {
			isStopped = true;
			await Promise.all(loops);
		}
	};
}

async function waveCount(client: ReturnType<typeof createClient>, wave: string) {
	const rows = Number(
		(
			await client.execute({
				sql: 'SELECT count(*) FROM responses WHERE wave_id = ?',
				args: [wave]
			})
		).rows[0]?.[0]
	);
	const total = (
		await client.execute({
			sql: "SELECT n FROM group_totals WHERE wave_id = ? AND group_item = ''",
			args: [wave]
		})
	).rows[0]?.[0];
	return { rows, total: total === undefined ? 0 : Number(total) };
}

async function expectDurableConnection(app: Awaited<ReturnType<typeof appOnFile>>) {
	expect(Number(await scalar(app.database.client, 'PRAGMA synchronous'))).toBe(2);
	expect(await scalar(app.database.client, 'PRAGMA journal_mode')).toBe('wal');
}

function runImportCli(url: string, wave: string, file: string) {
	return new Promise<{ code: number | null; output: string }>((resolve) => {
		const child = spawn(
			process.execPath,
			[
				'--enable-source-maps',
				'dist/scripts/import-baseline.js',
				'--wave',
				wave,
				'--format',
				'respondent',
				file
			],
			{
				cwd: REPO,
				env: { ...process.env, DATABASE_URL: url },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		cleanups.push(
			() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'))
		);
		child.on('exit', (code) => resolve({ code, output }));
	});
}

describe('fault: a baseline import while devices keep sending', () => {
	it('through the same app: the import completes all-or-nothing, ingest never gets a 500, nothing acknowledged is lost', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const seed = pickSeed('db-contention same app');
		const random = seededRandom(seed);
		const server = await appOnFile();
		cleanups.push(server.cleanup);
		const { app, database } = server;
		await new AuthService(database, () => new Date(), CHEAP).createUser(
			'analyst@example.org',
			'a-long-analyst-password',
			'analyst'
		);
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'analyst@example.org', password: 'a-long-analyst-password' })
		});
		expect(login.status).toBe(200);
		const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
		const waves = new WavesService(database);
		for (const id of ['2019', '2020'])
			await waves.create({
				id,
				name: id,
				opensAt: null,
				closesAt: null,
				isBaseline: true,
				isIllustrative: false
			});
		const good = respondentCsv(random, 2000);
		const bad = respondentCsv(random, 2000, 2000);
		const importWave = (wave: string, csv: string) =>
			app.request(`/api/v1/waves/${wave}/import`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ format: 'respondent', csv })
			});

		const ingest = steadyIngest(app, random);
		await sleep(300);
		const importStarted = Date.now();
		const [goodAnswer, badAnswer] = await Promise.all([
			importWave('2019', good),
			sleep(20).then(() => importWave('2020', bad))
		]);
		const importEnded = Date.now();
		await sleep(300);
		await ingest.stop();
		console.log(
			`[faults] same app: ingest answers ${JSON.stringify(Object.fromEntries(ingest.statuses))}, ${ingest.acknowledged.size} acknowledged, ${ingest.answeredBetween(importStarted, importEnded)} batches during the ${importEnded - importStarted} ms of the imports`
		);
		expect(ingest.answeredBetween(importStarted, importEnded)).toBeGreaterThan(0);

		expect(goodAnswer.status).toBe(200);
		expect(await goodAnswer.json()).toEqual({ imported: 2000 });
		expect(badAnswer.status).toBe(422);
		expect(await waveCount(database.client, '2019')).toEqual({ rows: 2000, total: 2000 });
		expect(await waveCount(database.client, '2020')).toEqual({ rows: 0, total: 0 });
		expect(ingest.problems).toEqual([]);
		expect(ingest.acknowledged.size).toBeGreaterThan(0);
		const stored = await storedIds(database.client);
		expect([...ingest.acknowledged].filter((id) => !stored.has(id))).toEqual([]);
		expect(await consistencyProblems(database.client)).toEqual([]);
		await expectDurableConnection(server);
	}, 30_000);

	it('from another process (npm run import while the server runs): real lock contention, same guarantees', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const seed = pickSeed('db-contention other process');
		const random = seededRandom(seed);
		const server = await appOnFile();
		cleanups.push(server.cleanup);
		const { app, database, dir, url } = server;
		const goodFile = join(dir, 'good.csv');
		const badFile = join(dir, 'bad.csv');
		writeFileSync(goodFile, respondentCsv(random, 2000));
		writeFileSync(badFile, respondentCsv(random, 2000, 2000));

		const ingest = steadyIngest(app, random, { clients: 2, size: 50, everyMs: 20 });
		await sleep(200);
		const importStarted = Date.now();
		const [goodRun, badRun] = await Promise.all([
			runImportCli(url, '2019', goodFile),
			runImportCli(url, '2020', badFile)
		]);
		const importEnded = Date.now();
		await sleep(200);
		await ingest.stop();
		console.log(
			`[faults] other process: ingest answers ${JSON.stringify(Object.fromEntries(ingest.statuses))}, ${ingest.acknowledged.size} acknowledged, ${ingest.answeredBetween(importStarted, importEnded)} batches during the ${importEnded - importStarted} ms of the import processes`
		);
		expect(ingest.answeredBetween(importStarted, importEnded)).toBeGreaterThan(0);

		expect(goodRun.code, goodRun.output).toBe(0);
		expect(goodRun.output).toMatch(/Imported 2000 rows/);
		expect(badRun.code, badRun.output).toBe(1);
		expect(await waveCount(database.client, '2019')).toEqual({ rows: 2000, total: 2000 });
		expect(await waveCount(database.client, '2020')).toEqual({ rows: 0, total: 0 });
		expect(ingest.problems).toEqual([]);
		const stored = await storedIds(database.client);
		expect([...ingest.acknowledged].filter((id) => !stored.has(id))).toEqual([]);
		expect(await consistencyProblems(database.client)).toEqual([]);
		await expectDurableConnection(server);
	}, 30_000);
});

describe('fault: another connection holds the write lock longer than busy_timeout', () => {
	/**
	 * busy_timeout is lowered to 200 ms on the app's connection only to keep the test fast; with the
	 * server's own 5,000 ms it behaves the same once a lock is held for more than 5 s (measured: 503
	 * after 5,012 ms, then the same stuck state).
	 */
	async function lockedOnce() {
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const random = seededRandom(pickSeed('db-contention long lock'));
		const server = await appOnFile();
		cleanups.push(server.cleanup);
		await server.database.client.execute('PRAGMA busy_timeout=200');
		const other = createClient({ url: server.url });
		cleanups.push(() => other.close());
		const lock = await other.transaction('write'); // BEGIN IMMEDIATE, e.g. a long CLI import
		const post = (size: number) =>
			server.app.request('/api/v1/responses', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ responses: variedBatch(random, size) })
			});
		const during = await post(20);
		await lock.rollback();
		lock.close();
		return { server, other, post, during };
	}

	it('answers 503 with Retry-After while the lock is held, and acknowledges and stores nothing', async () => {
		const { server, during } = await lockedOnce();
		expect(during.status).toBe(503);
		expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(((await during.json()) as { error: { code: string } }).error.code).toBe(
			'storage_unavailable'
		);
		expect(Number(await scalar(server.database.client, 'SELECT count(*) FROM responses'))).toBe(0);
	});

	/**
	 * libsql-client-ts #352: after ONE write fails with SQLITE_BUSY, the failed statement stays "in
	 * progress" on the connection until V8 collects it; until then every COMMIT fails ("SQL
	 * statements in progress"). server/db/client.ts replaces the connection after a busy error.
	 */
	it('works again as soon as the lock is released (the connection is replaced after a busy error)', async () => {
		const { post } = await lockedOnce();
		const next = await post(10);
		expect(next.status).toBe(200);
	});

	/**
	 * Same cause, worse: in that state an autocommit write (a new wave, a session, an audit row)
	 * looked done, was visible to its own connection only, and was rolled back when the statement
	 * was collected: silently lost.
	 */
	it('commits an ordinary write made after the lock was released (not reported as done, then rolled back)', async () => {
		const { server, other } = await lockedOnce();
		await new WavesService(server.database).create({
			id: 'after-lock',
			name: 'x',
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: false
		});
		const seen = Number(
			(await other.execute("SELECT count(*) FROM waves WHERE id = 'after-lock'")).rows[0]?.[0]
		);
		expect(seen).toBe(1);
	});
});

// Server figures for the benchmark report: ingest through the real Hono app on an embedded libSQL
// file (WAL, synchronous=FULL) in batches of 100, and the benchmark query (all items × one
// breakdown) at 10k, 100k and 1M stored responses, to show how its cost grows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.js';
import { openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { BenchmarkService } from '../server/services/benchmark.service.js';
import { parseRespondentCsv } from '../server/import/baseline-csv.js';
import { AuthService } from '../server/auth/auth.service.js';
import { insertStatements } from '../server/services/responses.service.js';
import { WavesService } from '../server/services/waves.service.js';
import { median } from './client/measure.js';
import { syntheticResponses } from './synthetic.js';

export interface ServerFigures {
	ingest: { responses: number; responsesPerSecond: number; stored: number; batchMsMedian: number };
	benchmarkQuery: {
		responses: number;
		msMedian: number;
		msMax: number;
		/** The same breakdown within one filter (a two-way table counted from stored answers). */
		twoWayMsMedian?: number;
	}[];
	/** Most memory the process held (maxRSS) up to the 100,000-response query, and with 1,000,000. */
	peakRssBytes: number;
	peakRssWithMillionBytes?: number;
	/** /health answered while a 10 MB respondent file is previewed (issue 12 item 4). */
	healthDuringImport: HealthDuringImport;
}

export interface HealthDuringImport {
	fileBytes: number;
	previewMs: number;
	/** Longest the event loop was held at once while reading the file the old way (all at once). */
	blockingParseMs: number;
	healthRequests: number;
	healthMsMedian: number;
	healthMsP99: number;
	healthMsMax: number;
}

async function freshDatabase() {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-bench-'));
	const database = openDatabase(`file:${join(dir, 'bench.db')}`);
	await migrateDatabase(database);
	const wave = (await new WavesService(database).ensureCurrentWave()).id;
	return {
		database,
		wave,
		remove: () => (database.client.close(), rmSync(dir, { recursive: true, force: true }))
	};
}

/** One device after another, each sending a batch of 100 (no concurrency to help). */
async function measureIngest(batches: number) {
	const { database, remove } = await freshDatabase();
	const app = createApp({ database, rateLimit: { limit: 1e9 } });
	const make = syntheticResponses(11);
	const bodies = Array.from({ length: batches }, () =>
		JSON.stringify({ responses: Array.from({ length: 100 }, () => make()) })
	);
	const timings: number[] = [];
	let accepted = 0;
	const started = performance.now();
	for (const body of bodies) {
		const sent = performance.now();
		const answer = await app.request('/api/v1/responses', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body
		});
		accepted += ((await answer.json()) as { accepted: string[] }).accepted.length;
		timings.push(performance.now() - sent);
	}
	const seconds = (performance.now() - started) / 1000;
	const stored = Number(
		(await database.client.execute('SELECT count(*) AS n FROM responses')).rows[0]?.n
	);
	remove();
	return {
		responses: accepted,
		responsesPerSecond: Math.round(accepted / seconds),
		stored,
		batchMsMedian: median(timings)
	};
}

/** Stored responses split between this year and a baseline, then the comparison timed. */
async function measureBenchmarkQuery(size: number, log: (line: string) => void) {
	const { database, wave, remove } = await freshDatabase();
	const waves = new WavesService(database);
	await waves.create({
		id: 'base',
		name: 'base',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	const make = syntheticResponses(size);
	for (let start = 0; start < size; start += 5000) {
		const rows = Array.from({ length: Math.min(5000, size - start) }, () => make()).map(
			(response, index) => ({
				response,
				hash: response.id,
				receivedAt: response.completedAt,
				flags: [],
				waveId: (start + index) % 2 === 0 ? wave : 'base',
				source: 'survey' as const
			})
		);
		await database.client.batch(insertStatements(rows), 'write');
		if (start % 100_000 === 0 && start > 0)
			log(`  … ${start.toLocaleString('en-GB')} of ${size.toLocaleString('en-GB')} stored`);
	}
	await database.client.execute('ANALYZE');
	const service = new BenchmarkService(database, waves);
	const timings: number[] = [];
	for (let run = 0; run < 9; run++) {
		const started = performance.now();
		await service.report(wave, ['base'], 'care_experienced');
		timings.push(performance.now() - started);
	}
	// A filtered breakdown reads every stored answer of both waves: timed up to 100,000 only.
	const twoWay: number[] = [];
	for (let run = 0; run < 3 && size <= 100_000; run++) {
		const started = performance.now();
		await service.report(wave, ['base'], 'care_experienced', [
			{ group: 'mode', value: 'standard' }
		]);
		twoWay.push(performance.now() - started);
	}
	remove();
	return {
		responses: size,
		msMedian: median(timings),
		msMax: Math.max(...timings),
		twoWayMsMedian: twoWay.length > 0 ? median(twoWay) : undefined
	};
}

/** A respondent-level file of about `bytes`, every row valid, in all three modes. */
export function respondentFile(bytes: number): string {
	const header =
		'mode,know_who_to_talk_to,feel_believed,who_would_you_talk_to,what_would_help,age_band';
	const rows = [
		'standard,agree,strongly_disagree,friend;teacher,More youth clubs open after school,11_13',
		'easy_read,yes,sometimes,parent_carer,"Someone to talk to, at school",14_16',
		'send,no,dont_understand,no_one,,17_19'
	];
	const lines = [header];
	let size = header.length + 1;
	for (let index = 0; size < bytes; index++) {
		const row = rows[index % rows.length]!;
		lines.push(row);
		size += row.length + 1;
	}
	return lines.join('\n');
}

/**
 * /health polled every 10 ms (one at a time, as a load balancer's probe would) on the same process
 * while an analyst previews a 10 MB file through the real app: the parser hands the event loop back
 * every 10 ms (server/import/baseline-csv.ts), so each probe waits at most about one slice.
 */
export async function measureHealthDuringImport(
	bytes = 10 * 1024 * 1024
): Promise<HealthDuringImport> {
	const { database, remove } = await freshDatabase();
	const app = createApp({ database, passwordCost: { N: 1024, r: 8, p: 1 } });
	await new WavesService(database).create({
		id: 'base',
		name: 'base',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	await new AuthService(database, undefined, { N: 1024, r: 8, p: 1 }).createUser(
		'bench@example.org',
		'a-long-bench-password',
		'analyst'
	);
	const login = await app.request('/api/v1/auth/login', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'bench@example.org', password: 'a-long-bench-password' })
	});
	const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
	const csv = respondentFile(bytes);
	const parseStarted = performance.now();
	parseRespondentCsv(csv);
	const blockingParseMs = performance.now() - parseStarted;
	const body = JSON.stringify({ format: 'respondent', csv });
	let isPreviewing = true;
	const started = performance.now();
	const preview = Promise.resolve(
		app.request('/api/v1/waves/base/import/preview', {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body
		})
	).then(async (answer) => {
		if (answer.status !== 200) throw new Error(`preview answered ${answer.status}`);
		await answer.arrayBuffer();
		isPreviewing = false;
		return performance.now() - started;
	});
	const timings: number[] = [];
	while (isPreviewing) {
		const sent = performance.now();
		const answer = await app.request('/api/v1/health');
		await answer.arrayBuffer();
		timings.push(performance.now() - sent);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	const previewMs = await preview;
	remove();
	const sorted = [...timings].sort((a, b) => a - b);
	return {
		fileBytes: csv.length,
		previewMs,
		blockingParseMs,
		healthRequests: timings.length,
		healthMsMedian: median(timings),
		healthMsP99: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0,
		healthMsMax: sorted.at(-1) ?? 0
	};
}

export async function measureServer(
	sizes: number[],
	log: (line: string) => void = console.log
): Promise<ServerFigures> {
	log('Server: ingest, 100 batches of 100…');
	const ingest = await measureIngest(100);
	const benchmarkQuery = [];
	// maxRSS is in kilobytes. The 1,000,000-response database is built by this process in chunks,
	// and SQLite's pages of a 1 GB file count towards it, so that figure is given on its own.
	const maxRss = () => process.resourceUsage().maxRSS * 1024;
	let peakRssBytes = 0;
	for (const size of sizes) {
		log(`Server: benchmark query at ${size.toLocaleString('en-GB')} responses…`);
		benchmarkQuery.push(await measureBenchmarkQuery(size, log));
		if (size <= 100_000) peakRssBytes = maxRss();
	}
	log('Server: /health during a 10 MB import preview…');
	const healthDuringImport = await measureHealthDuringImport();
	return {
		ingest,
		benchmarkQuery,
		healthDuringImport,
		peakRssBytes,
		peakRssWithMillionBytes: sizes.some((size) => size > 100_000) ? maxRss() : undefined
	};
}

// npm run bench: server figures against the budgets of DESIGN.md §10, printed (not asserted in
// tests, which would be flaky on shared machines). Ingest throughput through the real Hono app on
// an embedded libSQL file (WAL, synchronous=FULL), and the benchmark query at 10k and 100k responses.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentQuestionnaire, type SurveyResponse } from '../src/lib/survey/index.js';
import { createApp } from '../server/app.js';
import { openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { insertStatements } from '../server/services/responses.service.js';
import { BenchmarkService } from '../server/services/benchmark.service.js';
import { WavesService } from '../server/services/waves.service.js';

let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const pick = <T>(options: readonly T[]) => options[Math.floor(random() * options.length)]!;

function syntheticResponse(): SurveyResponse {
	const answers: Record<string, string | string[]> = {};
	for (const item of currentQuestionnaire.items) {
		if (random() < 0.05) continue;
		if (item.type === 'agree') answers[item.code] = pick(currentQuestionnaire.scales.agree5);
		else if (item.type === 'single') answers[item.code] = pick(item.options ?? []);
		else if (item.type === 'multi' && item.code !== 'role_model_who') answers[item.code] = [pick((item.options ?? []).filter((o) => o !== 'no_one'))];
	}
	const now = new Date().toISOString();
	return { id: randomUUID(), questionnaireVersion: currentQuestionnaire.version, mode: 'standard', locale: 'en-GB', startedAt: now, completedAt: now, answers };
}

async function freshDatabase() {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-bench-'));
	const database = openDatabase(`file:${join(dir, 'bench.db')}`);
	await migrateDatabase(database);
	await new WavesService(database).ensureCurrentWave();
	return { database, dir };
}

const rows: [string, string, string, string][] = [];
const report = (what: string, figure: string, budget: string, isMet: boolean) => rows.push([what, figure, budget, isMet ? 'met' : 'MISSED']);

// Ingest: batches of 100 through the API.
{
	const { database, dir } = await freshDatabase();
	const app = createApp({ database, rateLimit: { limit: 1e9 } });
	const batches = Array.from({ length: 100 }, () => Array.from({ length: 100 }, syntheticResponse));
	const started = performance.now();
	let accepted = 0;
	for (const batch of batches) {
		const answer = await app.request('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: batch }) });
		accepted += ((await answer.json()) as { accepted: string[] }).accepted.length;
	}
	const seconds = (performance.now() - started) / 1000;
	const stored = Number((await database.client.execute('SELECT count(*) AS n FROM responses')).rows[0]?.n);
	const rate = accepted / seconds;
	report('ingest, batches of 100 (10,000 responses)', `${rate.toFixed(0)} responses/s; stored ${stored} of ${accepted} acknowledged`, '≥ 2,000 responses/s, none lost', rate >= 2000 && stored === accepted);
	database.client.close();
	rmSync(dir, { recursive: true, force: true });
}

// Benchmark query: all items × one breakdown.
for (const size of [10_000, 100_000]) {
	const { database, dir } = await freshDatabase();
	const waves = new WavesService(database);
	const wave = (await waves.ensureCurrentWave()).id;
	await waves.create({ id: 'base', name: 'base', opensAt: null, closesAt: null, isBaseline: true, isIllustrative: false });
	for (let start = 0; start < size; start += 1000) {
		const chunk = Array.from({ length: Math.min(1000, size - start) }, syntheticResponse).map((response, index) => ({
			response,
			hash: response.id,
			receivedAt: response.completedAt,
			flags: [],
			waveId: (start + index) % 2 === 0 ? wave : 'base',
			source: 'survey' as const
		}));
		await database.client.batch(insertStatements(chunk), 'write');
	}
	await database.client.execute('ANALYZE');
	const service = new BenchmarkService(database, waves);
	const timings: number[] = [];
	for (let run = 0; run < 7; run++) {
		const started = performance.now();
		await service.report(wave, ['base'], 'care_experienced');
		timings.push(performance.now() - started);
	}
	timings.sort((a, b) => a - b);
	const median = timings[Math.floor(timings.length / 2)]!;
	report(`benchmark query, ${size.toLocaleString('en-GB')} responses, all items × care_experienced`, `${median.toFixed(0)} ms (median of 7)`, size === 100_000 ? '≤ 300 ms' : '–', size !== 100_000 || median <= 300);
	database.client.close();
	rmSync(dir, { recursive: true, force: true });
}

console.log(`\nBe Supported server benchmarks — ${new Date().toISOString()} — Node ${process.version}\n`);
const widths = [0, 1, 2, 3].map((column) => Math.max(...[['what', 'figure', 'budget', 'result'], ...rows].map((row) => row[column]!.length)));
for (const row of [['what', 'figure', 'budget', 'result'], ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
process.exitCode = rows.some((row) => row[3] === 'MISSED') ? 1 : 0;

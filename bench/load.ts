// npm run bench:load: 50 concurrent clients post batches of 100 responses for 60 s to the real
// server (production build, embedded libSQL file, WAL + synchronous=FULL) on 127.0.0.1, then check
// that the database holds exactly the acknowledged ids. Prints throughput, latency and errors.
//   --connections N  --seconds S  --batch B   to change the shape of the load.
// All clients share one address, so the public rate limit is lifted for the run
// (RATE_LIMIT_PER_MINUTE); in production each device has its own.
import autocannon from 'autocannon';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { startServer } from '../test/e2e/support/server.js';
import { syntheticResponses } from './synthetic.js';

const option = (name: string, fallback: number) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const connections = option('connections', 50);
const seconds = option('seconds', 60);
const batchSize = option('batch', 100);

await buildIfStale();
const server = await startServer({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '100000000' });
const nextResponse = syntheticResponses(42);
const acknowledged = new Set<string>();
/** Each client's batch in flight: the run ends with some unanswered, which a device would re-send. */
const inFlight = new Map<object, string>();
let duplicates = 0;
let rejected = 0;
let unreadable = 0;

console.log(
	`Load: ${connections} clients × batches of ${batchSize} for ${seconds} s against ${server.url} (production build)…`
);
const result = await autocannon({
	url: `${server.url}/api/v1/responses`,
	connections,
	duration: seconds,
	timeout: 30,
	requests: [
		{
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			// A fresh batch (new ids) for every request, as real devices send.
			setupRequest: (request, context) => {
				const body = JSON.stringify({
					responses: Array.from({ length: batchSize }, () => nextResponse())
				});
				inFlight.set(context, body);
				return { ...request, body };
			},
			onResponse: (status, body, context) => {
				if (status !== 200) return;
				inFlight.delete(context);
				try {
					const answer = JSON.parse(body) as {
						accepted: string[];
						duplicates: string[];
						rejected: unknown[];
					};
					for (const id of answer.accepted) acknowledged.add(id);
					duplicates += answer.duplicates.length;
					rejected += answer.rejected.length;
				} catch {
					unreadable += 1;
				}
			}
		}
	]
});

const acknowledgedDuringRun = acknowledged.size;
const serverPeakBytes = server.peakMemoryBytes();

// Batches whose answer the end of the run cut off are sent again, as a device would: the server
// must report the ones it already stored as duplicates, and store the rest.
let resentDuplicates = 0;
for (const body of inFlight.values()) {
	const answer = await fetch(`${server.url}/api/v1/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body
	});
	const ids = (await answer.json()) as { accepted: string[]; duplicates: string[] };
	for (const id of [...ids.accepted, ...ids.duplicates]) acknowledged.add(id);
	resentDuplicates += ids.duplicates.length;
}

// Stop the server first (a clean shutdown), then count what it stored.
await server.stopProcess();
const stored = await server.db.execute(
	'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM responses'
);
const storedRows = Number(stored.rows[0]?.n);
const storedIds = Number(stored.rows[0]?.ids);
const missing = (await server.db.execute('SELECT id FROM responses')).rows.reduce(
	(left, row) => (left.delete(String(row.id)), left),
	new Set(acknowledged)
).size;
const overall = await server.db.execute(
	"SELECT coalesce(sum(n), 0) AS n FROM group_totals WHERE group_item = ''"
);
await server.stop();

const elapsed = result.duration || seconds;
const rate = acknowledgedDuringRun / elapsed;
const errors = result.errors + result.timeouts + result.non2xx + unreadable;
const figures = {
	date: new Date().toISOString(),
	connections,
	seconds: elapsed,
	batchSize,
	requests: result.requests.total,
	responsesPerSecond: Math.round(rate),
	latencyP50Ms: result.latency.p50,
	latencyP99Ms: result.latency.p99,
	latencyMaxMs: result.latency.max,
	errors,
	non2xx: result.non2xx,
	acknowledged: acknowledged.size,
	resentAfterRun: inFlight.size,
	resentDuplicates,
	duplicates,
	rejected,
	storedRows,
	lost: missing,
	countedInBenchmark: Number(overall.rows[0]?.n),
	serverPeakMemoryMB: serverPeakBytes === null ? null : Math.round(serverPeakBytes / 1e6)
};
const checks: [string, string, boolean][] = [
	[
		'throughput',
		`${figures.responsesPerSecond} responses/s (${result.requests.average.toFixed(1)} batches/s)`,
		rate >= 2000
	],
	[
		'latency per batch',
		`p50 ${figures.latencyP50Ms} ms, p99 ${figures.latencyP99Ms} ms, max ${figures.latencyMaxMs} ms`,
		true
	],
	[
		'server memory',
		figures.serverPeakMemoryMB === null
			? 'not measurable here'
			: `peak ${figures.serverPeakMemoryMB} MB (RSS)`,
		true
	],
	[
		'errors',
		`${errors} (non-2xx ${result.non2xx}, connection errors ${result.errors}, timeouts ${result.timeouts})`,
		errors === 0
	],
	[
		'acknowledged vs stored',
		`${acknowledged.size} acknowledged, ${storedRows} rows (${storedIds} distinct ids), ${missing} acknowledged but missing; ${inFlight.size} batches cut off by the end of the run re-sent (${resentDuplicates} already stored)`,
		storedRows === acknowledged.size && storedIds === storedRows && missing === 0
	],
	[
		'benchmark counts',
		`${figures.countedInBenchmark} respondents counted in the pre-aggregated totals`,
		figures.countedInBenchmark === storedRows
	],
	[
		'refused',
		`${rejected} rejected, ${duplicates} duplicates (all ids were new and valid)`,
		rejected === 0 && duplicates === 0
	]
];
console.log(`\nBe Supported load benchmark — ${figures.date} — Node ${process.version}\n`);
for (const [what, figure, isMet] of checks)
	console.log(`${isMet ? 'met   ' : 'MISSED'}  ${what.padEnd(24)} ${figure}`);
console.log('\nTargets: ≥ 2,000 responses/s, zero errors, zero lost (issue 6).');
console.log(`JSON: ${JSON.stringify(figures)}`);
process.exitCode = checks.every(([, , isMet]) => isMet) ? 0 : 1;

// npm run bench: builds the app and the peers, measures all three on an emulated low-end phone in
// one run, adds the server figures, prints everything against the budgets (`budgets` below) and writes
// bench/RESULTS.md. npm run bench:check does the same and exits non-zero when a budget is missed.
//   --runs N     fresh phones per site (default 5; the median is reported)
//   --quick      skip the 1,000,000-response benchmark query (the slowest part)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { currentQuestionnaire } from '#survey';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { launchBrowser } from '../test/e2e/support/browser.js';
import {
	LOW_END_PHONE,
	PHONE_LINK,
	RETAP_MS,
	median,
	measureSite,
	type SiteFigures,
	type VisitFigures
} from './client/measure.js';
import { serveStatic } from './client/static-server.js';
import { measureSyncBurst, type SyncBurstFigures } from './client/sync-burst.js';
import { PEERS, ourTarget, peerTarget, type BenchTarget } from './client/targets.js';
import { measureServer, type ServerFigures } from './server-figures.js';

const isCheck = process.argv.includes('--check');
const isQuick = process.argv.includes('--quick');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;

function newestMtime(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path)
		.filter((name) => name !== 'node_modules' && name !== 'dist')
		.reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Each peer has its own package.json; the root npm install never installs it. */
function buildPeer(dir: string): void {
	const dist = join(dir, 'dist', 'index.html');
	if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(dir)) return;
	console.log(`Building ${dir} (npm ci && npm run build)…`);
	for (const args of [
		['ci', '--no-audit', '--no-fund'],
		['run', 'build']
	]) {
		const result = spawnSync('npm', args, { cwd: dir, stdio: 'inherit' });
		if (result.status !== 0) throw new Error(`${dir}: npm ${args.join(' ')} failed`);
	}
}

const packageVersion = (name: string, from = '.') =>
	(
		JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;

// ---- build ----
await buildIfStale();
for (const key of PEERS) buildPeer(join('bench', 'peers', key));
const targets: BenchTarget[] = [ourTarget(currentQuestionnaire.version), ...PEERS.map(peerTarget)];

// ---- measure the sites ----
const browser = await launchBrowser({ isolateFromInternet: true });
const chromiumVersion = browser.version();
const figures = new Map<string, SiteFigures[]>();
for (const target of targets) {
	const site = await serveStatic(target.root, PHONE_LINK);
	const results: SiteFigures[] = [];
	for (let run = 1; run <= runs; run++) {
		process.stdout.write(`Measuring ${target.name}, phone ${run} of ${runs}…\n`);
		results.push(await measureSite(browser, site, target));
	}
	figures.set(target.key, results);
	await site.close();
}
console.log('Measuring 1,000 responses queued offline on a tablet, then synced…');
const burst: SyncBurstFigures = await measureSyncBurst(browser);
await browser.close();
const server: ServerFigures = await measureServer(
	isQuick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
);

// ---- summarise (median of the runs) ----
type VisitKey = 'cold' | 'repeat' | 'offline';
const visitMedian = (
	key: string,
	visit: VisitKey,
	pick: (figures: VisitFigures) => number
): number | null => {
	const values = figures
		.get(key)!
		.map((run) => run[visit])
		.filter((v): v is VisitFigures => v !== null)
		.map(pick);
	return values.length === figures.get(key)!.length ? median(values) : null;
};
const siteMedian = (key: string, pick: (figures: SiteFigures) => number | null): number | null => {
	const values = figures.get(key)!.map(pick);
	return values.every((value) => value !== null) ? median(values as number[]) : null;
};

// KB = 1,000 bytes, as the budgets are checked (60 KB = 60,000 bytes).
const KB = (bytes: number | null) => (bytes === null ? '–' : `${(bytes / 1000).toFixed(1)} KB`);
const MS = (ms: number | null) => (ms === null ? '–' : `${Math.round(ms)} ms`);
const N = (n: number | null) => (n === null ? '–' : String(Math.round(n)));
const MB = (bytes: number | null) => (bytes === null ? '–' : `${(bytes / 1e6).toFixed(1)} MB`);

interface Row {
	what: string;
	values: Record<string, number | null>;
	format: (value: number | null) => string;
	/** Lower is better for every figure here; ratios are ours ÷ theirs. */
	isRatio: boolean;
	note?: string;
}
const rows: Row[] = [
	{ what: 'first question usable, cold visit', values: {}, format: MS, isRatio: true },
	{ what: '  of which: our Start button first painted', values: {}, format: MS, isRatio: false },
	{ what: 'JS before the first question (as sent: brotli)', values: {}, format: KB, isRatio: true },
	{ what: 'JS files before the first question', values: {}, format: N, isRatio: true },
	{ what: 'bytes sent, cold visit (all, incl. precache)', values: {}, format: KB, isRatio: true },
	{ what: 'requests, cold visit', values: {}, format: N, isRatio: true },
	{ what: 'JS heap at the first question', values: {}, format: MB, isRatio: true },
	{ what: 'first question usable, repeat visit', values: {}, format: MS, isRatio: true },
	{ what: 'bytes sent, repeat visit', values: {}, format: KB, isRatio: true },
	{ what: 'requests, repeat visit', values: {}, format: N, isRatio: true },
	{ what: 'first question usable, offline repeat visit', values: {}, format: MS, isRatio: false },
	{ what: 'next question shown after Next', values: {}, format: MS, isRatio: true },
	{ what: 'precache (kept for offline use)', values: {}, format: KB, isRatio: false },
	{
		what: 'dead taps, cold: Start painted → first tap that works',
		values: {},
		format: MS,
		isRatio: false
	},
	{ what: 'taps on Start, cold visit', values: {}, format: N, isRatio: false },
	{
		what: 'dead taps, repeat: Start painted → first tap that works',
		values: {},
		format: MS,
		isRatio: false
	}
];
for (const { key } of targets) {
	const set = (index: number, value: number | null) => (rows[index]!.values[key] = value);
	set(
		0,
		visitMedian(key, 'cold', (v) => v.firstQuestionMs)
	);
	set(1, key === 'ours' ? visitMedian(key, 'cold', (v) => v.stepsMs.welcome ?? 0) : null);
	set(
		2,
		visitMedian(key, 'cold', (v) => v.jsBytesBeforeFirstQuestion)
	);
	set(
		3,
		visitMedian(key, 'cold', (v) => v.jsFilesBeforeFirstQuestion)
	);
	set(
		4,
		visitMedian(key, 'cold', (v) => v.bytes)
	);
	set(
		5,
		visitMedian(key, 'cold', (v) => v.requests)
	);
	set(
		6,
		visitMedian(key, 'cold', (v) => v.jsHeapBytes)
	);
	set(
		7,
		visitMedian(key, 'repeat', (v) => v.firstQuestionMs)
	);
	set(
		8,
		visitMedian(key, 'repeat', (v) => v.bytes)
	);
	set(
		9,
		visitMedian(key, 'repeat', (v) => v.requests)
	);
	set(
		10,
		visitMedian(key, 'offline', (v) => v.firstQuestionMs)
	);
	set(
		11,
		siteMedian(key, (site) => site.nextQuestionMs)
	);
	set(
		12,
		siteMedian(key, (site) => site.precacheBytes)
	);
	const deadTaps = (v: VisitFigures) => (v.stepsMs.welcomeTap ?? NaN) - (v.stepsMs.welcome ?? NaN);
	set(13, key === 'ours' ? visitMedian(key, 'cold', deadTaps) : null);
	set(14, key === 'ours' ? visitMedian(key, 'cold', (v) => v.stepsMs.welcomeTaps ?? NaN) : null);
	set(15, key === 'ours' ? visitMedian(key, 'repeat', deadTaps) : null);
}

const ours = (index: number) => rows[index]!.values.ours ?? null;
const query100k = server.benchmarkQuery.find((entry) => entry.responses === 100_000)!;
const budgets: [string, string, string, boolean][] = [
	[
		'JS shipped before the first question (as sent: brotli)',
		KB(ours(2)),
		'≤ 70 KB',
		(ours(2) ?? Infinity) <= 70_000
	],
	[
		'first question usable, low-end phone, cold (Start tapped from first paint)',
		MS(ours(0)),
		'≤ 1.0 s',
		(ours(0) ?? Infinity) <= 1000
	],
	['first question usable, repeat visit', MS(ours(7)), '≤ 0.45 s', (ours(7) ?? Infinity) <= 450],
	[
		'dead taps, cold: Start painted → first tap that works',
		MS(ours(13)),
		'< 100 ms',
		(ours(13) ?? Infinity) < 100
	],
	['dead taps, repeat visit', MS(ours(15)), '< 100 ms', (ours(15) ?? Infinity) < 100],
	['first question usable, offline', MS(ours(10)), '≤ 0.5 s', (ours(10) ?? Infinity) <= 500],
	['moving to the next question', MS(ours(11)), '≤ 100 ms', (ours(11) ?? Infinity) <= 100],
	[
		'whole precache (app, symbols, fonts, languages)',
		KB(ours(12)),
		'≤ 1.5 MB',
		(ours(12) ?? Infinity) <= 1_500_000
	],
	[
		'ingest, embedded libSQL, batches of 100',
		`${server.ingest.responsesPerSecond} responses/s (${server.ingest.stored} of ${server.ingest.responses} stored)`,
		'≥ 2,000 responses/s',
		server.ingest.responsesPerSecond >= 2000 && server.ingest.stored === server.ingest.responses
	],
	[
		'benchmark query, 100,000 responses, all items × one breakdown',
		`${Math.round(query100k.msMedian)} ms (median of 9)`,
		'≤ 300 ms',
		query100k.msMedian <= 300
	],
	[
		'1,000 responses queued offline on a tablet, then synced',
		`${burst.seconds.toFixed(1)} s; ${burst.stored} stored, ${burst.lost} lost, ${burst.duplicatesStored} duplicated`,
		'≤ 15 s, none lost, none duplicated',
		burst.seconds <= 15 &&
			burst.lost === 0 &&
			burst.duplicatesStored === 0 &&
			burst.stored === burst.queued
	],
	...PEERS.flatMap((peer): [string, string, string, boolean][] => {
		const name = targets.find((target) => target.key === peer)!.name.split(' (')[0]!;
		const js = rows[2]!.values[peer] ?? null;
		const first = rows[0]!.values[peer] ?? null;
		return [
			[
				`less JS than ${name}`,
				`${KB(ours(2))} vs ${KB(js)}`,
				'less',
				ours(2) !== null && js !== null && ours(2)! < js
			],
			[
				`first question sooner than ${name}`,
				`${MS(ours(0))} vs ${MS(first)}`,
				'sooner',
				ours(0) !== null && first !== null && ours(0)! < first
			]
		];
	})
];

// ---- print ----
const table = (header: string[], body: string[][]) => {
	const widths = header.map((_, column) =>
		Math.max(...[header, ...body].map((row) => row[column]!.length))
	);
	return [header, ...body]
		.map((row) =>
			row
				.map((cell, column) => cell.padEnd(widths[column]!))
				.join('  ')
				.trimEnd()
		)
		.join('\n');
};
const ratio = (row: Row, peer: string) => {
	const mine = row.values.ours ?? null;
	const theirs = row.values[peer] ?? null;
	return row.isRatio && mine !== null && theirs !== null && theirs > 0
		? `${(mine / theirs).toFixed(2)}×`
		: '–';
};
const siteHeader = [
	'',
	...targets.map((target) => target.name),
	...PEERS.map((peer) => `ours ÷ ${peer}`)
];
const siteBody = rows.map((row) => [
	row.what,
	...targets.map((target) => row.format(row.values[target.key] ?? null)),
	...PEERS.map((peer) => ratio(row, peer))
]);
const budgetHeader = ['what (issues 7 and 15)', 'figure', 'budget', 'result'];
const budgetBody = budgets.map(([what, figure, budget, isMet]) => [
	what,
	figure,
	budget,
	isMet ? 'met' : 'MISSED'
]);
const serverBody = [
	[
		'ingest through the API, 100 batches of 100, one after another',
		`${server.ingest.responsesPerSecond} responses/s, median ${Math.round(server.ingest.batchMsMedian)} ms a batch`
	],
	...server.benchmarkQuery.map((entry) => [
		`benchmark query, ${entry.responses.toLocaleString('en-GB')} responses`,
		`median ${entry.msMedian.toFixed(1)} ms, slowest ${entry.msMax.toFixed(1)} ms (9 runs)`
	]),
	...server.benchmarkQuery.flatMap((entry) =>
		entry.twoWayMsMedian === undefined
			? []
			: [
					[
						`the same breakdown within filter=mode:standard (two-way), ${entry.responses.toLocaleString('en-GB')} responses`,
						`median ${entry.twoWayMsMedian.toFixed(1)} ms (3 runs)`
					]
				]
	),
	[
		`/api/v1/health while a ${MB(server.healthDuringImport.fileBytes)} import is previewed`,
		`median ${server.healthDuringImport.healthMsMedian.toFixed(1)} ms, p99 ${server.healthDuringImport.healthMsP99.toFixed(1)} ms, slowest ${server.healthDuringImport.healthMsMax.toFixed(1)} ms (${server.healthDuringImport.healthRequests} probes; preview ${Math.round(server.healthDuringImport.previewMs)} ms; reading the file at once would hold the server ${Math.round(server.healthDuringImport.blockingParseMs)} ms)`
	],
	['peak memory (RSS) of the process, ingest and queries up to 100,000', MB(server.peakRssBytes)],
	...(server.peakRssWithMillionBytes
		? [
				[
					'peak memory (RSS) with the 1,000,000-response database',
					MB(server.peakRssWithMillionBytes)
				]
			]
		: [])
];
const date = new Date();
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB, ${osType()} ${release()}`;
const emulation = `${LOW_END_PHONE.viewport.width}×${LOW_END_PHONE.viewport.height}, ${LOW_END_PHONE.cpuSlowdown}× CPU slowdown, ${LOW_END_PHONE.downloadBitsPerSecond / 1e6} Mbps down / ${LOW_END_PHONE.uploadBitsPerSecond / 1e3} kbps up / ${LOW_END_PHONE.roundTripMs} ms round trip`;
console.log(
	`\nBe Supported benchmarks — ${date.toISOString()} — Node ${process.version}, Chromium ${chromiumVersion}\n${machine}\nPhone: ${emulation}; median of ${runs} fresh phones per site\n`
);
console.log(table(siteHeader, siteBody));
console.log(`\n${table(['server', 'figure'], serverBody)}`);
console.log(`\n${table(budgetHeader, budgetBody)}\n`);

// ---- RESULTS.md ----
const markdown = (header: string[], body: string[][]) =>
	[
		`| ${header.join(' | ')} |`,
		`|${header.map(() => '---').join('|')}|`,
		...body.map((row) => `| ${row.map((cell) => cell.trim() || ' ').join(' | ')} |`)
	].join('\n');
const versions = [
	`Be Supported questionnaire ${currentQuestionnaire.version}: svelte ${packageVersion('svelte')}, @sveltejs/kit ${packageVersion('@sveltejs/kit')}, workbox ${packageVersion('workbox-precaching')}, i18next ${packageVersion('i18next')}, idb ${packageVersion('idb')}`,
	...PEERS.map((peer) => {
		const target = peerTarget(peer);
		return `${target.name}: ${Object.entries(target.packages)
			.map(([name, version]) => `${name} ${version}`)
			.join(', ')}`;
	}),
	`Node ${process.version}, Chromium ${chromiumVersion}, @libsql/client ${packageVersion('@libsql/client')}`
];
const resultsPath = join('bench', 'RESULTS.md');
// Formatted as the rest of the repository is (npm test checks it with Prettier).
const formatResults = async (text: string) =>
	format(text, { ...(await resolveConfig(resultsPath)), filepath: resultsPath });
writeFileSync(
	resultsPath,
	await formatResults(`# Benchmark results

Written by \`npm run bench\` on ${date.toISOString().slice(0, 10)} (${date.toISOString()}). Re-run it to refresh this file.

- Machine: ${machine}
- Phone emulated in headless Chromium: ${emulation}. Median of ${runs} fresh phones per site.
- All three sites are served by the same static server (\`bench/client/static-server.ts\`) with the same
  compression (brotli quality 11 when the browser accepts it, as \`adapter-static\`'s precompress writes it
  for our build and our server sends it; gzip level 9 otherwise) and cache rules. The server also plays the phone's link (download speed and round trip) for
  every request, the service worker's included, which Chromium's own network emulation does not reach;
  Chromium slows the CPU and the upload. Requests to other hosts are refused (SurveyJS's theme asks Google
  Fonts for Open Sans; a real phone would also download it).
- Versions: ${versions.join('; ')}.
- The peers render the same questionnaire (the agree items, the three multi-select items and the free-text
  item) as described in \`bench/peers/README.md\`. ODK Web Forms 0.22.0 cannot page: all questions are on one
  page, so it has no "next question" figure. Our "first question" includes the welcome page that comes
  before it (what the survey is, that it is anonymous and voluntary), which the peers do not have.

## Phone figures

${markdown(siteHeader, siteBody)}

"Bytes sent" counts every byte the server sent during the visit, including what the service worker downloads
for offline use after the first screen. "JS before the first question" counts the compressed JavaScript the
server had sent for the page's own scripts when the first question became usable (each file once, over every
page of the visit; the service worker's downloads for offline use are not counted). A "repeat visit" opens the
site again on the same phone.

Our cold and repeat visits are timed as a person would go: the Start button is tapped the moment it is first
painted (before the app's script may have run) and tapped again every ${RETAP_MS} ms while nothing happens. A tap
"works" when it starts a navigation or the app takes it (ours: a tap before the app has run is kept by a small
inline script, which marks the button busy, and the app starts the survey with it as soon as it runs). "Dead
taps" is the time from Start first painted to the first tap that works; "first question usable" needs the app
running on the question page with the survey started (answerable).

## Server figures

${markdown(['server', 'figure'], serverBody)}

## Budgets

${markdown(budgetHeader, budgetBody)}

Earlier runs, and what changed between them: \`bench/HISTORY.md\`.
`)
);
console.log('Wrote bench/RESULTS.md');
const misses = budgets.filter(([, , , isMet]) => !isMet);
if (isCheck && misses.length > 0) {
	console.error(`${misses.length} budget(s) missed: ${misses.map(([what]) => what).join('; ')}`);
	process.exitCode = 1;
}

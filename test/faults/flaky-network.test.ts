/**
 * Fault: a flaky network between the device and the server.
 *
 * The real client sync code (SyncEngine over a fresh fake-indexeddb outbox) talks to the REAL app
 * (createApp on a real embedded libSQL file) through a fetch wrapper that, with a seeded random:
 * aborts 30% of requests before they reach the server, drops the answer of 15% after the server
 * has committed them (lost acknowledgement), answers 503 with Retry-After (10%) or a bare 500 (5%),
 * delays 15%, and holds 5% past the device's time limit while the server commits them (shuffled
 * decks of 20 outcomes, so every kind happens in every run). Timers are injected (the test fires them) so backoff costs no real time.
 *
 * Then: the outbox is empty, the server holds every id exactly once, nothing was moved to
 * `rejected`, and each delay the engine chose was its exponential, fully jittered backoff for
 * that many failures in a row (or the server's Retry-After), never above the 5-minute cap.
 * Also: while the server answers only 503, no entry leaves the outbox and the engine says
 * waiting_to_retry (never idle, which the UI shows as "all sent") until the server recovers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS,
	SyncEngine,
	type SyncSnapshot
} from '../../src/lib/offline/index.js';
import { ManualTimers, freshOutbox, sentBatch } from '../offline/support.js';
import {
	appOnFile,
	consistencyProblems,
	pickSeed,
	seededRandom,
	sleep,
	storedIds,
	variedBatch,
	type BatchAnswer,
	type Random
} from './support.js';

type Outcome = 'aborted' | 'lost_ack' | '503' | '500' | 'delayed' | 'timeout' | 'ok';

/** A fetch to the app that fails the way real networks and proxies do, chosen by `plan`. */
function faultyFetch(
	app: Awaited<ReturnType<typeof appOnFile>>['app'],
	plan: () => Outcome,
	random: Random
) {
	const log: { outcome: Outcome; retryAfterMs?: number; ids: string[]; answer?: BatchAnswer }[] =
		[];
	const fetch = async (input: string, init: RequestInit): Promise<Response> => {
		const ids = sentBatch(init).responses.map((r) => r.id);
		const outcome = plan();
		const entry: (typeof log)[number] = { outcome, ids };
		log.push(entry);
		switch (outcome) {
			case 'aborted':
				throw new TypeError('Failed to fetch (injected: dropped before the server)');
			case '503': {
				const seconds = 1 + Math.floor(random() * 30);
				entry.retryAfterMs = seconds * 1000;
				return Response.json(
					{ error: { code: 'unavailable', message: 'injected' } },
					{ status: 503, headers: { 'retry-after': String(seconds) } }
				);
			}
			case '500':
				return Response.json(
					{ error: { code: 'internal_error', message: 'injected' } },
					{ status: 500 }
				);
			case 'lost_ack': {
				const answer = await app.request(input, init);
				entry.answer = (await answer.json()) as BatchAnswer; // the server committed ...
				throw new TypeError('network connection was lost (injected: answer dropped)'); // ... the device never hears it
			}
			case 'timeout': {
				// The server gets it and commits, but the answer is slower than the device's time limit.
				const answer = app.request(input, init);
				await new Promise((resolve) =>
					init.signal?.addEventListener('abort', resolve, { once: true })
				);
				entry.answer = (await (await answer).json()) as BatchAnswer;
				throw init.signal?.reason ?? new DOMException('The operation was aborted', 'AbortError');
			}
			case 'delayed':
				await sleep(Math.floor(random() * 25));
		}
		const answer = await app.request(input, init);
		const text = await answer.text();
		if (answer.status === 200) entry.answer = JSON.parse(text) as BatchAnswer;
		return new Response(text, { status: answer.status, headers: answer.headers });
	};
	return { fetch, log };
}

interface Backoff {
	failures: number;
	ms: number;
	draw: number;
	retryAfterMs?: number;
}

/** A random stream that remembers what it gave, to see the jitter the engine drew. */
function recorded(random: Random) {
	const draws: number[] = [];
	return { draws, random: () => draws[draws.push(random()) - 1]! };
}

/**
 * Each delay is a random share (the engine's own draw) of a ceiling that doubles with every failure
 * in a row from BACKOFF_BASE_MS and stops at the 5-minute cap, or the server's longer Retry-After.
 */
function expectCappedExponentialJitter(delays: Backoff[]) {
	for (const { failures, ms, draw, retryAfterMs } of delays) {
		const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
		expect(ms).toBeLessThanOrEqual(BACKOFF_CAP_MS);
		expect(ms).toBeGreaterThan(0);
		if (retryAfterMs !== undefined && ms === retryAfterMs) continue; // the server asked for longer
		expect(ms).toBeLessThanOrEqual(ceiling);
		if (ms > 250)
			expect(
				Math.abs(ms - draw * ceiling),
				`failure ${failures}: ${ms} ms is not ${draw} × ${ceiling}`
			).toBeLessThanOrEqual(1);
	}
	// Jitter: not simply the ceiling every time.
	expect(
		delays.filter(
			({ failures, ms }) =>
				ms < 0.9 * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1))
		).length
	).toBeGreaterThan(0);
}

describe('fault: flaky network between the real sync engine and the real server', () => {
	const cleanups: (() => void)[] = [];
	afterEach(() => {
		for (const cleanup of cleanups.splice(0)) cleanup();
	});

	it('delivers 1,000 queued responses exactly once, with capped exponential backoff and jitter', async () => {
		const seed = pickSeed('flaky-network');
		const random = seededRandom(seed);
		const server = await appOnFile();
		cleanups.push(server.cleanup);
		const { outbox } = await freshOutbox();
		const responses = variedBatch(random, 1000);
		for (const response of responses) await outbox.add(response);

		// Outcomes dealt from shuffled decks of 20, so every 20 requests hold exactly these shares.
		const network = seededRandom(seed ^ 0x5eed);
		const DECK: Outcome[] = [
			...Array(6).fill('aborted'),
			...Array(3).fill('lost_ack'),
			'503',
			'503',
			'500',
			...Array(3).fill('delayed'),
			'timeout',
			...Array(3).fill('ok')
		];
		let deck: Outcome[] = [];
		const deal = () => {
			if (deck.length === 0)
				deck = [...DECK]
					.map((outcome) => [network(), outcome] as const)
					.sort(([a], [b]) => a - b)
					.map(([, outcome]) => outcome);
			return deck.pop()!;
		};
		const { fetch, log } = faultyFetch(server.app, deal, network);
		const timers = new ManualTimers();
		const { draws, random: engineRandom } = recorded(seededRandom(seed ^ 0xbac0ff));
		const engine = new SyncEngine({
			outbox,
			fetch,
			batchSize: 50, // more requests, so more faults, for the same 1,000 responses
			requestTimeoutMs: 150,
			random: engineRandom,
			setTimeout: timers.setTimeout,
			clearTimeout: timers.clearTimeout,
			isOnline: () => true
		});

		// Drive the engine: one pass, then fire the retry timer it set, until the outbox is empty.
		const delays: Backoff[] = [];
		let failuresInRow = 0;
		for (let pass = 0; pass < 400; pass++) {
			const requestsBefore = log.length;
			await engine.syncNow();
			if (engine.snapshot.state === 'idle') break;
			expect(engine.snapshot.state).toBe('waiting_to_retry');
			failuresInRow++;
			expect(timers.pending, 'exactly one retry timer after a failed pass').toHaveLength(1);
			const last = log.at(-1)!;
			expect(log.length).toBeGreaterThan(requestsBefore);
			delays.push({
				failures: failuresInRow,
				ms: timers.pending[0]!.ms,
				draw: draws.at(-1)!,
				retryAfterMs: last.outcome === '503' ? last.retryAfterMs : undefined
			});
			timers.pending.shift()!.callback(); // the timer fires: the engine starts its next pass
		}

		expect(await outbox.count()).toBe(0);
		expect(await outbox.rejectedCount()).toBe(0);
		expect(engine.snapshot).toMatchObject({ state: 'idle', waiting: 0, rejected: 0 });

		const stored = await storedIds(server.database.client);
		expect(stored.size).toBe(1000);
		expect(responses.filter((r) => !stored.has(r.id))).toEqual([]);
		expect(await consistencyProblems(server.database.client)).toEqual([]);

		// The faults really happened, and lost acknowledgements came back as duplicates.
		const count = (outcome: Outcome) => log.filter((entry) => entry.outcome === outcome).length;
		console.log(
			`[faults] flaky-network: ${log.length} requests (${['aborted', 'lost_ack', '503', '500', 'delayed', 'timeout', 'ok'].map((o) => `${o} ${count(o as Outcome)}`).join(', ')}), ${delays.length} backoffs, longest ${Math.max(...delays.map((d) => d.ms))} ms`
		);
		for (const outcome of ['aborted', 'lost_ack', '503', '500', 'timeout'] as const)
			expect(count(outcome)).toBeGreaterThan(0);
		const duplicates = log.flatMap((entry) => entry.answer?.duplicates ?? []);
		expect(duplicates.length).toBeGreaterThan(0);
		const lostAckIds = new Set(
			log
				.filter((entry) => entry.outcome === 'lost_ack' || entry.outcome === 'timeout')
				.flatMap((entry) => entry.answer?.accepted ?? [])
		);
		expect(duplicates.filter((id) => lostAckIds.has(id)).length).toBeGreaterThan(0);

		expect(delays.length).toBeGreaterThanOrEqual(3);
		expectCappedExponentialJitter(delays);
	}, 60_000);

	it('keeps every entry and says waiting_to_retry (never idle) while the server answers only 503', async () => {
		const seed = pickSeed('flaky-network 503 outage');
		const random = seededRandom(seed);
		const server = await appOnFile();
		cleanups.push(server.cleanup);
		const { outbox } = await freshOutbox();
		const responses = variedBatch(random, 250);
		for (const response of responses) await outbox.add(response);

		let isDown = true;
		const { fetch, log } = faultyFetch(server.app, () => (isDown ? '503' : 'ok'), random);
		const timers = new ManualTimers();
		const { draws, random: engineRandom } = recorded(seededRandom(seed ^ 0xbac0ff));
		const engine = new SyncEngine({
			outbox,
			fetch,
			random: engineRandom,
			setTimeout: timers.setTimeout,
			clearTimeout: timers.clearTimeout,
			isOnline: () => true
		});
		const snapshots: SyncSnapshot[] = [];
		engine.subscribe((snapshot) => snapshots.push(snapshot));

		const OUTAGE = 14; // long enough for the ceiling to reach the cap (after 9 failures)
		const delays: Backoff[] = [];
		await engine.syncNow();
		for (let failures = 1; failures <= OUTAGE; failures++) {
			expect(await outbox.count()).toBe(250);
			expect(engine.snapshot).toMatchObject({ state: 'waiting_to_retry', waiting: 250 });
			expect(timers.pending).toHaveLength(1);
			delays.push({
				failures,
				ms: timers.pending[0]!.ms,
				draw: draws.at(-1)!,
				retryAfterMs: log.at(-1)!.retryAfterMs
			});
			if (failures === OUTAGE) break;
			timers.pending.shift()!.callback();
			await engine.syncNow();
		}
		expect(log.length).toBe(OUTAGE); // one request per backoff window
		expectCappedExponentialJitter(delays);
		expect(
			delays.filter(({ failures, ms, retryAfterMs }) => failures >= 9 && ms !== retryAfterMs).length
		).toBeGreaterThan(0);
		expect(snapshots.length).toBeGreaterThan(0);
		expect(
			snapshots.filter((snapshot) => snapshot.state === 'idle' || snapshot.waiting !== 250)
		).toEqual([]);
		expect((await storedIds(server.database.client)).size).toBe(0);

		isDown = false;
		const during = snapshots.length;
		timers.pending.shift()!.callback();
		await engine.syncNow();
		expect(await outbox.count()).toBe(0);
		expect(engine.snapshot).toMatchObject({ state: 'idle', waiting: 0 });
		expect(snapshots.slice(during).some((snapshot) => snapshot.state === 'idle')).toBe(true);
		expect((await storedIds(server.database.client)).size).toBe(250);
	});
});

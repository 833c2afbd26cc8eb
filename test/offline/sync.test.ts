import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	BACKOFF_CAP_MS,
	SyncEngine,
	backoffDelay,
	syncOutboxOnce,
	type SyncSnapshot
} from '../../src/lib/offline/index.js';
import { testApp } from '../server/helpers.js';
import {
	FakeServer,
	ManualTimers,
	aResponse,
	freshOutbox,
	sentBatch,
	sentEncoding
} from './support.js';

async function setup(count: number, options: { online?: boolean; random?: () => number } = {}) {
	const { outbox } = await freshOutbox();
	const responses = Array.from({ length: count }, () => aResponse());
	for (const response of responses) await outbox.add(response);
	const server = new FakeServer();
	const timers = new ManualTimers();
	let isOnline = options.online ?? true;
	const snapshots: SyncSnapshot[] = [];
	const engine = new SyncEngine({
		outbox,
		fetch: server.fetch,
		random: options.random ?? (() => 1),
		setTimeout: timers.setTimeout,
		clearTimeout: timers.clearTimeout,
		isOnline: () => isOnline
	});
	engine.subscribe((snapshot) => snapshots.push(snapshot));
	return {
		outbox,
		responses,
		server,
		timers,
		engine,
		snapshots,
		goOnline: () => (isOnline = true)
	};
}

describe('sync', () => {
	it('sends 250 responses in batches of at most 100 and empties the outbox', async () => {
		const { outbox, server, engine, responses } = await setup(250);
		await engine.syncNow();
		expect(server.requests.map((ids) => ids.length)).toEqual([100, 100, 50]);
		expect(await outbox.count()).toBe(0);
		expect([...server.stored.keys()].sort()).toEqual(responses.map((r) => r.id).sort());
	});

	it('removes only the ids the server acknowledged', async () => {
		const { outbox, responses } = await setup(3);
		let requests = 0;
		const engine = new SyncEngine({
			outbox,
			// The first answer acknowledges only the first id (and one it was never sent); then the network drops.
			fetch: async (_url, init) => {
				if (requests++ > 0) throw new TypeError('Failed to fetch');
				const ids = sentBatch(init).responses.map((r) => r.id);
				return Response.json({
					accepted: [ids[0], 'not-sent-by-this-device'],
					duplicates: [],
					rejected: []
				});
			},
			setTimeout: () => 0,
			clearTimeout: () => undefined
		});
		await engine.syncNow();
		const sent = (await outbox.take(10)).map((entry) => entry.id);
		const firstSent = responses.map((r) => r.id).filter((id) => !sent.includes(id));
		expect(sent).toHaveLength(2);
		expect(firstSent).toHaveLength(1);
	});

	it('counts duplicates as acknowledged and stores nothing twice after a lost acknowledgement', async () => {
		const { outbox, server, engine, timers } = await setup(5);
		server.plan = ['lost_ack'];
		await engine.syncNow();
		expect(server.stored.size).toBe(5);
		expect(await outbox.count()).toBe(5);
		expect(timers.pending).toHaveLength(1);
		await engine.syncNow();
		expect(await outbox.count()).toBe(0);
		expect(server.stored.size).toBe(5);
	});

	it('moves refused responses (including conflicts) aside and does not send them again', async () => {
		const { outbox, server, engine } = await setup(0);
		const bad = { ...aResponse(), answers: { feel_believed: 'INVALID' } };
		const good = aResponse();
		await outbox.add(bad);
		await outbox.add(good);
		await engine.syncNow();
		await engine.syncNow();
		expect(await outbox.count()).toBe(0);
		expect(await outbox.rejectedCount()).toBe(1);
		expect(server.requests.flat().filter((id) => id === bad.id)).toHaveLength(1);
		expect(engine.snapshot.rejected).toBe(1);
	});

	it('backs off exponentially with jitter, capped at 5 minutes, and keeps everything meanwhile', async () => {
		const { outbox, server, engine, timers } = await setup(2);
		server.plan = Array.from({ length: 12 }, () => 503);
		await engine.syncNow();
		const delays: number[] = [timers.lastDelay()!];
		for (let attempt = 0; attempt < 10; attempt++) {
			// As if the retry timer had fired: each attempt replaces the pending timer.
			await engine.syncNow();
			expect(timers.pending).toHaveLength(1);
			delays.push(timers.lastDelay()!);
		}
		expect(delays.slice(0, 5)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
		expect(Math.max(...delays)).toBe(BACKOFF_CAP_MS);
		expect(await outbox.count()).toBe(2);
		expect(engine.snapshot.state).toBe('waiting_to_retry');
	});

	it('uses full jitter between 0 and the ceiling', () => {
		expect(backoffDelay(3, () => 0.5)).toBe(4_000);
		expect(backoffDelay(30, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
		expect(backoffDelay(1, () => 0)).toBeGreaterThan(0);
	});

	it('honours Retry-After when it is longer than the backoff', async () => {
		const { server, engine, timers } = await setup(1);
		server.plan = [429];
		server.retryAfter = '120';
		await engine.syncNow();
		expect(timers.lastDelay()).toBe(120_000);
	});

	it('caps Retry-After at the same 5 minutes as the backoff', async () => {
		const { server, engine, timers } = await setup(1);
		server.plan = [503];
		server.retryAfter = '3600';
		await engine.syncNow();
		expect(timers.lastDelay()).toBe(BACKOFF_CAP_MS);
	});

	it('halves the batch when the server says it is too large', async () => {
		const { outbox, server, engine } = await setup(8);
		const small = new SyncEngine({
			outbox,
			fetch: server.fetch,
			batchSize: 8,
			setTimeout: () => 0,
			clearTimeout: () => undefined
		});
		server.plan = [413, 413];
		await small.syncNow();
		expect(server.requests.map((ids) => ids.length)).toEqual([8, 4, 2, 2, 2, 2]);
		expect(await outbox.count()).toBe(0);
		void engine;
	});

	it('sends each response once when syncNow is called twice at the same time', async () => {
		const { server, engine } = await setup(30);
		await Promise.all([engine.syncNow(), engine.syncNow(), engine.syncNow()]);
		expect(server.requests.flat()).toHaveLength(30);
	});

	it('waits while offline, and sends as soon as the browser is online again', async () => {
		const { outbox, server, engine, goOnline, snapshots } = await setup(2, { online: false });
		await engine.syncNow();
		expect(server.requests).toHaveLength(0);
		expect(engine.snapshot).toMatchObject({ state: 'offline', waiting: 2 });
		goOnline();
		engine.notifyOnline();
		await engine.syncNow();
		expect(await outbox.count()).toBe(0);
		expect(snapshots.at(-1)).toMatchObject({ state: 'idle', waiting: 0 });
	});

	it('reports honest counts: waiting while a network error lasts', async () => {
		const { server, engine } = await setup(3);
		server.plan = ['network_error'];
		await engine.syncNow();
		expect(engine.snapshot.waiting).toBe(3);
		expect(engine.snapshot.lastError).toContain('Failed to fetch');
	});

	it('syncs once without timers for Background Sync', async () => {
		const { outbox, server } = await setup(4);
		expect(await syncOutboxOnce({ outbox, fetch: server.fetch })).toBe(true);
		expect(await outbox.count()).toBe(0);
	});
});

describe('sync: gzip uploads, against the real app', () => {
	afterEach(() => vi.unstubAllGlobals());

	type Rewrite = (init: RequestInit) => RequestInit;

	/** The real app (in-memory libSQL); `rewrite` changes a request on its way, as an older server sees it. */
	async function realServer(count: number, rewrite: Rewrite = (init) => init) {
		const { app, database } = await testApp();
		const { outbox } = await freshOutbox();
		const responses = Array.from({ length: count }, () => aResponse());
		for (const response of responses) await outbox.add(response);
		const sent: { encoding: string | null; bytes: number; status: number }[] = [];
		const timers = new ManualTimers();
		const engine = new SyncEngine({
			outbox,
			batchSize: 10,
			fetch: async (input, init) => {
				const answer = await app.request(input, rewrite(init));
				const body = init.body as string | ArrayBuffer;
				sent.push({
					encoding: sentEncoding(init),
					bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
					status: answer.status
				});
				return answer;
			},
			setTimeout: timers.setTimeout,
			clearTimeout: timers.clearTimeout,
			isOnline: () => true
		});
		const stored = async () =>
			(await database.client.execute('SELECT id FROM responses')).rows.map((row) => String(row.id));
		return { outbox, responses, sent, timers, engine, stored };
	}

	/** The request with its Content-Encoding header replaced (or removed). */
	const withEncoding =
		(encoding: string | null): Rewrite =>
		(init) => {
			const headers = new Headers(init.headers);
			if (headers.get('content-encoding') !== 'gzip') return init;
			if (encoding === null) headers.delete('content-encoding');
			else headers.set('content-encoding', encoding);
			return { ...init, headers };
		};

	it('sends each batch gzipped with Content-Encoding: gzip, and the server stores them all', async () => {
		const { outbox, responses, sent, engine, stored } = await realServer(25);
		await engine.syncNow();
		expect(sent.map((request) => [request.encoding, request.status])).toEqual([
			['gzip', 200],
			['gzip', 200],
			['gzip', 200]
		]);
		const plainBytes = Buffer.byteLength(JSON.stringify({ responses: responses.slice(0, 10) }));
		expect(sent[0]!.bytes).toBeLessThan(plainBytes / 3);
		expect((await stored()).sort()).toEqual(responses.map((r) => r.id).sort());
		expect(await outbox.count()).toBe(0);
	});

	it.each<[string, Rewrite, number]>([
		// A server that accepts no gzip answers 415 naming content-encoding (as ours does to br).
		['415 naming content-encoding', withEncoding('br'), 415],
		// A server from before gzip reads the compressed bytes as JSON: 400 invalid_json.
		['400 invalid_json from a server from before gzip', withEncoding(null), 400]
	])(
		'after %s, resends that batch plain at once and stays plain; nothing is lost or failed',
		async (_label, rewrite, refusal) => {
			const { outbox, responses, sent, timers, engine, stored } = await realServer(25, rewrite);
			await engine.syncNow();
			expect(sent.map((request) => [request.encoding, request.status])).toEqual([
				['gzip', refusal],
				[null, 200],
				[null, 200],
				[null, 200]
			]);
			expect((await stored()).sort()).toEqual(responses.map((r) => r.id).sort());
			expect(await outbox.count()).toBe(0);
			expect(await outbox.rejectedCount()).toBe(0);
			expect(engine.snapshot).toMatchObject({ state: 'idle', waiting: 0, rejected: 0 });
			expect(engine.snapshot.lastError).toBeUndefined();
			expect(timers.pending).toHaveLength(0);
		}
	);

	it('sends plain JSON where CompressionStream does not exist', async () => {
		vi.stubGlobal('CompressionStream', undefined);
		const without = await realServer(15);
		await without.engine.syncNow();
		vi.unstubAllGlobals();
		const withIt = await realServer(15);
		await withIt.engine.syncNow();
		expect(without.sent.map((request) => [request.encoding, request.status])).toEqual([
			[null, 200],
			[null, 200]
		]);
		expect(withIt.sent.map((request) => request.encoding)).toEqual(['gzip', 'gzip']);
		expect((await without.stored()).sort()).toEqual(without.responses.map((r) => r.id).sort());
		expect(await without.outbox.count()).toBe(0);
	});

	it('syncs once for Background Sync with gzip too', async () => {
		const { app, database } = await testApp();
		const { outbox } = await freshOutbox();
		for (let i = 0; i < 3; i++) await outbox.add(aResponse());
		const encodings: (string | null)[] = [];
		const fetch = async (input: string, init: RequestInit) => {
			encodings.push(sentEncoding(init));
			return await app.request(input, init);
		};
		expect(await syncOutboxOnce({ outbox, fetch })).toBe(true);
		expect(encodings).toEqual(['gzip']);
		const rows = await database.client.execute('SELECT count(*) AS n FROM responses');
		expect(Number(rows.rows[0]?.n)).toBe(3);
	});
});

import { describe, expect, it } from 'vitest';
import { OutboxWithFallback, SyncEngine, type OutboxStore } from '../../src/lib/offline/index.js';
import { FakeServer, aResponse, freshOutbox } from './support.js';

/** A device outbox whose writes (and, when asked, reads) fail, like IndexedDB on a full disk. */
function failing(device: OutboxStore, options: { reads?: boolean } = {}): OutboxStore {
	const refuse = () =>
		Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
	return new Proxy(device, {
		get(target, name: keyof OutboxStore) {
			const isRead = ['take', 'count', 'rejectedCount', 'oldestQueuedAt', 'listWaiting'].includes(
				name
			);
			if (name === 'add' || name === 'markAttempt' || (isRead && options.reads)) return refuse;
			const value = target[name];
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

describe('the outbox with a memory fallback', () => {
	it('keeps what the device cannot store in memory, counts it as unsaved, and sends it with the rest', async () => {
		const { outbox: device } = await freshOutbox();
		const onDevice = aResponse();
		await device.add(onDevice);
		const outbox = new OutboxWithFallback(failing(device));
		const inMemory = aResponse();
		await outbox.add(inMemory);
		expect(await outbox.count()).toBe(2);
		expect(outbox.unsavedCount()).toBe(1);
		// Memory first: it is what a closed page would lose.
		expect((await outbox.take(10)).map((entry) => entry.id)).toEqual([inMemory.id, onDevice.id]);

		const server = new FakeServer();
		const engine = new SyncEngine({
			outbox,
			fetch: server.fetch,
			random: () => 0.5,
			setTimeout: () => 0,
			clearTimeout: () => undefined
		});
		await engine.syncNow();
		expect([...server.stored.keys()].sort()).toEqual([inMemory.id, onDevice.id].sort());
		expect(await outbox.count()).toBe(0);
		expect(engine.snapshot).toMatchObject({ state: 'idle', waiting: 0, unsaved: 0 });
	});

	it('works with no device storage at all, and keeps unsent answers until the server acknowledges them', async () => {
		const outbox = new OutboxWithFallback(null);
		const response = aResponse();
		await outbox.add(response);
		const server = new FakeServer();
		server.plan = ['network_error', 'lost_ack'];
		const engine = new SyncEngine({
			outbox,
			fetch: server.fetch,
			random: () => 0.5,
			setTimeout: () => 0,
			clearTimeout: () => undefined
		});
		await engine.syncNow();
		expect(engine.snapshot).toMatchObject({ waiting: 1, unsaved: 1 });
		await engine.syncNow(); // stored, but the answer is lost: still waiting
		expect(outbox.unsavedCount()).toBe(1);
		await engine.syncNow(); // a duplicate: now acknowledged
		expect(outbox.unsavedCount()).toBe(0);
		expect(server.stored.size).toBe(1);
	});

	it('still sends what memory holds when the device store cannot be read, and never claims nothing is waiting', async () => {
		const { outbox: device } = await freshOutbox();
		await device.add(aResponse());
		const outbox = new OutboxWithFallback(failing(device, { reads: true }));
		const response = aResponse();
		await outbox.add(response);
		expect((await outbox.take(10)).map((entry) => entry.id)).toEqual([response.id]);
		await expect(outbox.count()).rejects.toThrow();

		const server = new FakeServer();
		const timers: number[] = [];
		const engine = new SyncEngine({
			outbox,
			fetch: server.fetch,
			random: () => 0.5,
			setTimeout: (_callback, ms) => timers.push(ms),
			clearTimeout: () => undefined
		});
		await engine.syncNow();
		expect([...server.stored.keys()]).toEqual([response.id]);
		// The device's own entry is still there for when it can be read again; the loop says so and retries.
		expect(await device.count()).toBe(1);
		expect(engine.snapshot.state).toBe('error');
		expect(timers.length).toBeGreaterThan(0);
	});
});

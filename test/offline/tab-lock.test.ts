import { describe, expect, it } from 'vitest';
import {
	DraftLock,
	type BroadcastChannelLike,
	type LockManagerLike
} from '../../src/lib/offline/tab-lock.js';
import { newResponseId } from '../../src/lib/offline/index.js';

/** Web Locks as the browser implements `ifAvailable`: null when someone else holds it. */
class FakeLocks implements LockManagerLike {
	held = new Set<string>();
	async request(
		name: string,
		_options: { ifAvailable: boolean },
		callback: (lock: unknown) => Promise<void> | void
	) {
		if (this.held.has(name)) return callback(null);
		this.held.add(name);
		await callback({ name });
		this.held.delete(name);
	}
}

/** An in-memory BroadcastChannel shared by "tabs". */
function channelHub() {
	const members = new Set<BroadcastChannelLike>();
	return (name: string): BroadcastChannelLike => {
		void name;
		const channel: BroadcastChannelLike = {
			onmessage: null,
			postMessage(message) {
				for (const other of members)
					if (other !== channel) queueMicrotask(() => other.onmessage?.({ data: message }));
			},
			close() {
				members.delete(channel);
			}
		};
		members.add(channel);
		return channel;
	};
}

describe('one draft per tab', () => {
	it('with Web Locks, a second tab cannot take the draft until the first lets go', async () => {
		const locks = new FakeLocks();
		const first = new DraftLock({ locks });
		const second = new DraftLock({ locks });
		expect(await first.acquire()).toBe(true);
		expect(await second.acquire()).toBe(false);
		first.release();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(await second.acquire()).toBe(true);
	});

	it('without Web Locks, a BroadcastChannel claim keeps the second tab out', async () => {
		const createChannel = channelHub();
		const first = new DraftLock({ locks: null, createChannel, claimTimeoutMs: 20, tabId: 'one' });
		const second = new DraftLock({ locks: null, createChannel, claimTimeoutMs: 20, tabId: 'two' });
		expect(await first.acquire()).toBe(true);
		expect(await second.acquire()).toBe(false);
		first.release();
		expect(await second.acquire()).toBe(true);
	});
});

describe('response ids', () => {
	it('makes UUID v4s, also without crypto.randomUUID (insecure contexts)', () => {
		const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		expect(newResponseId()).toMatch(v4);
		const fallback = newResponseId({
			getRandomValues: (array) => globalThis.crypto.getRandomValues(array)
		});
		expect(fallback).toMatch(v4);
		expect(new Set(Array.from({ length: 1000 }, () => newResponseId())).size).toBe(1000);
	});
});

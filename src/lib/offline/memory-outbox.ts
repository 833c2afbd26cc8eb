import type { SurveyResponse, ValidationIssue } from '#survey';
import type { OutboxEntry, RejectedEntry } from './db.js';
import type { OutboxStore } from './outbox.js';

/**
 * Responses kept in this page's memory because the device could not store them (some private
 * windows refuse IndexedDB; a full disk refuses writes). They are sent like any other, but are
 * lost if the page is closed first, so the app says so and warns before the page closes.
 */
export class MemoryOutbox implements OutboxStore {
	#waiting = new Map<string, OutboxEntry>();
	#rejected = new Map<string, RejectedEntry>();
	#now: () => Date;

	constructor(now: () => Date = () => new Date()) {
		this.#now = now;
	}

	async add(response: SurveyResponse): Promise<void> {
		if (!this.#waiting.has(response.id)) this.#waiting.set(response.id, { id: response.id, response, queuedAt: this.#now().toISOString(), attempts: 0 });
	}

	async take(limit: number): Promise<OutboxEntry[]> {
		return [...this.#waiting.values()].slice(0, limit);
	}

	async remove(ids: readonly string[]): Promise<void> {
		for (const id of ids) this.#waiting.delete(id);
	}

	async markAttempt(ids: readonly string[]): Promise<void> {
		for (const id of ids) {
			const entry = this.#waiting.get(id);
			if (entry) entry.attempts += 1;
		}
	}

	async moveToRejected(id: string, errors: ValidationIssue[]): Promise<void> {
		const entry = this.#waiting.get(id);
		if (!entry) return;
		this.#rejected.set(id, { id, response: entry.response, errors, rejectedAt: this.#now().toISOString() });
		this.#waiting.delete(id);
	}

	has(id: string): boolean {
		return this.#waiting.has(id);
	}

	async listWaiting(): Promise<SurveyResponse[]> {
		return [...this.#waiting.values()].map((entry) => entry.response);
	}

	async count(): Promise<number> {
		return this.#waiting.size;
	}

	async rejectedCount(): Promise<number> {
		return this.#rejected.size;
	}

	async oldestQueuedAt(): Promise<string | undefined> {
		return this.#waiting.values().next().value?.queuedAt;
	}

	unsavedCount(): number {
		return this.#waiting.size;
	}
}

/**
 * The device's outbox, with this page's memory for what the device could not store. The sync
 * loop sends both; memory first, as it is the one at risk. A device store that fails to read
 * counts as empty here (its entries stay put and are sent once it works again).
 */
export class OutboxWithFallback implements OutboxStore {
	readonly memory: MemoryOutbox;
	#device: OutboxStore | null;

	constructor(device: OutboxStore | null, memory = new MemoryOutbox()) {
		this.#device = device;
		this.memory = memory;
	}

	/** Queues on the device; if the device refuses (or there is none), keeps it in memory. */
	async add(response: SurveyResponse): Promise<void> {
		try {
			if (!this.#device) throw new Error('no device storage');
			await this.#device.add(response);
		} catch {
			await this.memory.add(response);
		}
	}

	async take(limit: number): Promise<OutboxEntry[]> {
		const fromMemory = await this.memory.take(limit);
		const fromDevice = fromMemory.length < limit ? await this.#fromDevice((device) => device.take(limit - fromMemory.length), []) : [];
		return [...fromMemory, ...fromDevice.filter((entry) => !this.memory.has(entry.id))];
	}

	async remove(ids: readonly string[]): Promise<void> {
		await this.memory.remove(ids);
		await this.#device?.remove(ids);
	}

	async markAttempt(ids: readonly string[]): Promise<void> {
		await this.memory.markAttempt(ids);
		// Counting attempts is bookkeeping: a device that cannot write must not stop a send.
		await this.#fromDevice((device) => device.markAttempt(ids), undefined);
	}

	async moveToRejected(id: string, errors: ValidationIssue[]): Promise<void> {
		if (this.memory.has(id)) await this.memory.moveToRejected(id, errors);
		else await this.#device?.moveToRejected(id, errors);
	}

	async listWaiting(): Promise<SurveyResponse[]> {
		return [...(await this.memory.listWaiting()), ...(await this.#fromDevice((device) => device.listWaiting(), []))];
	}

	async count(): Promise<number> {
		return (await this.memory.count()) + (await this.#fromDevice((device) => device.count(), 0));
	}

	async rejectedCount(): Promise<number> {
		return (await this.memory.rejectedCount()) + (await this.#fromDevice((device) => device.rejectedCount(), 0));
	}

	async oldestQueuedAt(): Promise<string | undefined> {
		const times = [await this.memory.oldestQueuedAt(), await this.#fromDevice((device) => device.oldestQueuedAt(), undefined)].filter((time) => time !== undefined);
		return times.sort()[0];
	}

	unsavedCount(): number {
		return this.memory.unsavedCount();
	}

	async #fromDevice<T>(read: (device: OutboxStore) => Promise<T>, fallback: T): Promise<T> {
		if (!this.#device) return fallback;
		try {
			return await read(this.#device);
		} catch (error) {
			console.warn('device outbox unavailable:', error);
			return fallback;
		}
	}
}

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
		if (!this.#waiting.has(response.id))
			this.#waiting.set(response.id, {
				id: response.id,
				response,
				queuedAt: this.#now().toISOString(),
				attempts: 0
			});
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
		this.#rejected.set(id, {
			id,
			response: entry.response,
			errors,
			rejectedAt: this.#now().toISOString()
		});
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
 * loop sends both; memory first, as it is the one at risk. When the device's store cannot be
 * read, what memory holds is still sent, and the counts fail rather than claim "nothing waiting".
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
		if (!this.#device || fromMemory.length >= limit) return fromMemory;
		try {
			const fromDevice = await this.#device.take(limit - fromMemory.length);
			return [...fromMemory, ...fromDevice.filter((entry) => !this.memory.has(entry.id))];
		} catch (error) {
			// Send what can be sent; with nothing in memory the failure is the loop's to report.
			if (fromMemory.length > 0) return fromMemory;
			throw error;
		}
	}

	async remove(ids: readonly string[]): Promise<void> {
		await this.memory.remove(ids);
		// An entry the device fails to delete is sent again later and answered as a duplicate.
		await this.#quietly(() => this.#device?.remove(ids));
	}

	async markAttempt(ids: readonly string[]): Promise<void> {
		await this.memory.markAttempt(ids);
		await this.#quietly(() => this.#device?.markAttempt(ids));
	}

	async moveToRejected(id: string, errors: ValidationIssue[]): Promise<void> {
		if (this.memory.has(id)) await this.memory.moveToRejected(id, errors);
		else await this.#quietly(() => this.#device?.moveToRejected(id, errors));
	}

	async listWaiting(): Promise<SurveyResponse[]> {
		return [...(await this.memory.listWaiting()), ...((await this.#device?.listWaiting()) ?? [])];
	}

	async count(): Promise<number> {
		return (await this.memory.count()) + ((await this.#device?.count()) ?? 0);
	}

	async rejectedCount(): Promise<number> {
		return (await this.memory.rejectedCount()) + ((await this.#device?.rejectedCount()) ?? 0);
	}

	async oldestQueuedAt(): Promise<string | undefined> {
		const times = [await this.memory.oldestQueuedAt(), await this.#device?.oldestQueuedAt()].filter(
			(time) => time !== undefined
		);
		return times.sort()[0];
	}

	unsavedCount(): number {
		return this.memory.unsavedCount();
	}

	/** Bookkeeping on the device that must not stop a send when the device store fails. */
	async #quietly(write: () => Promise<void> | undefined): Promise<void> {
		try {
			await write();
		} catch (error) {
			console.warn('device outbox unavailable:', error);
		}
	}
}

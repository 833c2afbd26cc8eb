import type { SurveyResponse, ValidationIssue } from '#survey';
import { STRICT, type OutboxEntry, type RejectedEntry, type SurveyDb } from './db.js';

/** What the sync loop and the app need of a queue of finished responses. */
export interface OutboxStore {
	add(response: SurveyResponse): Promise<void>;
	take(limit: number): Promise<OutboxEntry[]>;
	remove(ids: readonly string[]): Promise<void>;
	markAttempt(ids: readonly string[]): Promise<void>;
	moveToRejected(id: string, errors: ValidationIssue[]): Promise<void>;
	listWaiting(): Promise<SurveyResponse[]>;
	count(): Promise<number>;
	rejectedCount(): Promise<number>;
	oldestQueuedAt(): Promise<string | undefined>;
	/** Waiting responses that live only in this page's memory (lost if it is closed). */
	unsavedCount?(): number;
}

/** Finished responses waiting for the server's acknowledgement, in IndexedDB. */
export class Outbox implements OutboxStore {
	#db: SurveyDb;
	#now: () => Date;

	constructor(db: SurveyDb, now: () => Date = () => new Date()) {
		this.#db = db;
		this.#now = now;
	}

	/** Queues a response; queuing the same id again changes nothing. */
	async add(response: SurveyResponse): Promise<void> {
		const tx = this.#db.transaction('outbox', 'readwrite', STRICT);
		if (!(await tx.store.get(response.id))) {
			await tx.store.put({
				id: response.id,
				response,
				queuedAt: this.#now().toISOString(),
				attempts: 0
			});
		}
		await tx.done;
	}

	/**
	 * Moves a finished draft to the outbox in one transaction, so a crash leaves either the draft
	 * or the queued response, never both and never neither.
	 */
	async finishDraft(draftId: string, response: SurveyResponse): Promise<void> {
		const tx = this.#db.transaction(['drafts', 'outbox'], 'readwrite', STRICT);
		const outbox = tx.objectStore('outbox');
		if (!(await outbox.get(response.id))) {
			await outbox.put({
				id: response.id,
				response,
				queuedAt: this.#now().toISOString(),
				attempts: 0
			});
		}
		await tx.objectStore('drafts').delete(draftId);
		await tx.done;
	}

	/** The oldest waiting entries first. */
	async take(limit: number): Promise<OutboxEntry[]> {
		const entries: OutboxEntry[] = [];
		let cursor = await this.#db.transaction('outbox').store.index('queuedAt').openCursor();
		while (cursor && entries.length < limit) {
			entries.push(cursor.value);
			cursor = await cursor.continue();
		}
		return entries;
	}

	/** Removes acknowledged ids (and only those). */
	async remove(ids: readonly string[]): Promise<void> {
		if (ids.length === 0) return;
		const tx = this.#db.transaction('outbox', 'readwrite', STRICT);
		await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
	}

	async markAttempt(ids: readonly string[]): Promise<void> {
		const tx = this.#db.transaction('outbox', 'readwrite', STRICT);
		for (const id of ids) {
			const entry = await tx.store.get(id);
			if (entry) await tx.store.put({ ...entry, attempts: entry.attempts + 1 });
		}
		await tx.done;
	}

	/** Keeps a response the server refused (never silently deleted), out of the sending queue. */
	async moveToRejected(id: string, errors: ValidationIssue[]): Promise<void> {
		const tx = this.#db.transaction(['outbox', 'rejected'], 'readwrite', STRICT);
		const entry = await tx.objectStore('outbox').get(id);
		if (entry) {
			const rejected: RejectedEntry = {
				id,
				response: entry.response,
				errors,
				rejectedAt: this.#now().toISOString()
			};
			await tx.objectStore('rejected').put(rejected);
			await tx.objectStore('outbox').delete(id);
		}
		await tx.done;
	}

	/** Every waiting response, oldest first (for the "save unsent responses" file). */
	async listWaiting(): Promise<SurveyResponse[]> {
		return (await this.#db.getAllFromIndex('outbox', 'queuedAt')).map((entry) => entry.response);
	}

	count(): Promise<number> {
		return this.#db.count('outbox');
	}

	rejectedCount(): Promise<number> {
		return this.#db.count('rejected');
	}

	listRejected(): Promise<RejectedEntry[]> {
		return this.#db.getAll('rejected');
	}

	async oldestQueuedAt(): Promise<string | undefined> {
		const cursor = await this.#db.transaction('outbox').store.index('queuedAt').openCursor();
		return cursor?.value.queuedAt;
	}
}

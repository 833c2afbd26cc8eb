import { STRICT, type Draft, type SurveyDb } from './db.js';

/** The survey in progress on this device, written as each answer is given. */
export class DraftStore {
	#db: SurveyDb;

	constructor(db: SurveyDb) {
		this.#db = db;
	}

	async save(draft: Draft): Promise<void> {
		const tx = this.#db.transaction('drafts', 'readwrite', STRICT);
		await Promise.all([tx.store.put(draft), tx.done]);
	}

	/** The most recently updated unfinished draft, if any. */
	async load(): Promise<Draft | undefined> {
		const drafts = await this.#db.getAll('drafts');
		return drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
	}

	async clear(id: string): Promise<void> {
		const tx = this.#db.transaction('drafts', 'readwrite', STRICT);
		await Promise.all([tx.store.delete(id), tx.done]);
	}
}

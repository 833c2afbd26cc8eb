import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SurveyResponse, ValidationIssue, Answers, Mode } from '#survey';

export interface Draft {
	/** The UUID the finished response will carry. */
	id: string;
	mode: Mode;
	locale: string;
	sessionCode?: string;
	startedAt: string;
	updatedAt: string;
	answers: Answers;
	/** An item code, or 'check'. */
	currentStep: string;
}

export interface OutboxEntry {
	id: string;
	response: SurveyResponse;
	queuedAt: string;
	attempts: number;
}

export interface RejectedEntry {
	id: string;
	response: SurveyResponse;
	errors: ValidationIssue[];
	rejectedAt: string;
}

export interface SurveyDbSchema extends DBSchema {
	drafts: { key: string; value: Draft };
	outbox: { key: string; value: OutboxEntry; indexes: { queuedAt: string } };
	rejected: { key: string; value: RejectedEntry };
	meta: { key: string; value: unknown };
}

export type SurveyDb = IDBPDatabase<SurveyDbSchema>;

export const DB_NAME = 'be-supported';
export const DB_VERSION = 1;

/**
 * Opens the device database. Outbox entries never expire (unlike a workbox background-sync
 * queue): a response leaves only when the server has acknowledged its id.
 */
export async function openSurveyDb(factory?: IDBFactory): Promise<SurveyDb> {
	const previous = globalThis.indexedDB;
	// idb calls the global factory synchronously inside openDB; tests pass their own.
	if (factory) (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
	let db: SurveyDb | undefined;
	try {
		const opening = openDB<SurveyDbSchema>(DB_NAME, DB_VERSION, {
			upgrade(database, oldVersion) {
				if (oldVersion < 1) {
					database.createObjectStore('drafts', { keyPath: 'id' });
					database
						.createObjectStore('outbox', { keyPath: 'id' })
						.createIndex('queuedAt', 'queuedAt');
					database.createObjectStore('rejected', { keyPath: 'id' });
					database.createObjectStore('meta');
				}
			},
			// A newer version of the app in another tab wants to upgrade: let it, and reopen later.
			blocking() {
				db?.close();
			}
		});
		if (factory) (globalThis as { indexedDB: IDBFactory | undefined }).indexedDB = previous;
		db = await opening;
		return db;
	} finally {
		if (factory) (globalThis as { indexedDB: IDBFactory | undefined }).indexedDB = previous;
	}
}

/** Strict durability: the write is on disk before we tell anyone it is saved (w3c/IndexedDB#50). */
export const STRICT = { durability: 'strict' } as const;

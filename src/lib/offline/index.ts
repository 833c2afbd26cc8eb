/** Offline storage and sync: IndexedDB drafts and outbox, the sync loop, tab ownership. */
export { openSurveyDb, DB_NAME, DB_VERSION } from './db.js';
export type { Draft, OutboxEntry, RejectedEntry, SurveyDb } from './db.js';
export { DraftStore } from './drafts.js';
export { Outbox } from './outbox.js';
export type { OutboxStore } from './outbox.js';
export { MemoryOutbox, OutboxWithFallback } from './memory-outbox.js';
export {
	SyncEngine,
	syncOutboxOnce,
	backoffDelay,
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS
} from './sync.js';
export type { SyncSnapshot, SyncState, SyncDeps } from './sync.js';
export { DraftLock } from './tab-lock.js';
export { newResponseId } from './uuid.js';

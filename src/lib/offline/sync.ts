import type { ValidationIssue } from '#survey';
import type { OutboxStore } from './outbox.js';

export type SyncState = 'idle' | 'sending' | 'offline' | 'waiting_to_retry' | 'error';

export interface SyncSnapshot {
	waiting: number;
	/** Of those waiting, how many live only in this page's memory (the device could not store them). */
	unsaved: number;
	rejected: number;
	state: SyncState;
	lastSentAt?: string;
	nextAttemptAt?: string;
	lastError?: string;
	oldestWaitingAt?: string;
}

interface ErrorAnswer {
	error?: { code?: string; details?: { field?: string }[] };
}

interface BatchAnswer {
	accepted?: string[];
	duplicates?: string[];
	rejected?: { id: unknown; errors?: ValidationIssue[] }[];
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface SyncDeps {
	outbox: OutboxStore;
	fetch?: Fetch;
	endpoint?: string;
	batchSize?: number;
	now?: () => Date;
	random?: () => number;
	setTimeout?: (callback: () => void, ms: number) => unknown;
	clearTimeout?: (handle: unknown) => void;
	isOnline?: () => boolean;
	/** Per-request time limit. */
	requestTimeoutMs?: number;
	/** How often to try while responses are waiting and nothing else triggers a send. */
	periodMs?: number;
}

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Exponential backoff with full jitter (AWS architecture blog), capped at 5 minutes. */
export function backoffDelay(failures: number, random: () => number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
	return Math.max(250, Math.round(random() * ceiling));
}

type PassResult =
	| { outcome: 'done' }
	| { outcome: 'retry'; error: string; retryAfterMs?: number; isOffline?: boolean };

/** Whether to gzip uploads: while CompressionStream exists and the server has not refused gzip. */
interface Upload {
	isGzip: boolean;
}

const canGzip = () => typeof CompressionStream === 'function';

async function gzip(json: string): Promise<ArrayBuffer> {
	return new Response(
		new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'))
	).arrayBuffer();
}

/**
 * A server that cannot read gzip: one that says so (415 naming content-encoding), or one from
 * before gzip was accepted, which read the compressed bytes as JSON (400 invalid_json).
 */
async function refusesGzip(answer: Response): Promise<boolean> {
	if (answer.status !== 415 && answer.status !== 400) return false;
	const body: ErrorAnswer | null = await answer
		.clone()
		.json()
		.catch(() => null);
	if (answer.status === 400) return body?.error?.code === 'invalid_json';
	return body?.error?.details?.some((detail) => detail.field === 'content-encoding') === true;
}

/**
 * One pass over the outbox: sends batches until it is empty or something fails. Removes an entry
 * only when the server lists its id as accepted or duplicate; moves refused ones to `rejected`.
 */
async function sendOutbox(
	deps: Required<Pick<SyncDeps, 'outbox' | 'fetch' | 'endpoint' | 'requestTimeoutMs' | 'now'>> & {
		batchSize: { value: number };
		upload: Upload;
	},
	onProgress: () => Promise<void>
): Promise<PassResult> {
	/** A string is sent as plain JSON; bytes are the same JSON gzipped. */
	const post = async (body: string | ArrayBuffer): Promise<Response> => {
		const isGzip = typeof body !== 'string';
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), deps.requestTimeoutMs);
		try {
			return await deps.fetch(deps.endpoint, {
				method: 'POST',
				// The device's clock as it sends: the server flags (never refuses) a clock that is days out.
				headers: {
					'content-type': 'application/json',
					...(isGzip ? { 'content-encoding': 'gzip' } : {}),
					'x-device-time': deps.now().toISOString()
				},
				credentials: 'same-origin',
				body,
				signal: controller.signal
			});
		} finally {
			clearTimeout(timer);
		}
	};
	for (let rounds = 0; rounds < 10_000; rounds++) {
		const entries = await deps.outbox.take(deps.batchSize.value);
		if (entries.length === 0) return { outcome: 'done' };
		const ids = entries.map((entry) => entry.id);
		await deps.outbox.markAttempt(ids);
		const json = JSON.stringify({ responses: entries.map((entry) => entry.response) });
		// A compression that fails sends this batch plain; the next one tries gzip again.
		const compressed = deps.upload.isGzip ? await gzip(json).catch(() => null) : null;
		let answer: Response;
		try {
			answer = await post(compressed ?? json);
			// Plain from now on, and this batch again at once: nothing was read, so nothing was stored.
			if (compressed && (await refusesGzip(answer))) {
				deps.upload.isGzip = false;
				answer = await post(json);
			}
		} catch (error) {
			return {
				outcome: 'retry',
				error: error instanceof Error ? error.message : String(error),
				isOffline: true
			};
		}
		if (answer.status === 413 && deps.batchSize.value > 1) {
			deps.batchSize.value = Math.max(1, Math.floor(deps.batchSize.value / 2));
			continue;
		}
		if (!answer.ok) {
			const retryAfter = Number(answer.headers.get('retry-after'));
			return {
				outcome: 'retry',
				error: `server answered ${answer.status}`,
				retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined
			};
		}
		let body: BatchAnswer;
		try {
			body = (await answer.json()) as BatchAnswer;
		} catch {
			return { outcome: 'retry', error: 'the server answer could not be read' };
		}
		const sent = new Set(ids);
		const acknowledged = [...(body.accepted ?? []), ...(body.duplicates ?? [])].filter((id) =>
			sent.has(id)
		);
		await deps.outbox.remove(acknowledged);
		for (const refused of body.rejected ?? []) {
			if (typeof refused.id === 'string' && sent.has(refused.id))
				await deps.outbox.moveToRejected(refused.id, refused.errors ?? []);
		}
		await onProgress();
		// Nothing in this batch was settled: stop rather than loop on it.
		const settled =
			acknowledged.length +
			(body.rejected ?? []).filter((r) => typeof r.id === 'string' && sent.has(r.id)).length;
		if (settled === 0)
			return { outcome: 'retry', error: 'the server did not acknowledge the batch' };
	}
	return { outcome: 'done' };
}

/** Sends the outbox once, with no timers: for a service worker's Background Sync event. */
export async function syncOutboxOnce(deps: {
	outbox: OutboxStore;
	fetch: Fetch;
	endpoint?: string;
	batchSize?: number;
}): Promise<boolean> {
	const result = await sendOutbox(
		{
			outbox: deps.outbox,
			fetch: deps.fetch,
			endpoint: deps.endpoint ?? '/api/v1/responses',
			requestTimeoutMs: 20_000,
			now: () => new Date(),
			batchSize: { value: deps.batchSize ?? 100 },
			upload: { isGzip: canGzip() }
		},
		async () => undefined
	);
	return result.outcome === 'done';
}

/**
 * The sync loop. Sends on start, on `online`, periodically while responses wait, and on demand;
 * after a failure it waits with exponential backoff. Background Sync is only an extra trigger.
 */
export class SyncEngine {
	#deps: Required<Omit<SyncDeps, 'batchSize'>>;
	#batchSize: { value: number };
	#upload: Upload = { isGzip: canGzip() };
	#running: Promise<void> | null = null;
	#failures = 0;
	#timer: unknown = null;
	#listeners = new Set<(snapshot: SyncSnapshot) => void>();
	#snapshot: SyncSnapshot = { waiting: 0, unsaved: 0, rejected: 0, state: 'idle' };
	#isStopped = false;

	constructor(deps: SyncDeps) {
		this.#deps = {
			fetch: (input, init) => globalThis.fetch(input, init),
			endpoint: '/api/v1/responses',
			now: () => new Date(),
			random: Math.random,
			setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
			clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
			isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine),
			requestTimeoutMs: 20_000,
			periodMs: 60_000,
			...deps
		};
		this.#batchSize = { value: deps.batchSize ?? 100 };
	}

	get snapshot(): SyncSnapshot {
		return this.#snapshot;
	}

	subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
		// The first call comes once the outbox has been counted, so nothing claims "all sent" early.
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(): void {
		this.#isStopped = false;
		void this.syncNow();
	}

	stop(): void {
		this.#isStopped = true;
		this.#clearTimer();
	}

	/** The browser says it is online again: try at once, forgetting the backoff. */
	notifyOnline(): void {
		this.#failures = 0;
		void this.syncNow();
	}

	/** Sends now. A call while a send is running waits for that same run (single flight). */
	syncNow(): Promise<void> {
		this.#running ??= this.#run().finally(() => (this.#running = null));
		return this.#running;
	}

	/** Re-reads the counts (e.g. after a response was queued by another part of the app). */
	async refresh(): Promise<void> {
		await this.#publish({});
	}

	async #run(): Promise<void> {
		try {
			await this.#pass();
		} catch (error) {
			// The device's store failed under us (e.g. IndexedDB closed by the browser): say so, and try
			// again later; a send loop must never stop silently.
			this.#failures += 1;
			const delay = backoffDelay(this.#failures, this.#deps.random);
			await this.#publish({
				state: 'error',
				lastError: error instanceof Error ? error.message : String(error),
				nextAttemptAt: new Date(this.#deps.now().getTime() + delay).toISOString()
			});
			this.#schedule(delay);
		}
	}

	async #pass(): Promise<void> {
		this.#clearTimer();
		// null: the device's store could not be counted; what can be taken (e.g. memory) still goes.
		const waiting = await this.#deps.outbox.count().catch(() => null);
		if (waiting === 0) {
			this.#failures = 0;
			await this.#publish({ state: 'idle', lastError: undefined, nextAttemptAt: undefined });
			return;
		}
		if (!this.#deps.isOnline()) {
			await this.#publish({ state: 'offline' });
			this.#schedule(this.#deps.periodMs);
			return;
		}
		await this.#publish({ state: 'sending' });
		const result = await sendOutbox(
			{ ...this.#deps, batchSize: this.#batchSize, upload: this.#upload },
			() => this.#publish({ state: 'sending', lastSentAt: this.#deps.now().toISOString() })
		);
		if (result.outcome === 'done') {
			if (waiting === null) throw new Error('the outbox on this device cannot be read');
			this.#failures = 0;
			await this.#publish({ state: 'idle', lastError: undefined, nextAttemptAt: undefined });
			return;
		}
		this.#failures += 1;
		// Retry-After is honoured up to the same 5-minute cap: a proxy asking for an hour must not
		// leave a tablet's answers waiting that long (a Send now or going online still tries at once).
		const delay = Math.max(
			backoffDelay(this.#failures, this.#deps.random),
			Math.min(result.retryAfterMs ?? 0, BACKOFF_CAP_MS)
		);
		const isOffline = result.isOffline === true && !this.#deps.isOnline();
		await this.#publish({
			state: isOffline ? 'offline' : 'waiting_to_retry',
			lastError: result.error,
			nextAttemptAt: new Date(this.#deps.now().getTime() + delay).toISOString()
		});
		this.#schedule(delay);
	}

	#schedule(ms: number): void {
		if (this.#isStopped) return;
		this.#clearTimer();
		this.#timer = this.#deps.setTimeout(() => {
			this.#timer = null;
			void this.syncNow();
		}, ms);
	}

	#clearTimer(): void {
		if (this.#timer !== null) this.#deps.clearTimeout(this.#timer);
		this.#timer = null;
	}

	async #publish(change: Partial<SyncSnapshot>): Promise<void> {
		const unsaved = this.#deps.outbox.unsavedCount?.() ?? 0;
		let counts: Pick<SyncSnapshot, 'waiting' | 'rejected' | 'oldestWaitingAt'>;
		try {
			const [waiting, rejected, oldestWaitingAt] = await Promise.all([
				this.#deps.outbox.count(),
				this.#deps.outbox.rejectedCount(),
				this.#deps.outbox.oldestQueuedAt()
			]);
			counts = { waiting, rejected, oldestWaitingAt };
		} catch (error) {
			// Counts unknown: keep the last ones (never fewer than memory holds) and report the error,
			// rather than claim that nothing is waiting.
			counts = {
				waiting: Math.max(this.#snapshot.waiting, unsaved),
				rejected: this.#snapshot.rejected,
				oldestWaitingAt: this.#snapshot.oldestWaitingAt
			};
			change = {
				...change,
				state: 'error',
				lastError: error instanceof Error ? error.message : String(error)
			};
		}
		this.#snapshot = { ...this.#snapshot, ...change, ...counts, unsaved };
		for (const listener of this.#listeners) listener(this.#snapshot);
	}
}

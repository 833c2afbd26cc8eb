/**
 * Hand-round mode: one shared tablet passed from young person to young person in a session. The
 * rep starts it (signed in, once) with a PIN; after that it works offline. Kept on the device.
 */
export interface HandRoundRecord {
	code: string;
	name: string;
	pinSalt: string;
	pinHash: string;
	startedAt: string;
	/** Responses finished on this tablet in this hand-round. */
	answered: number;
	/** How long a half-finished survey may sit untouched before it is cleared (ms). */
	inactivityMs: number;
	/** How long the "are you still there?" warning shows before clearing (ms). */
	warningMs?: number;
}

const KEY = 'be-supported:hand-round';
export const DEFAULT_INACTIVITY_MS = 5 * 60_000;
/** How long the "are you still there?" warning shows before the survey is cleared. */
export const INACTIVITY_WARNING_MS = 60_000;

async function hashPin(pin: string, salt: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${pin}`));
	return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

type RecordStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function browserStorage(): RecordStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export class HandRound {
	record = $state<HandRoundRecord | null>(null);
	/** Whether the browser promised to keep this site's storage (navigator.storage.persisted()). */
	isStoragePersisted = $state<boolean | null>(null);
	readonly #storage: () => RecordStorage | null;

	/** Storage is passed in so tests can hand in a fake; the tablet's localStorage by default. */
	constructor(storage: () => RecordStorage | null = browserStorage) {
		this.#storage = storage;
	}

	get isActive(): boolean {
		return this.record !== null;
	}

	load(): void {
		try {
			this.record = JSON.parse(this.#storage()?.getItem(KEY) ?? 'null') as HandRoundRecord | null;
		} catch {
			this.record = null;
		}
	}

	async start(session: { code: string; name: string }, pin: string): Promise<void> {
		const salt = crypto.getRandomValues(new Uint32Array(2)).join('-');
		this.record = {
			code: session.code,
			name: session.name,
			pinSalt: salt,
			pinHash: await hashPin(pin, salt),
			// A timestamp string, not reactive state.
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			startedAt: new Date().toISOString(),
			answered: 0,
			inactivityMs: DEFAULT_INACTIVITY_MS
		};
		this.#save();
		// A shared tablet must not lose its queue to storage pressure (MDN: storage eviction).
		this.isStoragePersisted =
			(await globalThis.navigator?.storage?.persist?.().catch(() => false)) ?? false;
	}

	async checkPin(pin: string): Promise<boolean> {
		return (
			this.record !== null && (await hashPin(pin, this.record.pinSalt)) === this.record.pinHash
		);
	}

	countAnswered(): void {
		if (!this.record) return;
		this.record.answered += 1;
		this.#save();
	}

	end(): void {
		this.record = null;
		try {
			this.#storage()?.removeItem(KEY);
		} catch {
			// nothing stored
		}
	}

	async refreshPersisted(): Promise<void> {
		this.isStoragePersisted =
			(await globalThis.navigator?.storage?.persisted?.().catch(() => false)) ?? null;
	}

	#save(): void {
		try {
			this.#storage()?.setItem(KEY, JSON.stringify(this.record));
		} catch {
			// kept in memory for this visit
		}
	}
}

export const handRound = new HandRound();

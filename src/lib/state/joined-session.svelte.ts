import type { Mode } from '#survey';

/** A rep session this device has joined: kept on the device so the code works offline later. */
export interface JoinedSession {
	code: string;
	name: string;
	defaultMode: Mode;
	defaultLocale: string;
}

/** How joining a session by its code ended. */
export type JoinOutcome =
	{ status: 'joined'; session: JoinedSession } | { status: 'unknown' | 'closed' | 'offline' };

type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'be-supported:sessions';
const ACTIVE_KEY = 'be-supported:active-session';

function browserStorage(): SessionStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		// Some privacy settings throw on the very access to localStorage.
		return null;
	}
}

/**
 * The sessions this device has joined (by QR code, /s/CODE, "Got a code?" or a rep's hand-round)
 * and the one in use. Storage and fetch are passed in so tests hand in fakes; without storage
 * (private window) a session still applies for this visit.
 */
export class JoinedSessions {
	active = $state<JoinedSession | null>(null);
	readonly #storage: () => SessionStorage | null;
	readonly #fetch: typeof fetch;

	constructor(deps: { storage?: () => SessionStorage | null; fetch?: typeof fetch } = {}) {
		this.#storage = deps.storage ?? browserStorage;
		this.#fetch = deps.fetch ?? ((input, init) => fetch(input, init));
	}

	load(): void {
		try {
			const code = this.#storage()?.getItem(ACTIVE_KEY);
			this.active = code ? (this.#read()[code] ?? null) : null;
		} catch {
			this.active = null;
		}
	}

	/** A session this device opened before (works with no network). */
	known(code: string): JoinedSession | undefined {
		return this.#read()[code];
	}

	/**
	 * Asks the server for the session; with no network, a code this device opened before still
	 * works. A joined session is remembered and becomes the active one.
	 */
	async join(code: string): Promise<JoinOutcome> {
		let answer: Response;
		try {
			answer = await this.#fetch('/api/v1/sessions/join', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ code })
			});
		} catch {
			const known = this.known(code);
			if (!known) return { status: 'offline' };
			this.remember(known);
			return { status: 'joined', session: known };
		}
		if (!answer.ok) return { status: answer.status === 410 ? 'closed' : 'unknown' };
		const { session } = (await answer.json()) as { session: JoinedSession };
		this.remember(session);
		return { status: 'joined', session };
	}

	remember(session: JoinedSession): void {
		this.active = session;
		try {
			const storage = this.#storage();
			storage?.setItem(KEY, JSON.stringify({ ...this.#read(), [session.code]: session }));
			storage?.setItem(ACTIVE_KEY, session.code);
		} catch {
			// Still used for this visit.
		}
	}

	leave(): void {
		this.active = null;
		try {
			this.#storage()?.removeItem(ACTIVE_KEY);
		} catch {
			// nothing stored
		}
	}

	#read(): Record<string, JoinedSession> {
		try {
			return JSON.parse(this.#storage()?.getItem(KEY) ?? '{}') as Record<string, JoinedSession>;
		} catch {
			return {};
		}
	}
}

export const joinedSessions = new JoinedSessions();

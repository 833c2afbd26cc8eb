import type { Mode } from '#survey';

/** A rep session this device has joined: kept on the device so the code works offline later. */
export interface JoinedSession {
	code: string;
	name: string;
	defaultMode: Mode;
	defaultLocale: string;
}

const KEY = 'be-supported:sessions';
const ACTIVE_KEY = 'be-supported:active-session';

function read(): Record<string, JoinedSession> {
	try {
		return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, JoinedSession>;
	} catch {
		return {};
	}
}

export class JoinedSessions {
	active = $state<JoinedSession | null>(null);

	load(): void {
		try {
			const code = localStorage.getItem(ACTIVE_KEY);
			this.active = code ? (read()[code] ?? null) : null;
		} catch {
			this.active = null;
		}
	}

	/** A session this device opened before (works with no network). */
	known(code: string): JoinedSession | undefined {
		return read()[code];
	}

	remember(session: JoinedSession): void {
		this.active = session;
		try {
			localStorage.setItem(KEY, JSON.stringify({ ...read(), [session.code]: session }));
			localStorage.setItem(ACTIVE_KEY, session.code);
		} catch {
			// Still used for this visit.
		}
	}

	leave(): void {
		this.active = null;
		try {
			localStorage.removeItem(ACTIVE_KEY);
		} catch {
			// nothing stored
		}
	}
}

export const joinedSessions = new JoinedSessions();

import { describe, expect, it } from 'vitest';
import { JoinedSessions, type JoinedSession } from '../../src/lib/state/joined-session.svelte.js';
import { HandRound } from '../../src/lib/state/hand-round.svelte.js';

/** A Storage with only what the classes use, backed by a Map. */
function memoryStorage() {
	const values = new Map<string, string>();
	return {
		values,
		getItem: (key: string) => values.get(key) ?? null,
		setItem: (key: string, value: string) => void values.set(key, value),
		removeItem: (key: string) => void values.delete(key)
	};
}

const youthClub: JoinedSession = {
	code: 'K7P2QX',
	name: 'Youth club',
	defaultMode: 'easy_read',
	defaultLocale: 'ar'
};

function answering(status: number, body?: unknown): typeof fetch {
	return async () => new Response(body ? JSON.stringify(body) : null, { status });
}
const noNetwork: typeof fetch = async () => {
	throw new TypeError('Failed to fetch');
};

describe('JoinedSessions', () => {
	it('joins through the API and remembers the session as the active one', async () => {
		const storage = memoryStorage();
		const sessions = new JoinedSessions({
			storage: () => storage,
			fetch: answering(200, { session: youthClub })
		});
		expect(await sessions.join('K7P2QX')).toEqual({ status: 'joined', session: youthClub });
		expect(sessions.active).toEqual(youthClub);

		const later = new JoinedSessions({ storage: () => storage, fetch: noNetwork });
		later.load();
		expect(later.active).toEqual(youthClub);
	});

	it('offline, a code opened on this device before still works; a new one says offline', async () => {
		const storage = memoryStorage();
		await new JoinedSessions({
			storage: () => storage,
			fetch: answering(200, { session: youthClub })
		}).join('K7P2QX');
		const offline = new JoinedSessions({ storage: () => storage, fetch: noNetwork });
		expect(await offline.join('K7P2QX')).toEqual({ status: 'joined', session: youthClub });
		expect(await offline.join('ZZZZZZ')).toEqual({ status: 'offline' });
	});

	it.each([
		[410, 'closed'],
		[404, 'unknown'],
		[400, 'unknown']
	])('a %i from the server is "%s" and changes nothing', async (status, outcome) => {
		const storage = memoryStorage();
		const sessions = new JoinedSessions({ storage: () => storage, fetch: answering(status) });
		expect(await sessions.join('K7P2QX')).toEqual({ status: outcome });
		expect(sessions.active).toBeNull();
		expect(storage.values.size).toBe(0);
	});

	it('without storage (private window) the session still applies for this visit', async () => {
		const sessions = new JoinedSessions({
			storage: () => null,
			fetch: answering(200, { session: youthClub })
		});
		await sessions.join('K7P2QX');
		expect(sessions.active).toEqual(youthClub);
		sessions.leave();
		expect(sessions.active).toBeNull();
	});

	it('leaving forgets the active session but keeps the code usable offline', async () => {
		const storage = memoryStorage();
		const sessions = new JoinedSessions({
			storage: () => storage,
			fetch: answering(200, { session: youthClub })
		});
		await sessions.join('K7P2QX');
		sessions.leave();
		const later = new JoinedSessions({ storage: () => storage });
		later.load();
		expect(later.active).toBeNull();
		expect(later.known('K7P2QX')).toEqual(youthClub);
	});
});

describe('HandRound', () => {
	it('keeps the session and a salted hash of the PIN, never the PIN', async () => {
		const storage = memoryStorage();
		const tablet = new HandRound(() => storage);
		await tablet.start({ code: 'K7P2QX', name: 'Youth club' }, '4821');
		const stored = storage.values.get('be-supported:hand-round') ?? '';
		expect(stored).toContain('K7P2QX');
		expect(stored).not.toContain('4821');
		expect(await tablet.checkPin('4821')).toBe(true);
		expect(await tablet.checkPin('4822')).toBe(false);
	});

	it('counts answered surveys across reloads and forgets everything at the end', async () => {
		const storage = memoryStorage();
		const tablet = new HandRound(() => storage);
		await tablet.start({ code: 'K7P2QX', name: 'Youth club' }, '4821');
		tablet.countAnswered();
		tablet.countAnswered();
		const reloaded = new HandRound(() => storage);
		reloaded.load();
		expect(reloaded.record?.answered).toBe(2);
		expect(await reloaded.checkPin('4821')).toBe(true);
		reloaded.end();
		expect(storage.values.has('be-supported:hand-round')).toBe(false);
		expect(reloaded.isActive).toBe(false);
	});

	it('unreadable saved state starts with no hand-round rather than failing', () => {
		const storage = memoryStorage();
		storage.setItem('be-supported:hand-round', '{not json');
		const tablet = new HandRound(() => storage);
		tablet.load();
		expect(tablet.isActive).toBe(false);
	});
});

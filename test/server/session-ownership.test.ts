import { describe, expect, it } from 'vitest';
import { AuthService, type Role } from '../../server/auth/auth.service.js';
import { testApp } from './helpers.js';

/** Issue 12 item 12: a rep sees and manages only the sessions they created; admins and analysts all. */

const CHEAP = { N: 1024, r: 8, p: 1 };

async function teamApp() {
	const { app, database } = await testApp();
	const auth = new AuthService(database, undefined, CHEAP);
	const people = ['rep-a', 'rep-b', 'analyst', 'admin'] as const;
	const cookies = {} as Record<(typeof people)[number], string>;
	for (const person of people) {
		const role: Role = person.startsWith('rep') ? 'rep' : (person as Role);
		await auth.createUser(`${person}@example.org`, `a-long-${person}-password`, role);
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: `${person}@example.org`,
				password: `a-long-${person}-password`
			})
		});
		cookies[person] = login.headers.get('set-cookie')!.split(';')[0]!;
	}
	const send = (who: (typeof people)[number], method: string, path: string, body?: unknown) =>
		app.request(path, {
			method,
			headers: {
				cookie: cookies[who],
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const create = async (who: (typeof people)[number], name: string) =>
		(
			(await (await send(who, 'POST', '/api/v1/sessions', { name })).json()) as {
				session: { code: string };
			}
		).session.code;
	const listed = async (who: (typeof people)[number]) =>
		(
			(await (await send(who, 'GET', '/api/v1/sessions')).json()) as {
				sessions: { code: string }[];
			}
		).sessions
			.map((session) => session.code)
			.sort();
	return { send, create, listed };
}

describe('session ownership', () => {
	it('a rep lists only their own sessions; analysts and admins list all', async () => {
		const { create, listed } = await teamApp();
		const a = await create('rep-a', 'Club A');
		const b = await create('rep-b', 'Club B');
		const c = await create('analyst', 'Club C');
		expect(await listed('rep-a')).toEqual([a]);
		expect(await listed('rep-b')).toEqual([b]);
		expect(await listed('analyst')).toEqual([a, b, c].sort());
		expect(await listed('admin')).toEqual([a, b, c].sort());
	});

	it('a rep cannot close another’s session (404, as if unknown); its owner and staff can; results are for analysts alone', async () => {
		const { send, create, listed } = await teamApp();
		const b = await create('rep-b', 'Club B');
		expect((await send('rep-a', 'GET', `/api/v1/sessions/${b}/results`)).status).toBe(403);
		expect((await send('rep-a', 'POST', `/api/v1/sessions/${b}/close`, {})).status).toBe(404);
		const stillOpen = await send('analyst', 'GET', '/api/v1/sessions');
		expect(
			(
				(await stillOpen.json()) as { sessions: { code: string; closedAt: string | null }[] }
			).sessions.find((session) => session.code === b)!.closedAt
		).toBeNull();
		// Even its own rep sees response counts only (issue 11): results are for analysts and admins.
		expect((await send('rep-b', 'GET', `/api/v1/sessions/${b}/results`)).status).toBe(403);
		expect((await send('analyst', 'GET', `/api/v1/sessions/${b}/results`)).status).toBe(200);
		expect((await send('admin', 'POST', `/api/v1/sessions/${b}/close`, {})).status).toBe(200);
		expect(await listed('rep-b')).toEqual([b]);
	});
});

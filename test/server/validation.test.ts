import { describe, expect, it, vi } from 'vitest';
import { AuthService, type Role } from '../../server/auth/auth.service.js';
import { isCalendarDate } from '../../server/lib/validation.js';
import { testApp } from './helpers.js';

/** Issue 12 item 9: every staff input is checked at the edge; a 400 naming the field, never a 500. */

const CHEAP = { N: 1024, r: 8, p: 1 };

async function signedIn(role: Role = 'admin') {
	const { app, database } = await testApp();
	await new AuthService(database, undefined, CHEAP).createUser(
		`${role}@example.org`,
		`a-long-${role}-password`,
		role
	);
	const login = await app.request('/api/v1/auth/login', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: `${role}@example.org`, password: `a-long-${role}-password` })
	});
	const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
	const send = (method: string, path: string, body: unknown) =>
		app.request(path, {
			method,
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify(body)
		});
	return { app, database, send };
}

const RLO = '\u202E';
const MB = 'x'.repeat(1024 * 1024);

/** [what, method, path, body, the field the 400 must name] */
const REFUSED: [string, string, string, unknown, string][] = [
	[
		'a session setting that is an object',
		'POST',
		'/api/v1/sessions',
		{ name: 'Club', setting: {} },
		'setting'
	],
	[
		'a session name with a right-to-left override',
		'POST',
		'/api/v1/sessions',
		{ name: `Club ${RLO}txt.exe` },
		'name'
	],
	['a session name that is a number', 'POST', '/api/v1/sessions', { name: 5 }, 'name'],
	['a session with no name', 'POST', '/api/v1/sessions', {}, 'name'],
	[
		'a session district over 120 characters',
		'POST',
		'/api/v1/sessions',
		{ name: 'Club', district: 'd'.repeat(121) },
		'district'
	],
	[
		'a session mode that is not a mode',
		'POST',
		'/api/v1/sessions',
		{ name: 'Club', defaultMode: 'loud' },
		'defaultMode'
	],
	[
		'a session wave id that is a list',
		'POST',
		'/api/v1/sessions',
		{ name: 'Club', waveId: ['2026-27'] },
		'waveId'
	],
	[
		'a wave opening on "1"',
		'POST',
		'/api/v1/waves',
		{ id: 'w1', name: 'Wave', opensAt: '1' },
		'opensAt'
	],
	[
		'a wave opening on 30 February',
		'POST',
		'/api/v1/waves',
		{ id: 'w2', name: 'Wave', opensAt: '2026-02-30' },
		'opensAt'
	],
	[
		'a wave closing in year 0000',
		'POST',
		'/api/v1/waves',
		{ id: 'w3', name: 'Wave', closesAt: '0000-01-01' },
		'closesAt'
	],
	[
		'a wave name with a bidi isolate',
		'POST',
		'/api/v1/waves',
		{ id: 'w4', name: `Wave \u2067x` },
		'name'
	],
	['a wave name that is an object', 'POST', '/api/v1/waves', { id: 'w5', name: {} }, 'name'],
	[
		'a wave isBaseline that is a string',
		'POST',
		'/api/v1/waves',
		{ id: 'w6', name: 'Wave', isBaseline: 'yes' },
		'isBaseline'
	],
	[
		'a user with a role that is not one',
		'POST',
		'/api/v1/users',
		{ email: 'x@example.org', password: 'a-long-password', role: 'owner' },
		'role'
	],
	[
		'a user whose email is not one',
		'POST',
		'/api/v1/users',
		{ email: 'not an email', password: 'a-long-password', role: 'rep' },
		'email'
	],
	[
		'a user with a password that is a number',
		'POST',
		'/api/v1/users',
		{ email: 'x@example.org', password: 12345678, role: 'rep' },
		'password'
	],
	[
		'a change of isDisabled to "no"',
		'PATCH',
		'/api/v1/users/some-id',
		{ isDisabled: 'no' },
		'isDisabled'
	],
	[
		'an import with csv as a list',
		'POST',
		'/api/v1/waves/2026-27/import/preview',
		{ format: 'respondent', csv: ['a'] },
		'csv'
	],
	[
		'an import with replace as a string',
		'POST',
		'/api/v1/waves/2026-27/import',
		{ format: 'respondent', csv: 'a\n', replace: 'true' },
		'replace'
	],
	[
		'a sign-in with an object for a password',
		'POST',
		'/api/v1/auth/login',
		{ email: 'a@example.org', password: {} },
		'password'
	]
];

describe('staff input is validated at the edge', () => {
	it.each(REFUSED)('%s: 400 naming the field', async (_what, method, path, body, field) => {
		const { send } = await signedIn();
		const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const answer = await send(method, path, body);
			expect(answer.status).toBe(400);
			const error = (
				(await answer.json()) as {
					error: {
						code: string;
						message: string;
						details: { field: string; code: string; message: string }[];
					};
				}
			).error;
			expect(error.code).toBe('invalid_body');
			expect(error.details.map((detail) => detail.field)).toContain(field);
			for (const detail of error.details)
				expect(detail).toEqual({
					field: expect.any(String),
					code: expect.any(String),
					message: expect.any(String)
				});
			expect(logged).not.toHaveBeenCalled();
		} finally {
			logged.mockRestore();
		}
	});

	it('a 1 MB session setting or wave name is refused (413 or 400), never stored', async () => {
		const { send, database } = await signedIn();
		expect([400, 413]).toContain(
			(await send('POST', '/api/v1/sessions', { name: 'Club', setting: MB })).status
		);
		expect([400, 413]).toContain(
			(await send('POST', '/api/v1/waves', { id: 'big', name: MB })).status
		);
		expect(
			(await database.client.execute('SELECT count(*) AS n FROM survey_sessions')).rows[0]!.n
		).toBe(0);
		expect(
			(await database.client.execute("SELECT count(*) AS n FROM waves WHERE id = 'big'")).rows[0]!.n
		).toBe(0);
	});

	it('valid input is still accepted, names trimmed, dates stored as ISO', async () => {
		const { send } = await signedIn();
		const session = await send('POST', '/api/v1/sessions', {
			name: '  Youth club  ',
			setting: 'school',
			defaultMode: 'easy_read',
			defaultLocale: 'ar'
		});
		expect(session.status).toBe(201);
		expect(((await session.json()) as { session: { name: string } }).session.name).toBe(
			'Youth club'
		);
		const wave = await send('POST', '/api/v1/waves', {
			id: 'spring',
			name: 'Spring',
			opensAt: '2028-02-29',
			closesAt: '2028-03-31T17:00:00Z'
		});
		expect(wave.status).toBe(201);
		expect(((await wave.json()) as { wave: { opensAt: string } }).wave.opensAt).toBe(
			'2028-02-29T00:00:00.000Z'
		);
	});
});

describe('isCalendarDate', () => {
	it.each([
		['2026-09-01', true],
		['2028-02-29', true],
		['2026-11-23T09:00:00.000Z', true],
		['2026-11-23T09:00+01:00', true],
		['2026-02-29', false],
		['2026-02-30', false],
		['2100-02-29', false],
		['2000-02-29', true],
		['0000-01-01', false],
		['2026-13-01', false],
		['2026-04-31', false],
		['2026-01-01T24:00:00Z', false],
		['1', false],
		['', false],
		['2026-1-1', false],
		['next tuesday', false]
	])('%s → %s', (text, expected) => {
		expect(isCalendarDate(text)).toBe(expected);
	});
});

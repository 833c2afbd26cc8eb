import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { currentQuestionnaire } from '#survey';
import { AuthService, type Role } from '../../server/auth/auth.service.js';
import { ImportService } from '../../server/services/import.service.js';
import { ThemesService } from '../../server/services/themes.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, testApp } from './helpers.js';

/** Who may call what (README: Staff roles; docs/privacy.md), and the audit log of who did what. */

const CHEAP = { N: 1024, r: 8, p: 1 };
const START = Date.parse('2026-11-23T09:00:00.000Z');
const WAVE = '2026-27';
type Who = 'anonymous' | Role;
const EVERYONE: Who[] = ['anonymous', 'rep', 'analyst', 'admin'];

async function staffApp() {
	let now = START;
	const clock = () => new Date(now);
	const { app, database } = await testApp({ clock });
	const auth = new AuthService(database, clock, CHEAP);
	const ids = {} as Record<Role, string>;
	for (const role of ['admin', 'analyst', 'rep'] as Role[])
		ids[role] = (await auth.createUser(`${role}@example.org`, `a-long-${role}-password`, role)).id;
	const target = await auth.createUser('target@example.org', 'a-long-target-password', 'rep');
	const waves = new WavesService(database, clock);
	await waves.create({
		id: 'base',
		name: 'Baseline',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	// A wave that has closed: "You said" can be published from it.
	await waves.create({
		id: 'spring',
		name: 'Spring',
		opensAt: '2026-03-01T00:00:00.000Z',
		closesAt: '2026-04-01T00:00:00.000Z',
		isBaseline: false,
		isIllustrative: false
	});
	const cookies = {} as Record<Role, string>;
	for (const role of ['admin', 'analyst', 'rep'] as Role[]) {
		const answer = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: `${role}@example.org`, password: `a-long-${role}-password` })
		});
		expect(answer.status).toBe(200);
		cookies[role] = answer.headers.get('set-cookie')!.split(';')[0]!;
	}
	const send = (who: Who, method: string, path: string, body?: unknown) =>
		app.request(path, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(who === 'anonymous' ? {} : { cookie: cookies[who] })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const advance = (ms: number) => {
		now += ms;
	};
	// A free-text answer to tag, a theme for each role to rename or delete, and a published "You said".
	// Stored straight into the closed spring wave, so the current wave's figures stay as the rows below expect.
	const answer = aResponse();
	await database.client.execute({
		sql: `INSERT INTO responses (id, questionnaire_version, mode, locale, started_at, completed_at, received_at, wave_id, content_hash, answers_json)
		      VALUES (?, ?, 'standard', 'en-GB', ?, ?, ?, 'spring', 'matrix', ?)`,
		args: [
			answer.id,
			answer.questionnaireVersion,
			answer.startedAt,
			answer.completedAt,
			'2026-03-02T10:00:00.000Z',
			JSON.stringify(answer.answers)
		]
	});
	const themes = {} as Record<Who, number>;
	for (const who of EVERYONE)
		themes[who] = (
			await new ThemesService(database, clock).create(WAVE, `Theme for ${who}`, '', ids.admin)
		).id;
	const published = await send('admin', 'POST', '/api/v1/you-said/publish', { wave: 'spring' });
	const snapshot = ((await published.json()) as { snapshot: { id: number } }).snapshot.id;
	return {
		app,
		database,
		auth,
		waves,
		ids,
		target,
		cookies,
		send,
		advance,
		clock,
		answer: answer.id,
		themes,
		snapshot
	};
}

type Setup = Awaited<ReturnType<typeof staffApp>>;

interface Case {
	/** Added to the path (after the params are filled in). */
	query?: string;
	body?: (who: Who) => unknown;
	expected: Record<Who, number>;
}

const IMPORT_CSV = 'feel_believed,know_who_to_talk_to\nagree,agree\ndisagree,agree\n';

/**
 * Every staff route and what each role gets. A route the app has and this table does not makes
 * the test fail, so a new route cannot ship without its row.
 */
const STAFF: Record<string, Case[]> = {
	'GET /api/v1/waves': [{ expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 } }],
	'POST /api/v1/waves': [
		{
			body: (who) => ({ id: `new-${who}`, name: `Made by ${who}` }),
			expected: { anonymous: 401, rep: 403, analyst: 201, admin: 201 }
		}
	],
	'POST /api/v1/waves/:id/import/preview': [
		{
			body: () => ({ format: 'respondent', csv: IMPORT_CSV }),
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'POST /api/v1/waves/:id/import': [
		{
			body: () => ({ format: 'respondent', csv: IMPORT_CSV, replace: true }),
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'PUT /api/v1/waves/:id/current': [
		{ body: () => ({}), expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'GET /api/v1/import/template.csv': [
		{ expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'GET /api/v1/import/dictionary.csv': [
		{ expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'GET /api/v1/sessions': [{ expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 } }],
	'POST /api/v1/sessions': [
		{
			body: (who) => ({ name: `Youth club (${who})` }),
			expected: { anonymous: 401, rep: 201, analyst: 201, admin: 201 }
		}
	],
	'GET /api/v1/sessions/:code/results': [
		{ expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'POST /api/v1/sessions/:code/close': [
		{ body: () => ({}), expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 } }
	],
	'POST /api/v1/auth/password': [
		{
			body: (who) => ({
				currentPassword: `a-long-${who}-password`,
				newPassword: `a-new-and-longer-${who}-passphrase`
			}),
			expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 }
		}
	],
	'POST /api/v1/auth/mfa/enrol': [
		{ body: () => ({}), expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 } }
	],
	'POST /api/v1/auth/mfa/confirm': [
		// Signed in, a wrong code (or none started) is a 400 naming the code; the route is for everyone.
		{
			body: () => ({ code: '000000' }),
			expected: { anonymous: 401, rep: 400, analyst: 400, admin: 400 }
		}
	],
	'POST /api/v1/users/:id/mfa/reset': [
		{ body: () => ({}), expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 } }
	],
	'GET /api/v1/users/mfa-policy': [
		{ expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 } }
	],
	'PUT /api/v1/users/mfa-policy': [
		{
			body: () => ({ role: 'rep', isRequired: false }),
			expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 }
		}
	],
	'GET /api/v1/users': [{ expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 } }],
	'POST /api/v1/users': [
		{
			body: (who) => ({
				email: `made-by-${who}@example.org`,
				password: 'another-long-password',
				role: 'rep'
			}),
			expected: { anonymous: 401, rep: 403, analyst: 403, admin: 201 }
		}
	],
	'PATCH /api/v1/users/:id': [
		{
			body: () => ({ role: 'analyst' }),
			expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 }
		}
	],
	'POST /api/v1/users/:id/password': [
		{
			body: () => ({ password: 'a-temporary-passphrase' }),
			expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 }
		}
	],
	'GET /api/v1/users/audit': [{ expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 } }],
	'GET /api/v1/benchmark': [
		{
			query: `?wave=${WAVE}&compare=base`,
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'GET /api/v1/export.csv': [
		{
			query: `?wave=${WAVE}&compare=base`,
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		},
		{
			query: `?wave=${WAVE}&level=respondent`,
			expected: { anonymous: 401, rep: 403, analyst: 403, admin: 200 }
		}
	],
	'GET /api/v1/labels': [{ expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 } }],
	'GET /api/v1/export.dictionary.csv': [
		{ expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } },
		{ query: '?level=respondent', expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'GET /api/v1/live': [
		{ query: `?wave=${WAVE}`, expected: { anonymous: 401, rep: 200, analyst: 200, admin: 200 } }
	],
	'GET /api/v1/free-text': [
		{ query: `?wave=${WAVE}`, expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'GET /api/v1/you-said/preview': [
		{
			query: '?wave=spring&compare=base',
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'GET /api/v1/you-said/published': [
		{ expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'PUT /api/v1/you-said/actions': [
		{
			body: () => ({ snapshot: 1, actions: { '13': { text: 'We listened.' } } }),
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'GET /api/v1/free-text/themes': [
		{ query: `?wave=${WAVE}`, expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'POST /api/v1/free-text/themes': [
		{
			body: (who) => ({ wave: WAVE, name: `Made by ${who}` }),
			expected: { anonymous: 401, rep: 403, analyst: 201, admin: 201 }
		}
	],
	'PATCH /api/v1/free-text/themes/:id': [
		{
			body: (who) => ({ name: `Renamed by ${who}` }),
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'DELETE /api/v1/free-text/themes/:id': [
		{ body: () => ({}), expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 } }
	],
	'PUT /api/v1/free-text/answers/:id/themes': [
		{
			body: () => ({ themes: [] }),
			expected: { anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		}
	],
	'POST /api/v1/you-said/publish': [
		{
			body: () => ({ wave: 'spring', compare: 'base' }),
			expected: { anonymous: 401, rep: 403, analyst: 201, admin: 201 }
		}
	]
};

/** Public routes, named one by one, with what an anonymous caller gets. */
const PUBLIC: Record<
	string,
	{ body?: (setup: Setup & { code: string }) => unknown; expected: number }
> = {
	'GET /api/v1/health': { expected: 200 },
	'GET /api/v1/questionnaire': { expected: 200 },
	'POST /api/v1/responses': { body: () => ({ responses: [aResponse()] }), expected: 200 },
	'POST /api/v1/sessions/join': { body: ({ code }) => ({ code }), expected: 200 },
	'GET /api/v1/you-said': { expected: 200 },
	'POST /api/v1/auth/login': {
		body: () => ({ email: 'nobody@example.org', password: 'not-a-password' }),
		expected: 401
	},
	'POST /api/v1/auth/login/code': {
		body: () => ({ challenge: 'no-such-challenge', code: '123456' }),
		expected: 401
	},
	'POST /api/v1/auth/logout': { body: () => ({}), expected: 200 },
	'GET /api/v1/auth/me': { expected: 401 }
};

/** The app's own list of routes (Hono's app.routes), without middleware entries. */
async function appRoutes(): Promise<string[]> {
	const { app } = await testApp();
	return [
		...new Set(
			app.routes
				.filter((route) => route.method !== 'ALL')
				.map((route) => `${route.method} ${route.path}`)
		)
	].sort();
}

/** Real ids for the path params. */
function fill(path: string, setup: Setup, code: string, who: Who): string {
	return path
		.replace(/^\/api\/v1\/free-text\/themes\/:id/, `/api/v1/free-text/themes/${setup.themes[who]}`)
		.replace(/^\/api\/v1\/free-text\/answers\/:id/, `/api/v1/free-text/answers/${setup.answer}`)
		.replace(/^\/api\/v1\/waves\/:id/, '/api/v1/waves/base')
		.replace(/^\/api\/v1\/users\/:id/, `/api/v1/users/${setup.target.id}`)
		.replace(':code', code);
}

describe('the role matrix', () => {
	it('has a row for every route the app serves, and no row for a route it does not', async () => {
		const routes = await appRoutes();
		const listed = [...Object.keys(STAFF), ...Object.keys(PUBLIC)].sort();
		expect(
			routes.filter((route) => !listed.includes(route)),
			'routes with no row in the table'
		).toEqual([]);
		expect(
			listed.filter((route) => !routes.includes(route)),
			'rows for routes that do not exist'
		).toEqual([]);
		expect(Object.keys(STAFF).filter((route) => route in PUBLIC)).toEqual([]);
	});

	it.each(Object.entries(STAFF))('%s', async (route, cases) => {
		const setup = await staffApp();
		// The rep's own session: a rep manages only those (another's is 404, test/server/session-ownership.test.ts).
		const { session } = (await (
			await setup.send('rep', 'POST', '/api/v1/sessions', { name: 'Matrix' })
		).json()) as { session: { code: string } };
		const [method, pattern] = route.split(' ') as [string, string];
		for (const { query = '', body, expected } of cases) {
			for (const who of EVERYONE) {
				const answer = await setup.send(
					who,
					method,
					fill(pattern, setup, session.code, who) + query,
					body?.(who)
				);
				expect(answer.status, `${who} ${method} ${pattern}${query}`).toBe(expected[who]);
				// The error shape; a 400 may also name its fields in details.
				if (answer.status >= 400)
					expect(await answer.json()).toEqual({
						error: {
							code: expect.any(String),
							message: expect.any(String),
							...(answer.status === 400 ? { details: expect.any(Array) } : {})
						}
					});
			}
		}
	});

	it.each(Object.entries(PUBLIC))('%s is public', async (route, { body, expected }) => {
		const setup = await staffApp();
		const { session } = (await (
			await setup.send('admin', 'POST', '/api/v1/sessions', { name: 'Public' })
		).json()) as { session: { code: string } };
		const [method, path] = route.split(' ') as [string, string];
		const answer = await setup.send(
			'anonymous',
			method,
			path,
			body?.({ ...setup, code: session.code })
		);
		expect(answer.status).toBe(expected);
	});
});

describe('respondent-level export (admins only)', () => {
	it('gives one row per stored response with its answers, neutralises formulas, and is audited', async () => {
		const setup = await staffApp();
		const { send, app, ids } = setup;
		const { session } = (await (
			await send('rep', 'POST', '/api/v1/sessions', { name: 'Youth club' })
		).json()) as { session: { code: string } };
		const first = aResponse({
			sessionCode: session.code,
			answers: {
				know_who_to_talk_to: 'agree',
				who_would_you_talk_to: ['friend', 'teacher'],
				what_would_help: '=HYPERLINK("http://evil.example","click")'
			}
		});
		const second = aResponse({
			mode: 'easy_read',
			locale: 'en-GB',
			answers: { feel_believed: 'yes', what_would_help: '+44 -1 @home' }
		});
		// A device clock two days ahead: stored, and flagged.
		const third = aResponse({
			startedAt: '2026-11-25T09:00:00.000Z',
			completedAt: '2026-11-25T09:05:00.000Z',
			answers: { feel_believed: 'disagree' }
		});
		const ingest = await postResponses(app, { responses: [first, second, third] });
		expect(await ingest.json()).toMatchObject({ accepted: [first.id, second.id, third.id] });

		const analyst = await send(
			'analyst',
			'GET',
			`/api/v1/export.csv?wave=${WAVE}&level=respondent`
		);
		expect(analyst.status).toBe(403);
		expect(await analyst.json()).toEqual({
			error: { code: 'forbidden', message: expect.any(String) }
		});

		const answer = await send('admin', 'GET', `/api/v1/export.csv?wave=${WAVE}&level=respondent`);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(answer.headers.get('content-disposition')).toContain(
			`be-supported-${WAVE}-respondents.csv`
		);
		const text = await answer.text();
		const [header, ...rows] = parse(text, { bom: true }) as string[][];
		const items = currentQuestionnaire.items.map((item) => item.code);
		expect(header).toEqual([
			'wave',
			'wave_label',
			'illustrative',
			'provenance',
			'id',
			'mode',
			'locale',
			'session_code',
			'received_at',
			'source',
			'flags',
			...items
		]);
		expect(rows).toHaveLength(3);
		const byId = new Map(
			rows.map((row) => [
				row[4]!,
				Object.fromEntries(header!.map((name, index) => [name, row[index]!]))
			])
		);
		expect(byId.get(first.id)).toMatchObject({
			wave: WAVE,
			illustrative: 'no',
			provenance: `${WAVE}: collected by the survey`,
			mode: 'standard',
			locale: 'en-GB',
			session_code: session.code,
			received_at: new Date(START).toISOString(),
			source: 'survey',
			flags: '',
			know_who_to_talk_to: 'agree',
			who_would_you_talk_to: 'friend;teacher',
			what_would_help: `'=HYPERLINK("http://evil.example","click")`,
			feel_believed: ''
		});
		expect(byId.get(second.id)).toMatchObject({
			mode: 'easy_read',
			feel_believed: 'yes',
			what_would_help: "'+44 -1 @home",
			session_code: ''
		});
		expect(byId.get(third.id)!.flags).toContain('clock_skew');
		// No cell of the file starts a formula.
		for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

		const audit = (await (await send('admin', 'GET', '/api/v1/users/audit')).json()) as {
			entries: { userId: string; action: string; detail: Record<string, unknown> }[];
		};
		const exports = audit.entries.filter((entry) => entry.action === 'export');
		expect(exports).toEqual([
			expect.objectContaining({
				userId: ids.admin,
				detail: { wave: WAVE, level: 'respondent', rows: 3 }
			})
		]);
	});

	it('labels illustrative waves in a column of every row, and refuses an unknown level or wave', async () => {
		const { send, waves, database } = await staffApp();
		await waves.create({
			id: 'demo',
			name: 'Demo (illustrative)',
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: true
		});
		// Loaded the way the seed loads invented data: a real import through the API would clear the label.
		await new ImportService(database, waves).import('demo', 'respondent', IMPORT_CSV, {
			illustrative: true
		});
		const text = await (
			await send('admin', 'GET', '/api/v1/export.csv?wave=demo&level=respondent')
		).text();
		// One table, no preamble: the illustrative flag is a column of every row.
		const lines = text.replace(/^\uFEFF/, '').split('\r\n');
		expect(lines[0]).toMatch(/^wave,wave_label,illustrative,provenance,id,mode,locale,/);
		expect(lines.filter(Boolean)).toHaveLength(3);
		const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
		expect(rows.map((row) => [row.wave, row.wave_label, row.illustrative])).toEqual(
			Array.from({ length: 2 }, () => ['demo', 'Demo (illustrative)', 'yes'])
		);
		expect(
			(await send('admin', 'GET', '/api/v1/export.csv?wave=demo&level=everything')).status
		).toBe(400);
		expect(
			(await send('admin', 'GET', '/api/v1/export.csv?wave=nope&level=respondent')).status
		).toBe(400);
		expect((await send('admin', 'GET', '/api/v1/export.csv?level=respondent')).status).toBe(400);
	});
});

describe('the audit log', () => {
	it('records who, when and what for sign-ins, failed sign-ins, imports, exports and user changes', async () => {
		const setup = await staffApp();
		const { send, app, ids, target, advance, clock } = setup;
		const at: Record<string, string> = {};
		const step = async (
			name: string,
			action: () => Response | Promise<Response>,
			status: number
		) => {
			advance(61_000);
			at[name] = clock().toISOString();
			expect((await action()).status, name).toBe(status);
		};
		const login = (email: string, password: string) =>
			app.request('/api/v1/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password })
			});
		await step('sign_in', () => login('analyst@example.org', 'a-long-analyst-password'), 200);
		await step('sign_in_failed', () => login('analyst@example.org', 'wrong-password'), 401);
		await step(
			'import',
			() =>
				send('analyst', 'POST', '/api/v1/waves/base/import', {
					format: 'respondent',
					csv: IMPORT_CSV
				}),
			200
		);
		await step(
			'export',
			() => send('analyst', 'GET', `/api/v1/export.csv?wave=${WAVE}&compare=base`),
			200
		);
		await step(
			'user_created',
			() =>
				send('admin', 'POST', '/api/v1/users', {
					email: 'New@Example.org',
					password: 'another-long-password',
					role: 'analyst'
				}),
			201
		);
		await step(
			'user_updated',
			() =>
				send('admin', 'PATCH', `/api/v1/users/${target.id}`, { isDisabled: true, role: 'analyst' }),
			200
		);

		const answer = await send('admin', 'GET', '/api/v1/users/audit');
		expect(answer.status).toBe(200);
		const { entries } = (await answer.json()) as {
			entries: {
				at: string;
				userId: string | null;
				email: string | null;
				action: string;
				detail: Record<string, unknown>;
			}[];
		};
		// Each entry also has its id, for paging (test/server/audit.test.ts).
		const find = (action: string, when: string) => {
			const found = entries.find((entry) => entry.action === action && entry.at === when) as
				((typeof entries)[number] & { id?: number }) | undefined;
			expect(found?.id).toEqual(expect.any(Number));
			const { id: _id, ...rest } = found ?? {};
			return found ? rest : undefined;
		};
		expect(find('sign_in', at.sign_in!)).toEqual({
			at: at.sign_in,
			userId: ids.analyst,
			email: 'analyst@example.org',
			action: 'sign_in',
			detail: { email: 'analyst@example.org' }
		});
		expect(find('sign_in_failed', at.sign_in_failed!)).toEqual({
			at: at.sign_in_failed,
			userId: null,
			email: null,
			action: 'sign_in_failed',
			detail: {
				email: 'analyst@example.org',
				source: expect.any(String),
				minute: at.sign_in_failed!.slice(0, 16),
				count: 1
			}
		});
		expect(find('baseline_imported', at.import!)).toEqual({
			at: at.import,
			userId: ids.analyst,
			email: 'analyst@example.org',
			action: 'baseline_imported',
			detail: { wave: 'base', format: 'respondent', rows: 2, replace: false }
		});
		expect(find('export', at.export!)).toEqual({
			at: at.export,
			userId: ids.analyst,
			email: 'analyst@example.org',
			action: 'export',
			detail: { wave: WAVE, compare: ['base'], by: null, filters: [], level: 'aggregate' }
		});
		expect(find('user_created', at.user_created!)).toMatchObject({
			userId: ids.admin,
			email: 'admin@example.org',
			detail: { email: 'new@example.org', role: 'analyst', userId: expect.any(String) }
		});
		expect(find('user_updated', at.user_updated!)).toEqual({
			at: at.user_updated,
			userId: ids.admin,
			email: 'admin@example.org',
			action: 'user_updated',
			detail: {
				userId: target.id,
				email: 'target@example.org',
				role: { from: 'rep', to: 'analyst' },
				isDisabled: { from: false, to: true }
			}
		});
		// Newest first.
		expect(entries.map((entry) => entry.at)).toEqual(
			[...entries.map((entry) => entry.at)].sort().reverse()
		);
	});

	it('is readable by admins only', async () => {
		const { send } = await staffApp();
		const statuses = await Promise.all(
			EVERYONE.map(async (who) => (await send(who, 'GET', '/api/v1/users/audit')).status)
		);
		expect(statuses).toEqual([401, 403, 403, 200]);
	});
});

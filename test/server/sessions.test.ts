import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { newSessionCode } from '../../server/services/sessions.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, signedInAs, testApp } from './helpers.js';

async function repApp() {
	const { app, database } = await testApp();
	await new AuthService(database, () => new Date(), { N: 1024, r: 8, p: 1 }).createUser(
		'rep@example.org',
		'a-long-rep-password',
		'rep'
	);
	const login = await app.request('/api/v1/auth/login', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'rep@example.org', password: 'a-long-rep-password' })
	});
	const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
	const post = (path: string, body: unknown, withCookie = true) =>
		app.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(withCookie ? { cookie } : {}) },
			body: JSON.stringify(body)
		});
	return { app, database, cookie, post };
}

describe('rep sessions', () => {
	it('makes 6-character codes without look-alike characters', () => {
		for (let run = 0; run < 500; run++) expect(newSessionCode()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	});

	it('lets a rep create a session that a phone joins by code, and refuses a bad or closed code', async () => {
		const { post } = await repApp();
		const created = await post('/api/v1/sessions', {
			name: 'Banbury youth club',
			defaultMode: 'easy_read',
			defaultLocale: 'pl'
		});
		expect(created.status).toBe(201);
		const { session } = (await created.json()) as { session: { code: string } };
		const joined = await post('/api/v1/sessions/join', { code: session.code.toLowerCase() }, false);
		expect(await joined.json()).toEqual({
			session: {
				code: session.code,
				name: 'Banbury youth club',
				defaultMode: 'easy_read',
				defaultLocale: 'pl'
			}
		});
		const unknown = await post('/api/v1/sessions/join', { code: 'ZZZZZZ' }, false);
		expect(unknown.status).toBe(404);
		expect(
			((await unknown.json()) as { error: { details: { field: string }[] } }).error.details[0]!
				.field
		).toBe('code');
		await post(`/api/v1/sessions/${session.code}/close`, {});
		expect((await post('/api/v1/sessions/join', { code: session.code }, false)).status).toBe(410);
	});

	it('names the field when a session is not valid, and refuses anonymous staff calls', async () => {
		const { post } = await repApp();
		const bad = await post('/api/v1/sessions', { name: '', defaultMode: 'fancy' });
		expect(bad.status).toBe(400);
		expect(
			((await bad.json()) as { error: { details: { field: string }[] } }).error.details.map(
				(d) => d.field
			)
		).toEqual(['name', 'defaultMode']);
		expect((await post('/api/v1/sessions', { name: 'x' }, false)).status).toBe(401);
	});

	it('stores the session code with responses, counts them, keeps ones that arrive after closing, and uses the session wave', async () => {
		const { app, database, cookie, post } = await repApp();
		await new WavesService(database).create({
			id: 'spring-pilot',
			name: 'Spring pilot',
			opensAt: null,
			closesAt: null,
			isBaseline: false,
			isIllustrative: false
		});
		const { session } = (await (
			await post('/api/v1/sessions', { name: 'Witney school', waveId: 'spring-pilot' })
		).json()) as { session: { code: string } };
		await postResponses(app, {
			responses: [
				aResponse({ sessionCode: session.code }),
				aResponse({ sessionCode: session.code })
			]
		});
		await post(`/api/v1/sessions/${session.code}/close`, {});
		// Collected offline before the close, sent after it: still stored.
		const late = await postResponses(app, {
			responses: [aResponse({ sessionCode: session.code })]
		});
		expect(((await late.json()) as { accepted: string[] }).accepted).toHaveLength(1);
		const list = (await (
			await app.request('/api/v1/sessions', { headers: { cookie } })
		).json()) as { sessions: { code: string; received: unknown; closedAt: string | null }[] };
		expect(list.sessions[0]).toMatchObject({
			code: session.code,
			received: { status: 'suppressed', label: 'fewer than 10' },
			closedAt: expect.any(String)
		});
		const waves = await database.client.execute({
			sql: 'SELECT DISTINCT wave_id FROM responses WHERE session_code = ?',
			args: [session.code]
		});
		expect(waves.rows.map((row) => row.wave_id)).toEqual(['spring-pilot']);
	});
});

describe('a session’s own results', () => {
	async function withAnalyst() {
		const rep = await repApp();
		const analyst = await signedInAs(rep.app, rep.database, 'analyst');
		const { session } = (await (
			await rep.post('/api/v1/sessions', { name: 'Abingdon' })
		).json()) as { session: { code: string } };
		const results = async (cookie = analyst) =>
			app(rep).request(`/api/v1/sessions/${session.code}/results`, { headers: { cookie } });
		return { ...rep, analyst, code: session.code, results };
	}
	const app = (rep: Awaited<ReturnType<typeof repApp>>) => rep.app;
	const send = (
		rep: Awaited<ReturnType<typeof repApp>>,
		count: number,
		sessionCode: string | undefined,
		answers: (index: number) => Record<string, string | undefined>
	) =>
		postResponses(rep.app, {
			responses: Array.from({ length: count }, (_, index) =>
				aResponse({
					...(sessionCode ? { sessionCode } : {}),
					answers: Object.fromEntries(
						Object.entries(answers(index)).filter(
							(entry): entry is [string, string] => entry[1] !== undefined
						)
					)
				})
			)
		});

	it('are for analysts only: a rep, who runs the session, gets 403', async () => {
		const setup = await withAnalyst();
		expect((await setup.results(setup.cookie)).status).toBe(403);
		expect((await setup.results()).status).toBe(200);
	});

	it('are shown only after the session is closed, so nobody watches them change as the tablet goes round', async () => {
		const setup = await withAnalyst();
		await send(setup, 12, setup.code, () => ({ feel_believed: 'agree' }));
		await send(setup, 12, undefined, () => ({ feel_believed: 'disagree' }));
		expect(await (await setup.results()).json()).toEqual({
			available: false,
			reason: 'session_open'
		});
		await setup.post(`/api/v1/sessions/${setup.code}/close`, {});
		expect(await (await setup.results()).json()).toMatchObject({ available: true });
	});

	it('need 10 in the session and 10 in the rest of its wave: wave 11 minus session 10 would single one person out', async () => {
		const setup = await withAnalyst();
		await send(setup, 10, setup.code, (index) => ({
			feel_believed: index < 6 ? 'agree' : 'disagree'
		}));
		await send(setup, 1, undefined, () => ({ feel_believed: 'disagree' }));
		await setup.post(`/api/v1/sessions/${setup.code}/close`, {});
		expect(await (await setup.results()).json()).toEqual({
			available: false,
			reason: 'too_few',
			received: { status: 'shown', n: 10 }
		});
		await send(setup, 9, undefined, (index) => ({
			feel_believed: index < 4 ? 'agree' : 'disagree',
			staff_care: 'agree'
		}));
		const body = (await (await setup.results()).json()) as {
			available: boolean;
			items: { item: string; cell: { status: string; pct?: number } }[];
		};
		expect(body.available).toBe(true);
		expect(body.items.find((entry) => entry.item === 'feel_believed')?.cell).toMatchObject({
			status: 'shown',
			pct: 0.6
		});
		// staff_care: nobody in the session answered it, so the session and the rest are both hidden.
		expect(body.items.find((entry) => entry.item === 'staff_care')?.cell).toEqual({
			status: 'suppressed',
			label: 'not shown, to protect a small group'
		});
	});

	it('hide the session where the rest of the wave is small for that question', async () => {
		const setup = await withAnalyst();
		await send(setup, 15, setup.code, (index) => ({
			feel_believed: index < 9 ? 'agree' : 'disagree'
		}));
		// 12 others in the wave, but only 3 of them answered feel_believed: wave minus session would show them.
		await send(setup, 12, undefined, (index) =>
			index < 3 ? { feel_believed: 'agree' } : { staff_care: 'agree' }
		);
		await setup.post(`/api/v1/sessions/${setup.code}/close`, {});
		const body = (await (await setup.results()).json()) as {
			available: boolean;
			items: { item: string; cell: { status: string } }[];
		};
		expect(body.available).toBe(true);
		expect(body.items.find((entry) => entry.item === 'feel_believed')?.cell.status).toBe(
			'suppressed'
		);
	});
});

import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { newSessionCode } from '../../server/services/sessions.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, testApp } from './helpers.js';

async function repApp() {
	const { app, database } = await testApp();
	await new AuthService(database, () => new Date(), { N: 1024, r: 8, p: 1 }).createUser('rep@example.org', 'a-long-rep-password', 'rep');
	const login = await app.request('/api/v1/auth/login', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'rep@example.org', password: 'a-long-rep-password' })
	});
	const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
	const post = (path: string, body: unknown, withCookie = true) =>
		app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(withCookie ? { cookie } : {}) }, body: JSON.stringify(body) });
	return { app, database, cookie, post };
}

describe('rep sessions', () => {
	it('makes 6-character codes without look-alike characters', () => {
		for (let run = 0; run < 500; run++) expect(newSessionCode()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	});

	it('lets a rep create a session that a phone joins by code, and refuses a bad or closed code', async () => {
		const { post } = await repApp();
		const created = await post('/api/v1/sessions', { name: 'Banbury youth club', defaultMode: 'easy_read', defaultLocale: 'pl' });
		expect(created.status).toBe(201);
		const { session } = (await created.json()) as { session: { code: string } };
		const joined = await post('/api/v1/sessions/join', { code: session.code.toLowerCase() }, false);
		expect(await joined.json()).toEqual({ session: { code: session.code, name: 'Banbury youth club', defaultMode: 'easy_read', defaultLocale: 'pl' } });
		const unknown = await post('/api/v1/sessions/join', { code: 'ZZZZZZ' }, false);
		expect(unknown.status).toBe(404);
		expect(((await unknown.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field).toBe('code');
		await post(`/api/v1/sessions/${session.code}/close`, {});
		expect((await post('/api/v1/sessions/join', { code: session.code }, false)).status).toBe(410);
	});

	it('names the field when a session is not valid, and refuses anonymous staff calls', async () => {
		const { post } = await repApp();
		const bad = await post('/api/v1/sessions', { name: '', defaultMode: 'fancy' });
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field)).toEqual(['name', 'defaultMode']);
		expect((await post('/api/v1/sessions', { name: 'x' }, false)).status).toBe(401);
	});

	it('stores the session code with responses, counts them, keeps ones that arrive after closing, and uses the session wave', async () => {
		const { app, database, cookie, post } = await repApp();
		await new WavesService(database).create({ id: 'spring-pilot', name: 'Spring pilot', opensAt: null, closesAt: null, isBaseline: false, isIllustrative: false });
		const { session } = (await (await post('/api/v1/sessions', { name: 'Witney school', waveId: 'spring-pilot' })).json()) as { session: { code: string } };
		await postResponses(app, { responses: [aResponse({ sessionCode: session.code }), aResponse({ sessionCode: session.code })] });
		await post(`/api/v1/sessions/${session.code}/close`, {});
		// Collected offline before the close, sent after it: still stored.
		const late = await postResponses(app, { responses: [aResponse({ sessionCode: session.code })] });
		expect(((await late.json()) as { accepted: string[] }).accepted).toHaveLength(1);
		const list = (await (await app.request('/api/v1/sessions', { headers: { cookie } })).json()) as { sessions: { code: string; received: number; closedAt: string | null }[] };
		expect(list.sessions[0]).toMatchObject({ code: session.code, received: 3, closedAt: expect.any(String) });
		const waves = await database.client.execute({ sql: 'SELECT DISTINCT wave_id FROM responses WHERE session_code = ?', args: [session.code] });
		expect(waves.rows.map((row) => row.wave_id)).toEqual(['spring-pilot']);
	});
});

describe('a session’s own results', () => {
	it('are hidden until the session has 10 responses, then show % positive per item', async () => {
		const { app, cookie, post } = await repApp();
		const { session } = (await (await post('/api/v1/sessions', { name: 'Abingdon' })).json()) as { session: { code: string } };
		const results = async () => (await (await app.request(`/api/v1/sessions/${session.code}/results`, { headers: { cookie } })).json()) as Record<string, unknown>;
		await postResponses(app, { responses: Array.from({ length: 9 }, (_, index) => aResponse({ sessionCode: session.code, answers: { feel_believed: index < 6 ? 'agree' : 'disagree' } })) });
		expect(await results()).toEqual({ available: false, received: 9 });
		await postResponses(app, { responses: [aResponse({ sessionCode: session.code, answers: { feel_believed: 'agree', staff_care: 'agree' } })] });
		const body = (await results()) as { available: boolean; items: { item: string; cell: { status: string; pct?: number } }[] };
		expect(body.available).toBe(true);
		expect(body.items.find((entry) => entry.item === 'feel_believed')?.cell).toMatchObject({ status: 'shown', pct: 0.7 });
		// Only one person answered staff_care: that figure stays hidden.
		expect(body.items.find((entry) => entry.item === 'staff_care')?.cell.status).toBe('suppressed_primary');
	});
});

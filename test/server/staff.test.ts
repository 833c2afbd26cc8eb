import { describe, expect, it } from 'vitest';
import { AuthService, type Role } from '../../server/auth/auth.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, parseCsvTable, postResponses, testApp } from './helpers.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

async function withStaff() {
	const { app, database } = await testApp();
	const auth = new AuthService(database, () => new Date(), CHEAP);
	for (const role of ['admin', 'analyst', 'rep'] as Role[])
		await auth.createUser(`${role}@example.org`, `a-long-${role}-password`, role);
	const cookieFor = async (role: Role) => {
		const answer = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: `${role}@example.org`, password: `a-long-${role}-password` })
		});
		expect(answer.status).toBe(200);
		return answer.headers.get('set-cookie')!.split(';')[0]!;
	};
	return { app, database, cookieFor };
}

const json = (cookie: string | null, body: unknown) => ({
	method: 'POST',
	headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
	body: JSON.stringify(body)
});

describe('staff sign-in', () => {
	it('sets an HttpOnly, SameSite=Strict session cookie and a new token at every sign-in', async () => {
		const { app } = await withStaff();
		const login = () =>
			app.request(
				'/api/v1/auth/login',
				json(null, { email: 'analyst@example.org', password: 'a-long-analyst-password' })
			);
		const first = (await login()).headers.get('set-cookie')!;
		expect(first).toMatch(/HttpOnly/);
		expect(first).toMatch(/SameSite=Strict/);
		expect(first).toMatch(/Path=\//);
		expect(first.split(';')[0]).not.toBe((await login()).headers.get('set-cookie')!.split(';')[0]);
	});

	it('refuses a wrong password with the same answer as an unknown email, then throttles', async () => {
		const { app } = await withStaff();
		const wrong = await app.request(
			'/api/v1/auth/login',
			json(null, { email: 'analyst@example.org', password: 'nope-nope-nope' })
		);
		const unknown = await app.request(
			'/api/v1/auth/login',
			json(null, { email: 'nobody@example.org', password: 'nope-nope-nope' })
		);
		expect(wrong.status).toBe(401);
		expect(await wrong.json()).toEqual(await unknown.json());
		for (let attempt = 0; attempt < 5; attempt++)
			await app.request(
				'/api/v1/auth/login',
				json(null, { email: 'rep@example.org', password: 'wrong-password' })
			);
		const throttled = await app.request(
			'/api/v1/auth/login',
			json(null, { email: 'rep@example.org', password: 'a-long-rep-password' })
		);
		expect(throttled.status).toBe(429);
		expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('ends the session on sign-out: the old cookie no longer works', async () => {
		const { app, cookieFor } = await withStaff();
		const cookie = await cookieFor('analyst');
		expect((await app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(200);
		await app.request('/api/v1/auth/logout', json(cookie, {}));
		expect((await app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
	});

	it('refuses cross-site and non-JSON staff writes (CSRF)', async () => {
		const { app, cookieFor } = await withStaff();
		const cookie = await cookieFor('admin');
		const crossSite = await app.request('http://localhost/api/v1/waves', {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, origin: 'https://evil.example' },
			body: JSON.stringify({ id: 'x', name: 'x' })
		});
		expect(crossSite.status).toBe(403);
		const form = await app.request('/api/v1/waves', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
			body: 'id=x&name=x'
		});
		expect(form.status).toBe(415);
	});
});

describe('who may do what', () => {
	const routes: [string, string, Record<string, number>][] = [
		[
			'GET',
			'/api/v1/benchmark?wave=2026-27',
			{ anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		],
		[
			'GET',
			'/api/v1/export.csv?wave=2026-27',
			{ anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		],
		[
			'POST',
			'/api/v1/waves/2026-27/import/preview',
			{ anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		],
		['GET', '/api/v1/waves', { anonymous: 401, rep: 200, analyst: 200, admin: 200 }],
		['GET', '/api/v1/live?wave=2026-27', { anonymous: 401, rep: 200, analyst: 200, admin: 200 }],
		[
			'GET',
			'/api/v1/free-text?wave=2026-27',
			{ anonymous: 401, rep: 403, analyst: 200, admin: 200 }
		],
		['GET', '/api/v1/users', { anonymous: 401, rep: 403, analyst: 403, admin: 200 }],
		['GET', '/api/v1/users/audit', { anonymous: 401, rep: 403, analyst: 403, admin: 200 }]
	];
	it.each(routes)('%s %s', async (method, path, expected) => {
		const { app, cookieFor } = await withStaff();
		for (const [who, status] of Object.entries(expected)) {
			const cookie = who === 'anonymous' ? null : await cookieFor(who as Role);
			const init: RequestInit =
				method === 'GET'
					? { headers: cookie ? { cookie } : undefined }
					: json(cookie, { format: 'respondent', csv: 'feel_believed\nagree\n' });
			expect((await app.request(path, init)).status, `${who}`).toBe(status);
		}
	});

	it('lets an admin, but not an analyst, create users, and audits it', async () => {
		const { app, cookieFor } = await withStaff();
		const body = { email: 'new@example.org', password: 'another-long-password', role: 'rep' };
		expect(
			(await app.request('/api/v1/users', json(await cookieFor('analyst'), body))).status
		).toBe(403);
		const admin = await cookieFor('admin');
		expect((await app.request('/api/v1/users', json(admin, body))).status).toBe(201);
		const audit = (await (
			await app.request('/api/v1/users/audit', { headers: { cookie: admin } })
		).json()) as { entries: { action: string }[] };
		expect(audit.entries.map((entry) => entry.action)).toContain('user_created');
	});
});

describe('import and benchmark through the API', () => {
	const header =
		'feel_believed,know_who_to_talk_to,who_would_you_talk_to,what_would_help,care_experienced,mode';
	const baselineRows = (positive: number, total: number) =>
		Array.from(
			{ length: total },
			(_, index) =>
				`${index < positive ? 'agree' : 'disagree'},agree,friend;teacher,,${index % 2 ? 'yes' : 'no'},standard`
		);

	it('previews, imports all or nothing, reports every bad line, and refuses to overwrite without replace', async () => {
		const { app, database, cookieFor } = await withStaff();
		const cookie = await cookieFor('analyst');
		await new WavesService(database).create({
			id: '2019',
			name: '2019',
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: false
		});
		const bad = [
			header,
			'agree,agree,friend,,yes,standard',
			'maybe,agree,friend,,yes,standard',
			'agree,agree,friend;unicorn,,yes,standard',
			'agree,agree,friend,,yes,fancy',
			'agree,yes,friend,,yes,standard',
			'agree,agree,friend,,perhaps,standard'
		].join('\n');
		const preview = (await (
			await app.request(
				'/api/v1/waves/2019/import/preview',
				json(cookie, { format: 'respondent', csv: bad })
			)
		).json()) as { preview: { problems: { line: number }[] } };
		expect(preview.preview.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7]);
		const refused = await app.request(
			'/api/v1/waves/2019/import',
			json(cookie, { format: 'respondent', csv: bad })
		);
		expect(refused.status).toBe(422);
		expect(
			((await refused.json()) as { error: { details: unknown[] } }).error.details
		).toHaveLength(5);
		expect(
			Number(
				(
					await database.client.execute(
						"SELECT count(*) AS n FROM responses WHERE wave_id = '2019'"
					)
				).rows[0]?.n
			)
		).toBe(0);

		const good = '\uFEFF' + [header, ...baselineRows(61, 100)].join('\r\n') + '\r\n';
		expect(
			(
				await app.request(
					'/api/v1/waves/2019/import',
					json(cookie, { format: 'respondent', csv: good })
				)
			).status
		).toBe(200);
		expect(
			(
				await app.request(
					'/api/v1/waves/2019/import',
					json(cookie, { format: 'respondent', csv: good })
				)
			).status
		).toBe(409);
		expect(
			(
				await app.request(
					'/api/v1/waves/2019/import',
					json(cookie, { format: 'respondent', csv: good, replace: true })
				)
			).status
		).toBe(200);
		expect(
			Number(
				(
					await database.client.execute(
						"SELECT count(*) AS n FROM responses WHERE wave_id = '2019'"
					)
				).rows[0]?.n
			)
		).toBe(100);
	});

	it('computes the benchmark for a known dataset and suppresses small groups on the server', async () => {
		const { app, database, cookieFor } = await withStaff();
		const cookie = await cookieFor('analyst');
		await new WavesService(database).create({
			id: '2019',
			name: '2019',
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: false
		});
		await app.request(
			'/api/v1/waves/2019/import',
			json(cookie, { format: 'respondent', csv: [header, ...baselineRows(61, 100)].join('\n') })
		);
		// This wave: 68 of 100 positive, 4 of them care experienced (a group under 10).
		const responses = Array.from({ length: 100 }, (_, index) =>
			aResponse({
				answers: {
					feel_believed: index < 68 ? 'agree' : 'disagree',
					...(index < 4 ? { care_experienced: 'yes' } : { care_experienced: 'no' })
				}
			})
		);
		await postResponses(app, { responses });
		const report = (await (
			await app.request('/api/v1/benchmark?wave=2026-27&compare=2019', { headers: { cookie } })
		).json()) as {
			agreeItems: {
				item: string;
				groups: {
					cells: Record<string, { n?: number; positive?: number; pct?: number; status: string }>;
					comparisons: Record<
						string,
						{ status: string; differencePoints?: number; p?: number; direction?: string }
					>;
				}[];
			}[];
		};
		const believed = report.agreeItems.find((item) => item.item === 'feel_believed')!.groups[0]!;
		expect(believed.cells['2026-27']).toMatchObject({
			status: 'shown',
			n: 100,
			positive: 68,
			pct: 0.68
		});
		expect(believed.cells['2019']).toMatchObject({ status: 'shown', n: 100, positive: 61 });
		// python: ztest(68, 100, 61, 100) → p = 0.300948651842
		expect(believed.comparisons['2019']).toMatchObject({
			status: 'shown',
			direction: 'no_significant_change'
		});
		expect(believed.comparisons['2019']!.p!).toBeCloseTo(0.300948651842, 9);

		const byCare = await (
			await app.request('/api/v1/benchmark?wave=2026-27&compare=2019&by=care_experienced', {
				headers: { cookie }
			})
		).text();
		const parsed = JSON.parse(byCare) as typeof report;
		const groups = parsed.agreeItems.find((item) => item.item === 'feel_believed')!.groups;
		const yes = groups.find((group) => (group as unknown as { group: string }).group === 'yes')!;
		expect(yes.cells['2026-27']).toEqual({
			status: 'suppressed',
			label: 'not shown, to protect a small group'
		});
		// Complementary suppression: no other group may give the hidden 4 away as total minus the rest.
		const statuses = groups.map((group) => group.cells['2026-27']!.status);
		expect(statuses.filter((status) => status !== 'shown').length).toBeGreaterThanOrEqual(2);
		const csv = await (
			await app.request('/api/v1/export.csv?wave=2026-27&compare=2019&by=care_experienced', {
				headers: { cookie }
			})
		).text();
		const hiddenRow = parseCsvTable(csv).find(
			(row) =>
				row.item === 'feel_believed' &&
				row.group === 'yes' &&
				row.wave === '2026-27' &&
				row.statistic_set === 'agree'
		)!;
		expect(hiddenRow).toMatchObject({ status: 'suppressed', n: '', positive: '', pct: '' });
		expect(hiddenRow.group_label).toBe('Yes');
		expect(hiddenRow.item_label).toBe('When I tell an adult something, they believe me');
	});

	it('refuses an unknown breakdown or wave, naming the field', async () => {
		const { app, cookieFor } = await withStaff();
		const cookie = await cookieFor('analyst');
		const answer = await app.request('/api/v1/benchmark?wave=2026-27&by=favourite_colour', {
			headers: { cookie }
		});
		expect(answer.status).toBe(400);
		expect(
			((await answer.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field
		).toBe('by');
	});
});

import { describe, expect, it } from 'vitest';
import { AuthService, type Role } from '../../server/auth/auth.service.js';
import { seedIllustrativeData } from '../../server/seed/seed.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, testApp, testDatabase } from './helpers.js';

/**
 * "You said" shows only what staff published (issue 11, item 4). The public page used to be
 * computed live, so anyone could post known answers next to one young person's and read theirs off
 * it; now it serves a snapshot published from a closed wave, and nothing sent later moves it.
 */

const CHEAP = { N: 1024, r: 8, p: 1 };
const IN_SPRING = Date.parse('2026-03-02T10:00:00.000Z');
const AFTER_SPRING = Date.parse('2026-11-23T09:00:00.000Z');
type Who = 'anonymous' | Role;

/** 30 baseline rows: 18 agree, 12 disagree. */
const BASELINE_CSV = [
	'know_who_to_talk_to,feel_believed',
	...Array.from({ length: 30 }, (_, index) => (index < 18 ? 'agree,agree' : 'disagree,agree'))
].join('\n');

async function setup() {
	let now = IN_SPRING;
	const clock = () => new Date(now);
	const { app, database } = await testApp({ clock });
	const auth = new AuthService(database, clock, CHEAP);
	const waves = new WavesService(database, clock);
	for (const role of ['admin', 'analyst', 'rep'] as Role[])
		await auth.createUser(`${role}@example.org`, `a-long-${role}-password`, role);
	await waves.create({
		id: 'spring',
		name: 'Spring 2026',
		opensAt: '2026-03-01T00:00:00.000Z',
		closesAt: '2026-04-01T00:00:00.000Z',
		isBaseline: false,
		isIllustrative: false
	});
	await waves.create({
		id: 'base',
		name: '2019',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	const cookies = {} as Record<Role, string>;
	const signIn = async () => {
		for (const role of ['admin', 'analyst', 'rep'] as Role[]) {
			const answer = await app.request('/api/v1/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: `${role}@example.org`, password: `a-long-${role}-password` })
			});
			cookies[role] = answer.headers.get('set-cookie')!.split(';')[0]!;
		}
	};
	await signIn();
	const send = (who: Who, method: string, path: string, body?: unknown) =>
		app.request(path, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(who === 'anonymous' ? {} : { cookie: cookies[who] })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	expect(
		(
			await send('analyst', 'POST', '/api/v1/waves/base/import', {
				format: 'respondent',
				csv: BASELINE_CSV
			})
		).status
	).toBe(200);
	// 20 young people answer in spring: 15 know who to talk to, 5 do not.
	const spring = Array.from({ length: 20 }, (_, index) =>
		aResponse({
			answers: { know_who_to_talk_to: index < 15 ? 'agree' : 'disagree', feel_believed: 'agree' }
		})
	);
	expect(await (await postResponses(app, { responses: spring })).json()).toMatchObject({
		accepted: spring.map((response) => response.id)
	});
	// A rep's session in spring: a tablet that was offline sends its responses after the wave closed.
	const { session } = (await (
		await send('rep', 'POST', '/api/v1/sessions', { name: 'Youth club', waveId: 'spring' })
	).json()) as { session: { code: string } };
	/** Moves the clock, and signs everyone in again (sessions end after 12 hours). */
	const at = async (ms: number) => {
		now = ms;
		await signIn();
	};
	return { app, database, waves, send, at, clock, sessionCode: session.code };
}

async function publicPage(app: Awaited<ReturnType<typeof setup>>['app']) {
	const answer = await app.request('/api/v1/you-said');
	expect(answer.status).toBe(200);
	return {
		text: await answer.text(),
		type: answer.headers.get('content-type'),
		cache: answer.headers.get('cache-control')
	};
}

describe('"You said" before anything is published', () => {
	it('says results are coming, even when a wave has plenty of answers', async () => {
		const { app, at } = await setup();
		expect(JSON.parse((await publicPage(app)).text)).toEqual({ available: false });
		await at(AFTER_SPRING);
		expect(JSON.parse((await publicPage(app)).text)).toEqual({ available: false });
	});
});

describe('publishing "You said"', () => {
	it('publishes exactly the preview, from a closed wave; the public sees the role and date, never an email; it is audited', async () => {
		const { app, send, at, clock } = await setup();
		await at(AFTER_SPRING);
		const preview = await send(
			'analyst',
			'GET',
			'/api/v1/you-said/preview?wave=spring&compare=base'
		);
		expect(preview.status).toBe(200);
		const { preview: content } = (await preview.json()) as { preview: Record<string, unknown> };
		expect(content).toEqual({
			wave: 'Spring 2026',
			baseline: '2019',
			illustrative: false,
			results: expect.arrayContaining([
				expect.objectContaining({ item: 'know_who_to_talk_to', outOf100: 75, before: 60 })
			])
		});

		const published = await send('analyst', 'POST', '/api/v1/you-said/publish', {
			wave: 'spring',
			compare: 'base'
		});
		expect(published.status).toBe(201);
		const { snapshot } = (await published.json()) as {
			snapshot: {
				waveId: string;
				baselineId: string;
				publishedAt: string;
				publishedBy: { email: string };
				publication: Record<string, unknown>;
			};
		};
		expect(snapshot).toMatchObject({
			waveId: 'spring',
			baselineId: 'base',
			publishedAt: clock().toISOString(),
			publishedBy: { email: 'analyst@example.org' }
		});

		const page = await publicPage(app);
		expect(page.cache).toBe('no-cache');
		expect(page.type).toMatch(/^application\/json/);
		const body = JSON.parse(page.text) as Record<string, unknown>;
		// The preview is exactly what was published, plus when and by which role.
		expect(body).toEqual({
			available: true,
			...content,
			publishedAt: clock().toISOString(),
			publishedBy: 'analyst'
		});
		expect(body).toEqual(snapshot.publication);
		expect(page.text).not.toContain('@');

		// Staff see who published it, by email.
		const current = (await (await send('admin', 'GET', '/api/v1/you-said/published')).json()) as {
			snapshot: { publishedBy: { email: string }; publication: unknown };
		};
		expect(current.snapshot).toMatchObject({
			publishedBy: { email: 'analyst@example.org' },
			publication: body
		});

		const audit = (await (await send('admin', 'GET', '/api/v1/users/audit')).json()) as {
			entries: { action: string; email: string; detail: Record<string, unknown> }[];
		};
		expect(audit.entries.filter((entry) => entry.action === 'you_said_published')).toEqual([
			expect.objectContaining({
				email: 'analyst@example.org',
				detail: { wave: 'spring', compare: 'base', snapshot: expect.any(Number) }
			})
		]);
	});

	it('the padding attack: responses sent after publishing, 9 known and 1 real, leave the public answer byte-identical', async () => {
		const { app, send, at, waves, sessionCode } = await setup();
		await at(AFTER_SPRING);
		expect(
			(
				await send('analyst', 'POST', '/api/v1/you-said/publish', {
					wave: 'spring',
					compare: 'base'
				})
			).status
		).toBe(201);
		const before = await publicPage(app);
		const liveBefore = await (await send('analyst', 'GET', '/api/v1/benchmark?wave=spring')).text();

		// Late responses of a spring session are kept in spring (flagged wave_closed): its live figures move...
		const late = Array.from({ length: 10 }, () =>
			aResponse({
				sessionCode,
				answers: { know_who_to_talk_to: 'disagree', feel_believed: 'disagree' }
			})
		);
		expect(await (await postResponses(app, { responses: late })).json()).toMatchObject({
			accepted: late.map((response) => response.id)
		});
		expect(await (await send('analyst', 'GET', '/api/v1/benchmark?wave=spring')).text()).not.toBe(
			liveBefore
		);
		expect(await publicPage(app)).toEqual(before);

		// ...and an open wave padded with 9 known answers next to one young person's real one.
		await waves.create({
			id: 'autumn',
			name: 'Autumn 2026',
			opensAt: '2026-09-01T00:00:00.000Z',
			closesAt: null,
			isBaseline: false,
			isIllustrative: false
		});
		const known = Array.from({ length: 9 }, () =>
			aResponse({
				answers: { know_who_to_talk_to: 'agree', feel_believed: 'agree', feel_listened_to: 'agree' }
			})
		);
		const real = aResponse({
			answers: {
				know_who_to_talk_to: 'disagree',
				feel_believed: 'strongly_disagree',
				feel_listened_to: 'disagree'
			}
		});
		expect(await (await postResponses(app, { responses: [...known, real] })).json()).toMatchObject({
			accepted: [...known, real].map((response) => response.id)
		});
		expect(await publicPage(app)).toEqual(before);
		// Many more answers in the open wave still do not move it: it cannot be published while open.
		await postResponses(app, { responses: Array.from({ length: 30 }, () => aResponse()) });
		expect(await publicPage(app)).toEqual(before);
		expect(
			(
				await send('analyst', 'POST', '/api/v1/you-said/publish', {
					wave: 'autumn',
					compare: 'base'
				})
			).status
		).toBe(400);
		expect(await publicPage(app)).toEqual(before);
	});

	it('shows the latest snapshot when a later one is published', async () => {
		const { app, send, at, waves } = await setup();
		await at(AFTER_SPRING);
		await send('analyst', 'POST', '/api/v1/you-said/publish', { wave: 'spring', compare: 'base' });
		await waves.create({
			id: 'summer',
			name: 'Summer 2026',
			opensAt: '2026-06-01T00:00:00.000Z',
			closesAt: '2026-07-01T00:00:00.000Z',
			isBaseline: false,
			isIllustrative: true
		});
		expect(
			(await send('admin', 'POST', '/api/v1/you-said/publish', { wave: 'summer' })).status
		).toBe(201);
		// No comparison asked for; an illustrative wave keeps its label on the public page.
		expect(JSON.parse((await publicPage(app)).text)).toEqual({
			available: true,
			wave: 'Summer 2026',
			baseline: null,
			illustrative: true,
			results: [],
			publishedAt: expect.any(String),
			publishedBy: 'admin'
		});
	});

	it.each([
		['an open wave', { wave: 'autumn', compare: 'base' }, 'wave'],
		['a baseline', { wave: 'base' }, 'wave'],
		['a wave that does not exist', { wave: 'nope', compare: 'base' }, 'wave'],
		['no wave', { compare: 'base' }, 'wave'],
		['a comparison that is not a baseline', { wave: 'spring', compare: 'autumn' }, 'compare'],
		['a comparison that does not exist', { wave: 'spring', compare: 'nope' }, 'compare'],
		['a comparison that is not one id', { wave: 'spring', compare: ['base'] }, 'compare']
	])(
		'refuses to publish %s with a 400 naming the field, and publishes nothing',
		async (_, body, field) => {
			const { app, send, at, waves } = await setup();
			await at(AFTER_SPRING);
			await waves.create({
				id: 'autumn',
				name: 'Autumn 2026',
				opensAt: '2026-09-01T00:00:00.000Z',
				closesAt: '2027-09-01T00:00:00.000Z',
				isBaseline: false,
				isIllustrative: false
			});
			const answer = await send('analyst', 'POST', '/api/v1/you-said/publish', body);
			expect(answer.status).toBe(400);
			const { error } = (await answer.json()) as { error: { details: { field: string }[] } };
			expect(error.details.map((detail) => detail.field)).toEqual([field]);
			if (!Array.isArray((body as { compare?: unknown }).compare)) {
				const query = new URLSearchParams(Object.entries(body) as [string, string][]);
				const preview = await send('analyst', 'GET', `/api/v1/you-said/preview?${query}`);
				expect(preview.status).toBe(400);
				expect(
					((await preview.json()) as { error: { details: { field: string }[] } }).error.details[0]!
						.field
				).toBe(field);
			}
			expect(JSON.parse((await publicPage(app)).text)).toEqual({ available: false });
		}
	);

	it('refuses a wave that has not closed yet (its closing time still ahead)', async () => {
		const { send, at } = await setup();
		await at(Date.parse('2026-03-31T23:59:59.000Z'));
		const answer = await send('analyst', 'POST', '/api/v1/you-said/publish', {
			wave: 'spring',
			compare: 'base'
		});
		expect(answer.status).toBe(400);
		expect(
			((await answer.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field
		).toBe('wave');
		await at(Date.parse('2026-04-01T00:00:00.000Z'));
		expect(
			(
				await send('analyst', 'POST', '/api/v1/you-said/publish', {
					wave: 'spring',
					compare: 'base'
				})
			).status
		).toBe(201);
	});

	it('is for analysts and admins: a rep gets 403, anonymous 401, and a cross-site publish is refused', async () => {
		const { app, send, at } = await setup();
		await at(AFTER_SPRING);
		for (const [method, path, body] of [
			['GET', '/api/v1/you-said/preview?wave=spring&compare=base', undefined],
			['GET', '/api/v1/you-said/published', undefined],
			['POST', '/api/v1/you-said/publish', { wave: 'spring', compare: 'base' }]
		] as const) {
			expect((await send('rep', method, path, body)).status, `rep ${method} ${path}`).toBe(403);
			expect(
				(await send('anonymous', method, path, body)).status,
				`anonymous ${method} ${path}`
			).toBe(401);
		}
		const crossSite = await app.request('/api/v1/you-said/publish', {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				origin: 'https://evil.example',
				'sec-fetch-site': 'cross-site'
			},
			body: JSON.stringify({ wave: 'spring', compare: 'base' })
		});
		expect(crossSite.status).toBe(403);
		expect(JSON.parse((await publicPage(app)).text)).toEqual({ available: false });
	});
});

describe('the illustrative seed', () => {
	it('publishes the demonstration wave once it has closed, labelled illustrative', async () => {
		const database = await testDatabase();
		const now = () => new Date(AFTER_SPRING);
		expect(await seedIllustrativeData(database, now)).toBe(true);
		const { app } = await testApp({ database, clock: now });
		const body = JSON.parse(await (await app.request('/api/v1/you-said')).text()) as {
			available: boolean;
			illustrative: boolean;
			wave: string;
			baseline: string;
			results: unknown[];
		};
		expect(body).toMatchObject({
			available: true,
			illustrative: true,
			wave: 'Demonstration repeat (illustrative)',
			baseline: '2020 (illustrative)',
			publishedBy: 'analyst'
		});
		expect(body.results.length).toBeGreaterThan(0);
	});

	it('publishes nothing while the demonstration wave is open: the page says results are coming', async () => {
		const database = await testDatabase();
		const now = () => new Date(Date.parse('2026-02-01T00:00:00.000Z'));
		expect(await seedIllustrativeData(database, now)).toBe(true);
		const { app } = await testApp({ database, clock: now });
		expect(await (await app.request('/api/v1/you-said')).json()).toEqual({ available: false });
	});
});

describe('"You said, we did" (issue 14 item 8)', () => {
	const WE_DID = {
		'13': {
			text: 'We trained 40 youth workers. They will listen to you.',
			translations: { ar: 'دربنا 40 عامل شباب. سيستمعون إليكم.' }
		},
		'15': { text: 'We started a mentoring club.' }
	};

	async function published() {
		const context = await setup();
		await context.at(AFTER_SPRING);
		const answer = await context.send('analyst', 'POST', '/api/v1/you-said/publish', {
			wave: 'spring',
			compare: 'base'
		});
		const { snapshot } = (await answer.json()) as { snapshot: { id: number } };
		return { ...context, snapshot: snapshot.id };
	}

	it('refuses actions before anything is published, naming the field', async () => {
		const { send, at } = await setup();
		await at(AFTER_SPRING);
		const answer = await send('analyst', 'PUT', '/api/v1/you-said/actions', {
			snapshot: 1,
			actions: WE_DID
		});
		expect(answer.status).toBe(400);
		expect(await answer.json()).toMatchObject({
			error: {
				code: 'invalid_selection',
				details: [{ field: 'snapshot', message: expect.stringContaining('publish') }]
			}
		});
	});

	it('stores an action per outcome with who and when, audits it, and serves it under the unchanged figures', async () => {
		const { app, send, snapshot, clock } = await published();
		const before = JSON.parse((await publicPage(app)).text) as Record<string, unknown>;
		const answer = await send('analyst', 'PUT', '/api/v1/you-said/actions', {
			snapshot,
			actions: WE_DID
		});
		expect(answer.status).toBe(200);
		expect(((await answer.json()) as { actions: unknown[] }).actions).toEqual([
			{
				outcome: 13,
				text: WE_DID['13'].text,
				translations: WE_DID['13'].translations,
				updatedAt: clock().toISOString(),
				updatedBy: { id: expect.any(String), email: 'analyst@example.org' }
			},
			expect.objectContaining({
				outcome: 15,
				text: 'We started a mentoring club.',
				translations: {}
			})
		]);

		const page = await publicPage(app);
		expect(JSON.parse(page.text)).toEqual({
			...before,
			actions: [
				{ outcome: 13, text: WE_DID['13'].text, translations: WE_DID['13'].translations },
				{ outcome: 15, text: 'We started a mentoring club.', translations: {} }
			]
		});
		expect(page.text).not.toContain('@');

		const staffView = (await (await send('admin', 'GET', '/api/v1/you-said/published')).json()) as {
			actions: { outcome: number }[];
		};
		expect(staffView.actions.map((action) => action.outcome)).toEqual([13, 15]);
		const audit = (await (await send('admin', 'GET', '/api/v1/users/audit')).json()) as {
			entries: { action: string; detail: Record<string, unknown> }[];
		};
		expect(audit.entries.find((entry) => entry.action === 'you_said_actions_saved')).toMatchObject({
			detail: { snapshot, outcomes: [13, 15] }
		});

		// Saving again replaces them: an outcome left out has no action any more.
		await send('analyst', 'PUT', '/api/v1/you-said/actions', {
			snapshot,
			actions: { '14': { text: 'Information is on the app now.' } }
		});
		const after = JSON.parse((await publicPage(app)).text) as { actions: { outcome: number }[] };
		expect(after.actions.map((action) => action.outcome)).toEqual([14]);
		// Clearing every action serves the snapshot exactly as published again.
		await send('analyst', 'PUT', '/api/v1/you-said/actions', { snapshot, actions: {} });
		expect(JSON.parse((await publicPage(app)).text)).toEqual(before);
	});

	const sixteen =
		'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
	it.each([
		[
			'a sentence of 16 words',
			{ '13': { text: `We listened. ${sixteen}.` } },
			'actions.13.text',
			'sentence 2 ("one two three four five…") has 16 words; keep each sentence to 15 words or fewer'
		],
		[
			'a translation with a long sentence',
			{ '14': { text: 'We did it.', translations: { pl: `${sixteen}.` } } },
			'actions.14.translations.pl',
			'sentence 1 ("one two three four five…") has 16 words'
		],
		[
			'an outcome that is not 13–16',
			{ '17': { text: 'Hello.' } },
			'actions.17',
			'outcomes 13, 14, 15, 16'
		],
		[
			'a language the app does not have',
			{ '13': { text: 'Hi.', translations: { fr: 'Salut.' } } },
			'actions.13.translations.fr',
			'is not a language of the app (pl, ar)'
		],
		[
			'a translation without English',
			{ '13': { text: '', translations: { ar: 'نعم.' } } },
			'actions.13.text',
			'required'
		],
		[
			'text over 300 characters',
			{ '13': { text: 'Yes. '.repeat(70) } },
			'actions.13.text',
			'at most 300'
		]
	])('refuses %s with a 400 naming the field and why', async (_, actions, field, message) => {
		const { app, send, snapshot } = await published();
		const before = (await publicPage(app)).text;
		const answer = await send('analyst', 'PUT', '/api/v1/you-said/actions', { snapshot, actions });
		expect(answer.status).toBe(400);
		const body = (await answer.json()) as {
			error: { details: { field: string; message: string }[] };
		};
		expect(body.error.details[0]).toMatchObject({
			field,
			message: expect.stringContaining(message)
		});
		expect((await publicPage(app)).text).toBe(before);
	});

	it('refuses a rep (403) and actions for a snapshot that is no longer the one published (409)', async () => {
		const { send, snapshot, waves } = await published();
		expect(
			(await send('rep', 'PUT', '/api/v1/you-said/actions', { snapshot, actions: WE_DID })).status
		).toBe(403);
		expect(
			(await send('anonymous', 'PUT', '/api/v1/you-said/actions', { snapshot, actions: WE_DID }))
				.status
		).toBe(401);
		await waves.create({
			id: 'summer',
			name: 'Summer 2026',
			opensAt: '2026-06-01T00:00:00.000Z',
			closesAt: '2026-07-01T00:00:00.000Z',
			isBaseline: false,
			isIllustrative: false
		});
		await send('admin', 'POST', '/api/v1/you-said/publish', { wave: 'summer' });
		const stale = await send('analyst', 'PUT', '/api/v1/you-said/actions', {
			snapshot,
			actions: WE_DID
		});
		expect(stale.status).toBe(409);
		expect(await stale.json()).toMatchObject({ error: { details: [{ field: 'snapshot' }] } });
	});
});

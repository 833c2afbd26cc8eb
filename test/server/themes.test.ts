import { describe, expect, it } from 'vitest';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, signedInAs, testApp } from './helpers.js';

/** Free-text themes (issue 14 item 9): a codebook per wave, tags, a filter and protected counts. */

const NOW = Date.parse('2026-11-23T09:00:00.000Z');
const WAVE = '2026-27';

async function setup(answers = 25) {
	const clock = () => new Date(NOW);
	const { app, database } = await testApp({ clock });
	const cookies = {
		analyst: await signedInAs(app, database, 'analyst'),
		admin: await signedInAs(app, database, 'admin'),
		rep: await signedInAs(app, database, 'rep')
	};
	const responses = Array.from({ length: answers }, (_, index) =>
		aResponse({
			answers: { know_who_to_talk_to: 'agree', what_would_help: `Answer ${index} ends here` }
		})
	);
	if (answers > 0) expect((await postResponses(app, { responses })).status).toBe(200);
	const send = (who: keyof typeof cookies, method: string, path: string, body?: unknown) =>
		app.request(path, {
			method,
			headers: {
				cookie: cookies[who],
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const create = async (name: string, description = '') => {
		const answer = await send('analyst', 'POST', '/api/v1/free-text/themes', {
			wave: WAVE,
			name,
			description
		});
		expect(answer.status).toBe(201);
		return ((await answer.json()) as { theme: { id: number } }).theme.id;
	};
	const list = async (query = '') =>
		(
			(await (await send('analyst', 'GET', `/api/v1/free-text?wave=${WAVE}${query}`)).json()) as {
				answers: { id: string; text: string; themes: number[] }[];
			}
		).answers;
	const audit = async () =>
		(
			(await (await send('admin', 'GET', '/api/v1/users/audit')).json()) as {
				entries: { action: string; detail: Record<string, unknown> }[];
			}
		).entries;
	return { app, database, send, create, list, audit, responses };
}

describe('the codebook', () => {
	it('creates, renames, describes and deletes themes, audited; names are unique in a wave whatever their case', async () => {
		const { send, create, audit } = await setup(0);
		const id = await create('Youth clubs', 'More places to go in the evening');
		const themes = async () =>
			(
				(await (await send('analyst', 'GET', `/api/v1/free-text/themes?wave=${WAVE}`)).json()) as {
					themes: { id: number; name: string; description: string }[];
				}
			).themes;
		expect(await themes()).toEqual([
			expect.objectContaining({
				id,
				name: 'Youth clubs',
				description: 'More places to go in the evening'
			})
		]);

		const duplicate = await send('analyst', 'POST', '/api/v1/free-text/themes', {
			wave: WAVE,
			name: '  youth CLUBS '
		});
		expect(duplicate.status).toBe(409);
		expect(await duplicate.json()).toMatchObject({
			error: { details: [{ field: 'name', code: 'duplicate' }] }
		});

		const renamed = await send('analyst', 'PATCH', `/api/v1/free-text/themes/${id}`, {
			name: 'Places to go'
		});
		expect(renamed.status).toBe(200);
		expect(await renamed.json()).toMatchObject({
			theme: { name: 'Places to go', description: 'More places to go in the evening' }
		});
		// Its own name again in another case is not a clash with itself.
		expect(
			(await send('analyst', 'PATCH', `/api/v1/free-text/themes/${id}`, { name: 'places to go' }))
				.status
		).toBe(200);
		const other = await create('Online help');
		expect(
			(
				await send('analyst', 'PATCH', `/api/v1/free-text/themes/${other}`, {
					name: 'Places TO go'
				})
			).status
		).toBe(409);

		expect((await send('analyst', 'DELETE', `/api/v1/free-text/themes/${id}`, {})).status).toBe(
			200
		);
		expect((await themes()).map((theme) => theme.name)).toEqual(['Online help']);
		expect((await send('analyst', 'DELETE', `/api/v1/free-text/themes/${id}`, {})).status).toBe(
			404
		);
		expect(
			(await audit())
				.map((entry) => entry.action)
				.filter((action) => action.startsWith('theme_'))
				.sort()
		).toEqual([
			'theme_created',
			'theme_created',
			'theme_deleted',
			'theme_updated',
			'theme_updated'
		]);
	});

	it.each([
		['a name over 60 characters', { wave: WAVE, name: 'x'.repeat(61) }, 'name', 'at most 60'],
		['no name', { wave: WAVE, name: '   ' }, 'name', 'is required'],
		[
			'a description over 200 characters',
			{ wave: WAVE, name: 'A', description: 'y'.repeat(201) },
			'description',
			'at most 200'
		],
		['a wave that does not exist', { wave: 'nope', name: 'A' }, 'wave', 'no wave']
	])('refuses %s with a 400 naming the field', async (_, body, field, message) => {
		const { send } = await setup(0);
		const answer = await send('analyst', 'POST', '/api/v1/free-text/themes', body);
		expect(answer.status).toBe(400);
		expect(
			((await answer.json()) as { error: { details: unknown[] } }).error.details[0]
		).toMatchObject({
			field,
			message: expect.stringContaining(message)
		});
	});

	it('is for analysts and admins only: a rep gets 403 on every theme route', async () => {
		const { send, create } = await setup(0);
		const id = await create('Bullying');
		for (const [method, path, body] of [
			['GET', `/api/v1/free-text/themes?wave=${WAVE}`, undefined],
			['POST', '/api/v1/free-text/themes', { wave: WAVE, name: 'Rep theme' }],
			['PATCH', `/api/v1/free-text/themes/${id}`, { name: 'Renamed' }],
			['DELETE', `/api/v1/free-text/themes/${id}`, {}],
			['PUT', '/api/v1/free-text/answers/x/themes', { themes: [] }]
		] as const)
			expect((await send('rep', method, path, body)).status, `${method} ${path}`).toBe(403);
	});
});

describe('tagging answers', () => {
	it('tags an answer with one or more themes, filters the list by theme, and untags when a theme goes', async () => {
		const { send, create, list, audit } = await setup(12);
		const clubs = await create('Youth clubs');
		const online = await create('Online help');
		const [first, second] = await list();
		expect(first!.themes).toEqual([]);

		const tagged = await send('analyst', 'PUT', `/api/v1/free-text/answers/${first!.id}/themes`, {
			themes: [online, clubs, clubs]
		});
		expect(tagged.status).toBe(200);
		expect(await tagged.json()).toEqual({
			id: first!.id,
			themes: [clubs, online].sort((a, b) => a - b)
		});
		await send('analyst', 'PUT', `/api/v1/free-text/answers/${second!.id}/themes`, {
			themes: [clubs]
		});

		expect((await list(`&theme=${clubs}`)).map((answer) => answer.id).sort()).toEqual(
			[first!.id, second!.id].sort()
		);
		expect(await list(`&theme=${online}`)).toEqual([
			{ id: first!.id, text: first!.text, themes: [clubs, online].sort((a, b) => a - b) }
		]);
		// The filter and the search combine.
		expect(await list(`&theme=${clubs}&q=${encodeURIComponent(second!.text)}`)).toHaveLength(1);
		expect((await list()).length).toBe(12);
		await expect(audit()).resolves.toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					action: 'answer_tagged',
					detail: { answer: first!.id, themes: [clubs, online].sort((a, b) => a - b) }
				})
			])
		);

		// Clearing an answer's themes, and deleting a theme, untag.
		await send('analyst', 'PUT', `/api/v1/free-text/answers/${second!.id}/themes`, { themes: [] });
		await send('analyst', 'DELETE', `/api/v1/free-text/themes/${online}`, {});
		expect(await list(`&theme=${clubs}`)).toEqual([
			{ id: first!.id, text: first!.text, themes: [clubs] }
		]);
	});

	it.each([
		['a theme of another wave', 'other', 400, 'themes'],
		['a theme that does not exist', 'missing', 400, 'themes'],
		['an answer that does not exist', 'no-answer', 404, 'answer'],
		['a theme id that is not a number', 'not-a-number', 400, 'themes.0']
	])('refuses %s, naming the field', async (_, kind, status, field) => {
		const { send, create, list, database } = await setup(12);
		await new WavesService(database).create({
			id: 'other',
			name: 'Other',
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: false
		});
		const foreign = await send('analyst', 'POST', '/api/v1/free-text/themes', {
			wave: 'other',
			name: 'Elsewhere'
		});
		const foreignId = ((await foreign.json()) as { theme: { id: number } }).theme.id;
		await create('Here');
		const [answer] = await list();
		const body = {
			other: { themes: [foreignId] },
			missing: { themes: [9999] },
			'no-answer': { themes: [] },
			'not-a-number': { themes: ['1'] }
		}[kind];
		const id = kind === 'no-answer' ? 'no-such-answer' : answer!.id;
		const refused = await send('analyst', 'PUT', `/api/v1/free-text/answers/${id}/themes`, body);
		expect(refused.status).toBe(status);
		expect(await refused.json()).toMatchObject({ error: { details: [{ field }] } });
		expect((await list())[0]!.themes).toEqual([]);
	});

	it('refuses a theme filter that is not an id', async () => {
		const { send } = await setup(12);
		const answer = await send('analyst', 'GET', `/api/v1/free-text?wave=${WAVE}&theme=clubs`);
		expect(answer.status).toBe(400);
		expect(await answer.json()).toMatchObject({ error: { details: [{ field: 'theme' }] } });
	});
});

describe('theme counts', () => {
	const tagAll = async (
		send: Awaited<ReturnType<typeof setup>>['send'],
		ids: string[],
		themes: number[]
	) => {
		for (const id of ids)
			expect(
				(await send('analyst', 'PUT', `/api/v1/free-text/answers/${id}/themes`, { themes })).status
			).toBe(200);
	};

	it('hides a count under 10, and another so that total − the others cannot give it away', async () => {
		const { send, create, list } = await setup(25);
		const clubs = await create('Youth clubs');
		const online = await create('Online help');
		const answers = (await list()).map((answer) => answer.id);
		// 12 about clubs, 3 about online help, 10 with no theme: 25 answers in all.
		await tagAll(send, answers.slice(0, 12), [clubs]);
		await tagAll(send, answers.slice(12, 15), [online]);
		const answer = await send('analyst', 'GET', `/api/v1/free-text/themes?wave=${WAVE}`);
		const text = await answer.text();
		const body = JSON.parse(text) as {
			total: unknown;
			untagged: unknown;
			themes: { id: number; name: string; count: unknown }[];
		};
		expect(body.total).toEqual({ status: 'shown', n: 25 });
		expect(body.themes).toEqual([
			{
				id: online,
				waveId: WAVE,
				name: 'Online help',
				description: '',
				count: { status: 'suppressed', label: 'not shown, to protect a small group' }
			},
			{
				id: clubs,
				waveId: WAVE,
				name: 'Youth clubs',
				description: '',
				count: { status: 'shown', n: 12 }
			}
		]);
		// 25 − 12 − 10 would be 3: the untagged count is hidden too, and no 3 or 10 is anywhere.
		expect(body.untagged).toEqual({
			status: 'suppressed',
			label: 'not shown, to protect a small group'
		});
		expect(text).not.toMatch(/"n":(3|10)\b/);
	});

	it('shows every count of 10 or more when nothing small has to be protected; one answer may carry two themes', async () => {
		const { send, create, list } = await setup(30);
		const clubs = await create('Youth clubs');
		const online = await create('Online help');
		const answers = (await list()).map((answer) => answer.id);
		await tagAll(send, answers.slice(0, 10), [clubs, online]);
		await tagAll(send, answers.slice(10, 20), [clubs]);
		const body = (await (
			await send('analyst', 'GET', `/api/v1/free-text/themes?wave=${WAVE}`)
		).json()) as {
			untagged: unknown;
			themes: { name: string; count: unknown }[];
		};
		expect(body.themes.map((theme) => [theme.name, theme.count])).toEqual([
			['Online help', { status: 'shown', n: 10 }],
			['Youth clubs', { status: 'shown', n: 20 }]
		]);
		expect(body.untagged).toEqual({ status: 'shown', n: 10 });
	});

	it('says only "fewer than 10" when fewer than 10 answered', async () => {
		const { send, create } = await setup(7);
		await create('Youth clubs');
		const text = await (
			await send('analyst', 'GET', `/api/v1/free-text/themes?wave=${WAVE}`)
		).text();
		expect(JSON.parse(text)).toMatchObject({
			total: { status: 'suppressed', label: 'fewer than 10' },
			untagged: { status: 'suppressed', label: 'not shown, to protect a small group' },
			themes: [{ count: { status: 'suppressed', label: 'not shown, to protect a small group' } }]
		});
		expect(text).not.toMatch(/"n":/);
	});
});

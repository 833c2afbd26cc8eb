import { describe, expect, it } from 'vitest';
import { aResponse, postResponses, testApp } from './helpers.js';

interface IngestBody {
	accepted: string[];
	duplicates: string[];
	rejected: { id: string | null; errors: { field: string; code: string; message: string }[] }[];
}

async function countRows(
	database: Awaited<ReturnType<typeof testApp>>['database'],
	table = 'responses'
) {
	const result = await database.client.execute(`SELECT count(*) AS n FROM ${table}`);
	return Number(result.rows[0]?.n);
}

describe('POST /api/v1/responses', () => {
	it('accepts valid responses and stores every answer value', async () => {
		const { app, database } = await testApp();
		const responses = [
			aResponse(),
			aResponse({
				mode: 'easy_read',
				answers: { know_who_to_talk_to: 'sometimes', feel_believed: 'dont_understand' }
			})
		];
		const answer = await postResponses(app, { responses });
		expect(answer.status).toBe(200);
		const body = (await answer.json()) as IngestBody;
		expect(body).toEqual({ accepted: responses.map((r) => r.id), duplicates: [], rejected: [] });
		expect(await countRows(database)).toBe(2);
		const stored = await database.client.execute({
			sql: 'SELECT answers_json, mode FROM responses WHERE id = ?',
			args: [responses[1]!.id]
		});
		expect(JSON.parse(String(stored.rows[0]?.answers_json))).toEqual(responses[1]!.answers);
	});

	it('reports a re-sent batch as duplicates and never stores a second row', async () => {
		const { app, database } = await testApp();
		const responses = [aResponse(), aResponse()];
		await postResponses(app, { responses });
		const again = (await (await postResponses(app, { responses })).json()) as IngestBody;
		expect(again).toEqual({ accepted: [], duplicates: responses.map((r) => r.id), rejected: [] });
		expect(await countRows(database)).toBe(2);
	});

	it('refuses the same id with different content as a conflict and keeps the first copy byte for byte', async () => {
		const { app, database } = await testApp();
		const first = aResponse();
		await postResponses(app, { responses: [first] });
		const before = await database.client.execute({
			sql: 'SELECT * FROM responses WHERE id = ?',
			args: [first.id]
		});
		const changed = { ...first, answers: { ...first.answers, know_who_to_talk_to: 'disagree' } };
		const body = (await (await postResponses(app, { responses: [changed] })).json()) as IngestBody;
		expect(body.accepted).toEqual([]);
		expect(body.rejected).toEqual([
			{ id: first.id, errors: [expect.objectContaining({ field: 'id', code: 'conflict' })] }
		]);
		const after = await database.client.execute({
			sql: 'SELECT * FROM responses WHERE id = ?',
			args: [first.id]
		});
		expect(after.rows).toEqual(before.rows);
	});

	it('handles the same id twice in one batch like a re-send', async () => {
		const { app, database } = await testApp();
		const response = aResponse();
		const conflicting = aResponse({ id: response.id, mode: 'send', answers: {} });
		const body = (await (
			await postResponses(app, { responses: [response, response, conflicting] })
		).json()) as IngestBody;
		expect(body.accepted).toEqual([response.id]);
		expect(body.duplicates).toEqual([response.id]);
		expect(body.rejected.map((r) => r.errors[0]?.code)).toEqual(['conflict']);
		expect(await countRows(database)).toBe(1);
	});

	it('stores the 99 good responses of a batch with one bad one, and names the bad field', async () => {
		const { app, database } = await testApp();
		const good = Array.from({ length: 99 }, () => aResponse());
		const bad = aResponse({ answers: { feel_believed: 'maybe' } });
		const body = (await (
			await postResponses(app, { responses: [...good.slice(0, 50), bad, ...good.slice(50)] })
		).json()) as IngestBody;
		expect(body.accepted).toHaveLength(99);
		expect(body.rejected).toEqual([
			{
				id: bad.id,
				errors: [
					{ field: 'answers.feel_believed', code: 'not_an_option', message: expect.any(String) }
				]
			}
		]);
		expect(await countRows(database)).toBe(99);
	});

	it.each([
		[
			'an unknown item code',
			{ answers: { favourite_colour: 'blue' } },
			'answers.favourite_colour',
			'unknown_item'
		],
		[
			'a value that is not an option',
			{ answers: { district: 'atlantis' } },
			'answers.district',
			'not_an_option'
		],
		[
			'text over 2,000 characters',
			{ answers: { what_would_help: 'x'.repeat(2001) } },
			'answers.what_would_help',
			'too_long'
		],
		[
			'an agree5 value in easy_read mode',
			{ mode: 'easy_read' as const, answers: { staff_care: 'strongly_agree' } },
			'answers.staff_care',
			'not_an_option'
		],
		[
			'"I don\'t understand" in standard mode',
			{ answers: { staff_care: 'dont_understand' } },
			'answers.staff_care',
			'not_an_option'
		],
		['a bad id', { id: 'not-a-uuid' }, 'id', 'invalid'],
		[
			'an unknown questionnaire version',
			{ questionnaireVersion: '1999.1' },
			'questionnaireVersion',
			'unknown_version'
		]
	])('rejects %s, naming the field and the reason', async (_label, overrides, field, code) => {
		const { app, database } = await testApp();
		const body = (await (
			await postResponses(app, { responses: [aResponse(overrides)] })
		).json()) as IngestBody;
		expect(body.rejected[0]?.errors).toContainEqual(expect.objectContaining({ field, code }));
		expect(await countRows(database)).toBe(0);
	});

	it('never refuses a response for the device clock: a clock days ahead is stored and flagged', async () => {
		const { app, database } = await testApp({ clock: () => new Date('2026-11-22T12:00:00Z') });
		const ahead = aResponse({
			startedAt: '2026-11-25T10:00:00Z',
			completedAt: '2026-11-25T10:05:00Z'
		});
		const behind = aResponse({
			startedAt: '2026-10-20T10:00:00Z',
			completedAt: '2026-10-20T10:05:00Z'
		});
		const body = (await (
			await postResponses(app, { responses: [ahead, behind] })
		).json()) as IngestBody;
		expect(body.accepted).toEqual([ahead.id, behind.id]);
		const rows = await database.client.execute(
			'SELECT id, flags, received_at, wave_id FROM responses'
		);
		// Attributed to the wave open when the server received it, whatever the device clock said.
		expect(rows.rows.map((row) => row.wave_id)).toEqual(['2026-27', '2026-27']);
		const flags = Object.fromEntries(
			rows.rows.map((row) => [String(row.id), JSON.parse(String(row.flags))])
		);
		expect(flags[ahead.id]).toEqual(['clock_skew']);
		expect(flags[behind.id]).toEqual([]);
		expect(rows.rows.every((row) => row.received_at === '2026-11-22T12:00:00.000Z')).toBe(true);
	});

	it.each([
		['malformed JSON', '{"responses": [', 'application/json', 400, 'invalid_json'],
		['an empty body', '', 'application/json', 400, 'invalid_json'],
		['no responses array', { responses: 'many' }, 'application/json', 400, 'invalid_body'],
		['a non-JSON content type', '{"responses": []}', 'text/plain', 415, 'unsupported_media_type'],
		[
			'a form-encoded body',
			'responses=1',
			'application/x-www-form-urlencoded',
			415,
			'unsupported_media_type'
		]
	])('answers %s with %i and the error shape', async (_label, body, type, status, code) => {
		const { app } = await testApp();
		const answer = await postResponses(app, body, type as string);
		expect(answer.status).toBe(status);
		expect(await answer.json()).toEqual({
			error: {
				code,
				message: expect.any(String),
				...(code === 'invalid_body' ? { details: expect.any(Array) } : {})
			}
		});
	});

	it('refuses more than 500 responses in a batch with 413', async () => {
		const { app, database } = await testApp();
		const answer = await postResponses(app, {
			responses: Array.from({ length: 501 }, () => aResponse({ answers: {} }))
		});
		expect(answer.status).toBe(413);
		expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
			'too_many_responses'
		);
		expect(await countRows(database)).toBe(0);
	});

	it('refuses a body over 1 MB with 413', async () => {
		const { app } = await testApp();
		const answer = await postResponses(app, { responses: [], padding: 'x'.repeat(1024 * 1024) });
		expect(answer.status).toBe(413);
		expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
			'payload_too_large'
		);
	});

	it('limits the request rate with 429 and Retry-After', async () => {
		const { app } = await testApp({ rateLimit: { limit: 2, windowMs: 60_000 } });
		expect((await postResponses(app, { responses: [] })).status).toBe(200);
		expect((await postResponses(app, { responses: [] })).status).toBe(200);
		const limited = await postResponses(app, { responses: [] });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
	});

	it('answers 503 and acknowledges nothing when the database cannot write', async () => {
		const { app, database } = await testApp({}, 'file');
		await database.client.execute('PRAGMA query_only=ON');
		const answer = await postResponses(app, { responses: [aResponse()] });
		expect(answer.status).toBe(503);
		expect(answer.headers.get('retry-after')).toBeTruthy();
		expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
			'storage_unavailable'
		);
		await database.client.execute('PRAGMA query_only=OFF');
		expect(await countRows(database)).toBe(0);
	});

	it('stores no IP address or user agent anywhere', async () => {
		const { app, database } = await testApp();
		await app.request('/api/v1/responses', {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'user-agent': 'UniqueAgent/9.9',
				'x-forwarded-for': '203.0.113.77'
			},
			body: JSON.stringify({ responses: [aResponse()] })
		});
		const dump = JSON.stringify((await database.client.execute('SELECT * FROM responses')).rows);
		expect(dump).not.toContain('UniqueAgent');
		expect(dump).not.toContain('203.0.113.77');
		const columns = (await database.client.execute('PRAGMA table_info(responses)')).rows.map(
			(row) => String(row.name)
		);
		expect(columns.some((name) => /ip|agent|device/i.test(name))).toBe(false);
	});
});

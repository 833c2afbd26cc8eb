import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aResponse, dumpStoredTables, postResponses, testApp } from './helpers.js';

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
				// Every refusal of the body names a field: `body` when it is not JSON at all.
				...(status === 400 ? { details: expect.any(Array) } : {})
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

describe('POST /api/v1/responses: Content-Encoding', () => {
	type App = Awaited<ReturnType<typeof testApp>>['app'];
	interface ErrorBody {
		error: { code: string; message: string; details?: { field: string; message: string }[] };
	}

	function postEncoded(app: App, body: string | Uint8Array, encoding: string) {
		return app.request('/api/v1/responses', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'content-encoding': encoding },
			// A copy: Node's Buffer type is not a BodyInit to TypeScript.
			body: typeof body === 'string' ? body : new Uint8Array(body)
		});
	}

	it('accepts a gzip body (and identity) and stores it exactly as the same batch sent plain', async () => {
		const responses = [aResponse(), aResponse({ mode: 'easy_read', answers: {} })];
		const json = JSON.stringify({ responses });
		const clock = () => new Date('2026-11-22T12:00:00Z');
		const plain = await testApp({ clock });
		const plainAnswer = (await (await postResponses(plain.app, json)).json()) as IngestBody;
		expect(plainAnswer.accepted).toHaveLength(2);
		for (const [encoding, body] of [
			['gzip', gzipSync(json)],
			['identity', json]
		] as const) {
			const other = await testApp({ clock });
			const answer = await postEncoded(other.app, body, encoding);
			expect(answer.status, encoding).toBe(200);
			expect(await answer.json(), encoding).toEqual(plainAnswer);
			expect(await dumpStoredTables(other.database), encoding).toEqual(
				await dumpStoredTables(plain.database)
			);
		}
	});

	it('answers the same batch plain and gzipped the same: the second is all duplicates', async () => {
		const { app, database } = await testApp();
		const responses = [aResponse(), aResponse()];
		const json = JSON.stringify({ responses });
		const ids = responses.map((r) => r.id);
		const first = (await (await postEncoded(app, gzipSync(json), 'gzip')).json()) as IngestBody;
		expect(first).toEqual({ accepted: ids, duplicates: [], rejected: [] });
		const again = (await (await postResponses(app, json)).json()) as IngestBody;
		expect(again).toEqual({ accepted: [], duplicates: ids, rejected: [] });
		const gzipAgain = (await (await postEncoded(app, gzipSync(json), 'GZip')).json()) as IngestBody;
		expect(gzipAgain).toEqual(again);
		expect(await countRows(database)).toBe(2);
	});

	it('refuses a small gzip that inflates past 1 MB (20 MB of spaces) with the 413 of a large body', async () => {
		const { app } = await testApp();
		const bomb = gzipSync(`{"responses": []${' '.repeat(20 * 1024 * 1024)}}`);
		expect(bomb.length).toBeLessThan(64 * 1024);
		const answer = await postEncoded(app, bomb, 'gzip');
		expect(answer.status).toBe(413);
		expect(((await answer.json()) as ErrorBody).error.code).toBe('payload_too_large');
	});

	it('holds the 1 MB limit on the wire too, and accepts a gzip that inflates to just under it', async () => {
		const { app } = await testApp();
		const underLimit = JSON.stringify({ responses: [aResponse()], padding: ' '.repeat(1_000_000) });
		expect((await postEncoded(app, gzipSync(underLimit), 'gzip')).status).toBe(200);
		const answer = await postEncoded(app, new Uint8Array(1024 * 1024 + 1), 'gzip');
		expect(answer.status).toBe(413);
		expect(((await answer.json()) as ErrorBody).error.code).toBe('payload_too_large');
	});

	it.each([
		['bytes that are not gzip', new TextEncoder().encode(JSON.stringify({ responses: [] }))],
		['a cut-off gzip', gzipSync(JSON.stringify({ responses: [aResponse()] })).subarray(0, 40)],
		['an empty body', new Uint8Array(0)]
	])('answers %s sent as gzip with 400 naming the body', async (_label, body) => {
		const { app, database } = await testApp();
		const answer = await postEncoded(app, body, 'gzip');
		expect(answer.status).toBe(400);
		const { error } = (await answer.json()) as ErrorBody;
		expect(error.message).toMatch(/not valid gzip/);
		expect(error.details).toEqual([expect.objectContaining({ field: 'body' })]);
		expect(await countRows(database)).toBe(0);
	});

	it.each(['br', 'deflate', 'gzip, br', 'gzip, gzip'])(
		'refuses Content-Encoding %j with 415 naming content-encoding and what is accepted',
		async (encoding) => {
			const { app, database } = await testApp();
			const json = JSON.stringify({ responses: [aResponse()] });
			const answer = await postEncoded(app, gzipSync(json), encoding);
			expect(answer.status).toBe(415);
			const { error } = (await answer.json()) as ErrorBody;
			expect(error.code).toBe('unsupported_content_encoding');
			expect(error.details).toEqual([expect.objectContaining({ field: 'content-encoding' })]);
			expect(error.details![0]!.message).toMatch(/gzip/);
			expect(error.details![0]!.message).toMatch(/identity/);
			expect(await countRows(database)).toBe(0);
		}
	);

	it('refuses bytes that are not UTF-8 inside a gzip body with 400, storing nothing', async () => {
		const { app, database } = await testApp();
		const withText = (text: string | number[]) => {
			const [head, tail] = JSON.stringify({
				responses: [aResponse({ answers: { what_would_help: 'TEXT' } })]
			}).split('TEXT');
			return gzipSync(Buffer.concat([Buffer.from(head!), Buffer.from(text), Buffer.from(tail!)]));
		};
		// 0xC3 0x28 is a broken two-byte sequence; 0xFF is never valid in UTF-8.
		const broken = await postEncoded(app, withText([0xc3, 0x28, 0xff]), 'gzip');
		expect(broken.status).toBe(400);
		expect(((await broken.json()) as ErrorBody).error.code).toBe('invalid_json');
		expect(await countRows(database)).toBe(0);
		// The same batch with UTF-8 text is stored: only the bytes made the difference.
		expect((await postEncoded(app, withText('Más clubes'), 'gzip')).status).toBe(200);
		expect(await countRows(database)).toBe(1);
	});
});

/**
 * The request envelope, table by table: what the API answers to bodies that are not what it
 * expects, on the public POST /api/v1/responses and a staff JSON endpoint (POST /api/v1/auth/login).
 * Never a 500, always the one error shape, always JSON. Each case gets a fresh app (so rate limits
 * never mix cases up), through app.request: no network.
 */
import { describe, expect, it } from 'vitest';
import { aResponse, testApp } from './helpers.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];

interface Send {
	body: string | Uint8Array | ReadableStream<Uint8Array>;
	/** null: no Content-Type header at all. */
	type?: string | null;
	headers?: Record<string, string>;
}

async function send(
	app: App,
	path: string,
	{ body, type = 'application/json', headers = {} }: Send
): Promise<Response> {
	return await app.request(path, {
		method: 'POST',
		headers: { ...(type === null ? {} : { 'content-type': type }), ...headers },
		body,
		...(body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit);
}

/** The one error shape of the API, as JSON: { error: { code, message, details? } } and nothing else. */
async function expectErrorShape(answer: Response): Promise<{
	code: string;
	message: string;
	details?: { field: string; code: string; message: string }[];
}> {
	expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
	const body = (await answer.json()) as {
		error: { code: string; message: string; details?: unknown };
	};
	expect(Object.keys(body)).toEqual(['error']);
	expect(Object.keys(body.error).every((key) => ['code', 'message', 'details'].includes(key))).toBe(
		true
	);
	expect(body.error.code).toMatch(/^[a-z_]+$/);
	expect(typeof body.error.message).toBe('string');
	expect(body.error.message.length).toBeGreaterThan(0);
	if (body.error.details !== undefined) {
		expect(Array.isArray(body.error.details)).toBe(true);
		for (const detail of body.error.details as unknown[])
			expect(detail).toEqual({
				field: expect.any(String),
				code: expect.any(String),
				message: expect.any(String)
			});
	}
	return body.error as {
		code: string;
		message: string;
		details?: { field: string; code: string; message: string }[];
	};
}

const nested = (depth: number, open: string, close: string, leaf = '1') =>
	open.repeat(depth) + leaf + close.repeat(depth);
const DEEP_LISTS = nested(100_000, '[', ']');
const DEEP_OBJECTS = nested(100_000, '{"a":', '}');
const bytes = (...parts: (string | number[])[]) =>
	Buffer.concat(
		parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)))
	);
/** 0xC3 0x28 is a broken two-byte sequence; 0xFF is never valid in UTF-8. */
const INVALID_UTF8 = [0xc3, 0x28, 0xff];

async function countResponses(database: Awaited<ReturnType<typeof testApp>>['database']) {
	return Number((await database.client.execute('SELECT count(*) AS n FROM responses')).rows[0]?.n);
}

/** An otherwise empty batch of exactly this many bytes. */
const paddedBatch = (size: number) =>
	JSON.stringify({
		responses: [],
		padding: 'x'.repeat(size - JSON.stringify({ responses: [], padding: '' }).length)
	});

const RESPONSES = '/api/v1/responses';
const LOGIN = '/api/v1/auth/login';

describe('POST /api/v1/responses: the envelope', () => {
	it.each<[string, number, string, Send, string?]>([
		['malformed JSON', 400, 'invalid_json', { body: '{"responses": [' }, 'body'],
		['JSON followed by more', 400, 'invalid_json', { body: '{"responses": []} {}' }, 'body'],
		['an empty body', 400, 'invalid_json', { body: '' }, 'body'],
		['only white space', 400, 'invalid_json', { body: ' \r\n\t' }, 'body'],
		['null', 400, 'invalid_body', { body: 'null' }, 'responses'],
		['a list', 400, 'invalid_body', { body: '[]' }, 'responses'],
		[
			'a list of responses (no envelope)',
			400,
			'invalid_body',
			{ body: JSON.stringify([aResponse()]) },
			'responses'
		],
		['an empty object', 400, 'invalid_body', { body: '{}' }, 'responses'],
		['responses as a string', 400, 'invalid_body', { body: '{"responses": "x"}' }, 'responses'],
		['responses as null', 400, 'invalid_body', { body: '{"responses": null}' }, 'responses'],
		[
			'responses as an object that looks like a list',
			400,
			'invalid_body',
			{ body: '{"responses": {"0": {}, "length": 1}}' },
			'responses'
		],
		['a number', 400, 'invalid_body', { body: '5' }, 'responses'],
		['a string', 400, 'invalid_body', { body: '"responses"' }, 'responses'],
		['lists nested 100,000 deep', 400, 'invalid_body', { body: DEEP_LISTS }, 'responses'],
		['objects nested 100,000 deep', 400, 'invalid_body', { body: DEEP_OBJECTS }, 'responses'],
		// 70,000 levels of {"responses": stay under 1 MB, so the body is read.
		[
			'responses nested 70,000 deep',
			400,
			'invalid_body',
			{ body: nested(70_000, '{"responses":', '}', '[]') },
			'responses'
		],
		[
			'bytes that are not UTF-8 outside any string',
			400,
			'invalid_json',
			{ body: bytes('{"responses": []', INVALID_UTF8, '}') },
			'body'
		],
		[
			'Content-Type text/plain',
			415,
			'unsupported_media_type',
			{ body: '{"responses": []}', type: 'text/plain' }
		],
		[
			'a form',
			415,
			'unsupported_media_type',
			{ body: 'responses=1', type: 'application/x-www-form-urlencoded' }
		],
		[
			'multipart',
			415,
			'unsupported_media_type',
			{
				body: '--x\r\nContent-Disposition: form-data; name="responses"\r\n\r\n[]\r\n--x--\r\n',
				type: 'multipart/form-data; boundary=x'
			}
		],
		['no Content-Type', 415, 'unsupported_media_type', { body: '{"responses": []}', type: null }],
		[
			'a JSON-like type that is not JSON',
			415,
			'unsupported_media_type',
			{ body: '{"responses": []}', type: 'application/json-patch+json' }
		],
		[
			'501 responses',
			413,
			'too_many_responses',
			{
				body: JSON.stringify({
					responses: Array.from({ length: 501 }, () => aResponse({ answers: {} }))
				})
			}
		],
		['one byte over 1 MB', 413, 'payload_too_large', { body: paddedBatch(1024 * 1024 + 1) }],
		// Bytes, not characters: 300,000 emoji are 600,000 UTF-16 units but 1,200,000 bytes.
		[
			'over 1 MB in bytes though under it in characters',
			413,
			'payload_too_large',
			{ body: JSON.stringify({ responses: [], padding: '🙂'.repeat(300_000) }) }
		],
		[
			'over 1 MB streamed without a length',
			413,
			'payload_too_large',
			{
				body: new ReadableStream<Uint8Array>({
					start(controller) {
						controller.enqueue(Buffer.from('{"responses": [], "padding": "'));
						for (let chunk = 0; chunk < 17; chunk++)
							controller.enqueue(Buffer.alloc(64 * 1024, 'x'));
						controller.enqueue(Buffer.from('"}'));
						controller.close();
					}
				})
			}
		]
	])('answers %s with %i %s in the error shape', async (_label, status, code, request, field) => {
		const { app, database } = await testApp();
		const answer = await send(app, RESPONSES, request);
		expect(answer.status).toBe(status);
		const error = await expectErrorShape(answer);
		expect(error.code).toBe(code);
		if (field) expect(error.details?.map((detail) => detail.field)).toEqual([field]);
		expect(await countResponses(database)).toBe(0);
	});

	it.each<[string, Send]>([
		[
			'Content-Type with a charset',
			{ body: '{"responses": []}', type: 'application/json; charset=utf-8' }
		],
		['Content-Type in capitals', { body: '{"responses": []}', type: 'Application/JSON' }],
		['exactly 1 MB', { body: paddedBatch(1024 * 1024) }],
		[
			'500 responses',
			{
				body: JSON.stringify({
					responses: Array.from({ length: 500 }, () => aResponse({ answers: {} }))
				})
			}
		]
	])('accepts the boundary case: %s', async (_label, request) => {
		const { app } = await testApp();
		if (typeof request.body === 'string' && request.body.includes('padding'))
			expect(Buffer.byteLength(request.body)).toBe(1024 * 1024);
		const answer = await send(app, RESPONSES, request);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
	});

	it('answers a response with an answer nested 100,000 deep as a rejection naming that answer, not an error', async () => {
		const { app, database } = await testApp();
		const response = aResponse({ answers: {} });
		const json = JSON.stringify({ responses: [response] }).replace(
			'"answers":{}',
			`"answers":{"who_would_you_talk_to":[${DEEP_LISTS}]}`
		);
		const answer = await send(app, RESPONSES, { body: json });
		expect(answer.status).toBe(200);
		const body = (await answer.json()) as {
			accepted: string[];
			rejected: { id: string; errors: { field: string; code: string }[] }[];
		};
		expect(body.accepted).toEqual([]);
		expect(body.rejected).toEqual([
			{
				id: response.id,
				errors: [
					expect.objectContaining({ field: 'answers.who_would_you_talk_to', code: 'not_an_option' })
				]
			}
		]);
		expect(await countResponses(database)).toBe(0);
	});

	it('never answers 500 to bytes that are not UTF-8 inside a text answer', async () => {
		const { app } = await testApp();
		const [head, tail] = JSON.stringify({
			responses: [aResponse({ answers: { what_would_help: 'BROKEN' } })]
		}).split('BROKEN');
		const answer = await send(app, RESPONSES, { body: bytes(head!, INVALID_UTF8, tail!) });
		expect(answer.status).toBeLessThan(500);
		if (answer.status !== 200) await expectErrorShape(answer);
	});

	// Decoding leniently would store U+FFFD in place of the young person's words: refused instead.
	it('refuses bytes that are not UTF-8 inside a text answer with 400, storing nothing', async () => {
		const { app, database } = await testApp();
		const [head, tail] = JSON.stringify({
			responses: [aResponse({ answers: { what_would_help: 'BROKEN' } })]
		}).split('BROKEN');
		const answer = await send(app, RESPONSES, { body: bytes(head!, INVALID_UTF8, tail!) });
		expect(await countResponses(database)).toBe(0);
		expect(answer.status).toBe(400);
	});
});

describe('POST /api/v1/auth/login (a staff JSON endpoint): the envelope', () => {
	it.each<[string, number, string, Send, string[]?]>([
		['malformed JSON', 400, 'invalid_json', { body: '{"email": ' }, ['body']],
		['an empty body', 400, 'invalid_json', { body: '' }, ['body']],
		['null', 400, 'invalid_body', { body: 'null' }, ['body']],
		['a list', 400, 'invalid_body', { body: '[]' }, ['body']],
		['a string', 400, 'invalid_body', { body: '"analyst@example.org"' }, ['body']],
		['an empty object', 400, 'invalid_body', { body: '{}' }, ['email', 'password']],
		[
			'numbers and lists where strings belong',
			400,
			'invalid_body',
			{ body: '{"email": 5, "password": ["x"]}' },
			['email', 'password']
		],
		// A sign-in body is small: these are refused by size before they are parsed.
		['lists nested 100,000 deep', 413, 'payload_too_large', { body: DEEP_LISTS }],
		['objects nested 100,000 deep', 413, 'payload_too_large', { body: DEEP_OBJECTS }],
		[
			'an email nested 100,000 deep',
			413,
			'payload_too_large',
			{ body: `{"password": "x", "email": ${DEEP_LISTS}}` }
		],
		[
			'an email nested 2,000 deep',
			400,
			'invalid_body',
			{ body: `{"password": "x", "email": ${nested(2_000, '[', ']')}}` },
			['email']
		],
		// Decoded strictly: never a replacement character standing in for what was sent.
		[
			'bytes that are not UTF-8 in the email',
			400,
			'invalid_json',
			{ body: bytes('{"email": "a', INVALID_UTF8, '@example.org", "password": "x"}') },
			['body']
		],
		['Content-Type text/plain', 415, 'unsupported_media_type', { body: '{}', type: 'text/plain' }],
		[
			'a form',
			415,
			'unsupported_media_type',
			{ body: 'email=a&password=b', type: 'application/x-www-form-urlencoded' }
		],
		[
			'multipart',
			415,
			'unsupported_media_type',
			{ body: '--x\r\n\r\n--x--\r\n', type: 'multipart/form-data; boundary=x' }
		],
		['no Content-Type', 415, 'unsupported_media_type', { body: '{}', type: null }]
	])('answers %s with %i %s in the error shape', async (_label, status, code, request, fields) => {
		const { app } = await testApp();
		const answer = await send(app, LOGIN, request);
		expect(answer.status).toBe(status);
		const error = await expectErrorShape(answer);
		expect(error.code).toBe(code);
		if (fields) expect(error.details?.map((detail) => detail.field)).toEqual(fields);
	});

	it('answers a well-formed but unknown sign-in with 401 in the error shape (the table above is not just refusing everything)', async () => {
		const { app } = await testApp();
		const answer = await send(app, LOGIN, {
			body: JSON.stringify({ email: 'nobody@example.org', password: 'not-a-password' }),
			type: 'application/json; charset=utf-8'
		});
		expect(answer.status).toBe(401);
		expect((await expectErrorShape(answer)).code).toBe('invalid_credentials');
	});

	// "null" is the Origin a browser sends from a sandboxed frame, a file: page or after some redirects.
	it('refuses an opaque Origin ("null") as cross-site with 403, not 500', async () => {
		const { app } = await testApp();
		const answer = await send(app, LOGIN, {
			body: JSON.stringify({ email: 'a@example.org', password: 'x' }),
			headers: { origin: 'null' }
		});
		expect(answer.status).toBe(403);
		await expectErrorShape(answer);
	});

	it('refuses a sign-in body over 16 KB with 413 before reading it', async () => {
		const { app } = await testApp();
		const answer = await send(app, LOGIN, {
			body: JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(17 * 1024) })
		});
		expect(answer.status).toBe(413);
		await expectErrorShape(answer);
	});
});

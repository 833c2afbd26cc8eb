import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, sendError } from './errors.js';

const gunzipAsync = promisify(gunzip);

/** Strict: bytes that are not UTF-8 are refused, not silently replaced with U+FFFD (RFC 8259 §8.1). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The 400 for a body that cannot be read as JSON; like every refusal, it names the field and why. */
function invalidJson(code: string, reason: string): ApiError {
	return new ApiError(400, 'invalid_json', 'The body is not valid JSON (UTF-8)', [
		{ field: 'body', code, message: reason }
	]);
}

/** Parses JSON bytes (any JSON value) or throws the API's 400. */
function parseJsonBytes(bytes: ArrayBuffer | Uint8Array): unknown {
	let text: string;
	try {
		text = UTF8.decode(bytes);
	} catch {
		throw invalidJson('not_utf8', 'The body has bytes that are not UTF-8');
	}
	if (text.trim() === '') throw invalidJson('empty', 'The body is empty; send a JSON object');
	try {
		return JSON.parse(text);
	} catch (error) {
		// V8's wording names the position, e.g. "Unexpected end of JSON input".
		throw invalidJson('syntax', `The body is not valid JSON: ${(error as Error).message}`);
	}
}

/** Parses a JSON body (any JSON value) or throws the API's 400. */
export async function parseJson(context: Context): Promise<unknown> {
	return parseJsonBytes(await context.req.arrayBuffer());
}

/** The Content-Encodings a compressed upload may use (RFC 9110 §8.4); none means identity. */
export const ACCEPTED_CONTENT_ENCODINGS = ['gzip', 'identity'] as const;

/** 'gzip', 'identity', or null for anything else (br, deflate, gzip applied twice, …). */
function contentEncoding(header: string | undefined): 'gzip' | 'identity' | null {
	const codings = (header ?? '')
		.split(',')
		.map((coding) => coding.trim().toLowerCase())
		// RFC 9110 §8.4.1.3: x-gzip is gzip.
		.map((coding) => (coding === 'x-gzip' ? 'gzip' : coding))
		.filter((coding) => coding !== '' && coding !== 'identity');
	if (codings.length === 0) return 'identity';
	return codings.length === 1 && codings[0] === 'gzip' ? 'gzip' : null;
}

/** Refuses a Content-Encoding other than gzip or identity with 415, before the body is read. */
export function acceptContentEncodings(): MiddlewareHandler {
	return async (context, next) => {
		const header = context.req.header('content-encoding');
		if (contentEncoding(header) === null) {
			const accepted = ACCEPTED_CONTENT_ENCODINGS.join(' or ');
			return sendError(
				context,
				new ApiError(415, 'unsupported_content_encoding', `Content-Encoding must be ${accepted}`, [
					{
						field: 'content-encoding',
						code: 'unsupported',
						message: `Content-Encoding ${JSON.stringify(header)} is not accepted; send ${accepted} (or none)`
					}
				])
			);
		}
		await next();
	};
}

/**
 * Parses a JSON body sent plain or gzip-compressed (after acceptContentEncodings and limitBody,
 * which limits the bytes on the wire). Decompressed, it may be at most `maxBytes` too: a small
 * gzip of megabytes of spaces is refused like a large body, without inflating it all.
 */
export async function parseMaybeGzippedJson(context: Context, maxBytes: number): Promise<unknown> {
	const wire = await context.req.arrayBuffer();
	if (contentEncoding(context.req.header('content-encoding')) !== 'gzip')
		return parseJsonBytes(wire);
	let bytes: Buffer;
	try {
		bytes = await gunzipAsync(wire, { maxOutputLength: maxBytes });
	} catch (error) {
		if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
			throw new ApiError(
				413,
				'payload_too_large',
				`The body is larger than ${maxBytes} bytes once decompressed; send smaller batches`
			);
		throw new ApiError(400, 'invalid_body', 'The body is not valid gzip', [
			{
				field: 'body',
				code: 'invalid_gzip',
				message: 'The body was sent with Content-Encoding: gzip but is not valid gzip'
			}
		]);
	}
	return parseJsonBytes(bytes);
}

/** Parses a JSON object body or throws the API's 400. */
export async function readJson<T extends object>(context: Context): Promise<T> {
	const body = await parseJson(context);
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new ApiError(400, 'invalid_body', 'The body must be a JSON object', [
			{ field: 'body', code: 'not_an_object', message: 'The body must be a JSON object' }
		]);
	return body as T;
}

/** Public routes other than responses (sign-in, sign-out, session join) read at most this much. */
export const PUBLIC_BODY_BYTES = 16 * 1024;
/** Staff JSON other than baseline imports (sessions, waves, users). */
export const STAFF_BODY_BYTES = 64 * 1024;
/** Baseline CSV files arrive as JSON; 20 MB is far beyond any survey's, and nothing larger is read. */
export const IMPORT_BODY_BYTES = 20 * 1024 * 1024;

/** Refuses a body over `maxBytes` with 413 before reading it all (Content-Length or as it streams). */
export function limitBody(maxBytes: number, advice = 'send less'): MiddlewareHandler {
	return bodyLimit({
		maxSize: maxBytes,
		onError: (context) =>
			sendError(
				context,
				new ApiError(
					413,
					'payload_too_large',
					`The body is larger than ${maxBytes} bytes; ${advice}`
				)
			)
	});
}

import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, sendError } from './errors.js';

/** Strict: bytes that are not UTF-8 are refused, not silently replaced with U+FFFD (RFC 8259 §8.1). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON body (any JSON value) or throws the API's 400. */
export async function parseJson(context: Context): Promise<unknown> {
	try {
		return JSON.parse(UTF8.decode(await context.req.arrayBuffer()));
	} catch {
		throw new ApiError(400, 'invalid_json', 'The body is not valid JSON (UTF-8)');
	}
}

/** Parses a JSON object body or throws the API's 400. */
export async function readJson<T extends object>(context: Context): Promise<T> {
	const body = await parseJson(context);
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new ApiError(400, 'invalid_body', 'The body must be a JSON object');
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

import type { Context } from 'hono';
import { ApiError } from './errors.js';

/** Strict: bytes that are not UTF-8 are refused, not silently replaced with U+FFFD (RFC 8259 §8.1). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON object body or throws the API's 400. */
export async function readJson<T extends object>(context: Context): Promise<T> {
	let body: unknown;
	try {
		body = JSON.parse(UTF8.decode(await context.req.arrayBuffer()));
	} catch {
		throw new ApiError(400, 'invalid_json', 'The body is not valid JSON (UTF-8)');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid_body', 'The body must be a JSON object');
	return body as T;
}

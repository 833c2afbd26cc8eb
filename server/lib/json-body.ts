import type { Context } from 'hono';
import { ApiError } from './errors.js';

/** Parses a JSON object body or throws the API's 400. */
export async function readJson<T extends object>(context: Context): Promise<T> {
	let body: unknown;
	try {
		body = JSON.parse(await context.req.text());
	} catch {
		throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid_body', 'The body must be a JSON object');
	return body as T;
}

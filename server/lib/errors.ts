import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error shape of the API: { error: { code, message, details? } }. */
export interface ApiErrorBody {
	error: { code: string; message: string; details?: unknown };
}

export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: string,
		message: string,
		readonly details?: unknown,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

export function errorBody(code: string, message: string, details?: unknown): ApiErrorBody {
	return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function sendError(context: Context, error: ApiError): Response {
	for (const [name, value] of Object.entries(error.headers)) context.header(name, value);
	return context.json(errorBody(error.code, error.message, error.details), error.status);
}

import { Hono } from 'hono';
import { ApiError, sendError } from '../lib/errors.js';
import { acceptContentEncodings, limitBody, parseMaybeGzippedJson } from '../lib/json-body.js';
import { rateLimit, type RateLimitOptions } from '../lib/rate-limit.js';
import { StorageUnavailableError, type ResponsesService } from '../services/responses.service.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The device's clock when it sent the batch (ISO 8601), so a wrong clock can be flagged. */
export const DEVICE_TIME_HEADER = 'x-device-time';

/** An unreadable device time is ignored: it can only add a flag, never refuse a response. */
function deviceTime(header: string | undefined): Date | undefined {
	const time = header ? Date.parse(header) : NaN;
	return Number.isFinite(time) ? new Date(time) : undefined;
}
export const MAX_RESPONSES_PER_BATCH = 500;

export function responsesRoutes(
	service: ResponsesService,
	clock: () => Date,
	limits: RateLimitOptions
) {
	return new Hono().post(
		'/',
		rateLimit(limits),
		async (context, next) => {
			// Checked before the body is read: only JSON is accepted.
			const type = context.req.header('content-type') ?? '';
			if (!/^application\/json\s*(;|$)/i.test(type)) {
				return sendError(
					context,
					new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json')
				);
			}
			await next();
		},
		acceptContentEncodings(),
		// On the wire (compressed or not); parseMaybeGzippedJson holds the decompressed body to the same.
		limitBody(MAX_BODY_BYTES, 'send smaller batches'),
		async (context) => {
			const body = await parseMaybeGzippedJson(context, MAX_BODY_BYTES);
			const responses = (body as { responses?: unknown } | null)?.responses;
			if (!Array.isArray(responses)) {
				return sendError(
					context,
					new ApiError(400, 'invalid_body', 'The body must be { "responses": [...] }', [
						{
							field: 'responses',
							code: 'required',
							message: 'responses must be an array of responses'
						}
					])
				);
			}
			if (responses.length > MAX_RESPONSES_PER_BATCH) {
				return sendError(
					context,
					new ApiError(
						413,
						'too_many_responses',
						`A batch may hold at most ${MAX_RESPONSES_PER_BATCH} responses (got ${responses.length})`
					)
				);
			}
			try {
				return context.json(
					await service.ingest(
						responses,
						clock(),
						deviceTime(context.req.header(DEVICE_TIME_HEADER))
					)
				);
			} catch (error) {
				if (error instanceof StorageUnavailableError) {
					console.error('ingest: storage unavailable:', error.message);
					return sendError(
						context,
						new ApiError(
							503,
							'storage_unavailable',
							'Responses cannot be stored right now; nothing was saved. Try again later.',
							undefined,
							{
								'Retry-After': '30'
							}
						)
					);
				}
				throw error;
			}
		}
	);
}

import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiError, sendError } from './errors.js';

export interface RateLimitOptions {
	/** Requests allowed per window per client address. */
	limit: number;
	windowMs: number;
	now?: () => number;
}

/** The client's address, or 'unknown' outside @hono/node-server (e.g. app.request in tests). */
export function clientAddress(context: Context): string {
	try {
		return getConnInfo(context).remote.address ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

/**
 * A fixed-window limit per client address. Addresses live only in this process's memory for one
 * window and are never stored or logged (DESIGN.md §9: IP addresses are not stored).
 */
export function rateLimit({ limit, windowMs, now = Date.now }: RateLimitOptions): MiddlewareHandler {
	let windowStart = now();
	let counts = new Map<string, number>();
	return async (context, next) => {
		const time = now();
		if (time - windowStart >= windowMs) {
			windowStart = time;
			counts = new Map();
		}
		let address = 'unknown';
		try {
			address = getConnInfo(context).remote.address ?? 'unknown';
		} catch {
			// Not running under @hono/node-server (e.g. app.request in tests): one shared bucket.
		}
		const count = (counts.get(address) ?? 0) + 1;
		counts.set(address, count);
		if (count > limit) {
			const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - time) / 1000));
			return sendError(
				context,
				new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s`, undefined, {
					'Retry-After': String(retryAfter)
				})
			);
		}
		await next();
	};
}

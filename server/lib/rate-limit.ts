import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiError, sendError } from './errors.js';

export interface RateLimitOptions {
	/** Requests allowed per window per client address. */
	limit: number;
	windowMs: number;
	now?: () => number;
}

/** The socket's peer address, or 'unknown' outside @hono/node-server (e.g. app.request in tests). */
function socketAddress(context: Context): string {
	try {
		return getConnInfo(context).remote.address ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

export interface ProxyOptions {
	/** TRUST_PROXY: how many proxies in front of the server to believe (X-Forwarded-For, -Proto). 0: none. */
	trustProxy: number;
	/** PUBLIC_ORIGIN: the one origin (scheme, host and port) staff pages are served from. */
	publicOrigin?: string;
}

type ProxyVariables = { clientAddress?: string; isHttps?: boolean; expectedOrigin?: string };
const variables = (context: Context) =>
	context as unknown as Context<{ Variables: ProxyVariables }>;

/**
 * Works out, once per request, who the client is and which origin it should come from (issue 12
 * item 11). With TRUST_PROXY=n the client address is the n-th address from the right of
 * X-Forwarded-For plus the socket's (entries further left could be forged by the client); with
 * TRUST_PROXY unset, X-Forwarded-* headers are ignored. PUBLIC_ORIGIN, when set, is the only origin
 * a staff write may come from and decides whether cookies are Secure/__Host-.
 */
export function proxyAware({ trustProxy, publicOrigin }: ProxyOptions): MiddlewareHandler {
	const origin = publicOrigin ? new URL(publicOrigin).origin : undefined;
	return async (context, next) => {
		const url = new URL(context.req.url);
		const chain = [
			...(trustProxy > 0
				? (context.req.header('x-forwarded-for') ?? '')
						.split(',')
						.map((part) => part.trim())
						.filter(Boolean)
				: []),
			socketAddress(context)
		];
		const forwardedProto =
			trustProxy > 0
				? context.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
				: undefined;
		const isHttps = origin
			? origin.startsWith('https:')
			: url.protocol === 'https:' || forwardedProto === 'https';
		variables(context).set('clientAddress', chain[Math.max(0, chain.length - 1 - trustProxy)]!);
		variables(context).set('isHttps', isHttps);
		variables(context).set(
			'expectedOrigin',
			origin ?? `${isHttps ? 'https' : 'http'}://${url.host}`
		);
		await next();
	};
}

/** The client's address (see proxyAware), or the socket's when proxyAware did not run. */
export function clientAddress(context: Context): string {
	return variables(context).get('clientAddress') ?? socketAddress(context);
}

/** True when the client reached us over https (see proxyAware). */
export function isHttpsRequest(context: Context): boolean {
	return variables(context).get('isHttps') ?? new URL(context.req.url).protocol === 'https:';
}

/** The origin a staff write must come from (see proxyAware). */
export function expectedOrigin(context: Context): string {
	return variables(context).get('expectedOrigin') ?? new URL(context.req.url).origin;
}

/**
 * A fixed-window limit per client address. Addresses live only in this process's memory for one
 * window and are never stored or logged (docs/privacy.md: IP addresses are not stored).
 */
export function rateLimit({
	limit,
	windowMs,
	now = Date.now
}: RateLimitOptions): MiddlewareHandler {
	let windowStart = now();
	let counts = new Map<string, number>();
	return async (context, next) => {
		const time = now();
		if (time - windowStart >= windowMs) {
			windowStart = time;
			counts = new Map();
		}
		// Under app.request in tests there is no socket: one shared bucket.
		const address = clientAddress(context);
		const count = (counts.get(address) ?? 0) + 1;
		counts.set(address, count);
		if (count > limit) {
			const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - time) / 1000));
			return sendError(
				context,
				new ApiError(
					429,
					'rate_limited',
					`Too many requests; try again in ${retryAfter} s`,
					undefined,
					{
						'Retry-After': String(retryAfter)
					}
				)
			);
		}
		await next();
	};
}

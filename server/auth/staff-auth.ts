import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../lib/errors.js';
import { ABSOLUTE_TIMEOUT_MS, type AuthService, type Role, type StaffUser } from './auth.service.js';

export type StaffEnv = { Variables: { user: StaffUser | null; sessionToken: string | null } };

/** The cookie's name over plain http (a local network or development). */
export const SESSION_COOKIE = 'bs_session';
/**
 * Its name under https: the __Host- prefix makes the browser insist on Secure, Path=/ and no
 * Domain (OWASP ASVS 3.3.1, 3.3.3). A __Host- cookie cannot be set over plain http, hence the two.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** https directly, or behind a proxy that terminated TLS and says so. */
const isHttps = (context: Context) =>
	new URL(context.req.url).protocol === 'https:' || context.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';

const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: ABSOLUTE_TIMEOUT_MS / 1000 } as const;

export function setSessionCookie(context: Context, token: string): void {
	if (isHttps(context)) setCookie(context, SESSION_COOKIE, token, { ...COOKIE_OPTIONS, secure: true, prefix: 'host' });
	else setCookie(context, SESSION_COOKIE, token, { ...COOKIE_OPTIONS, secure: false });
}

/** The session token from whichever cookie the request carries (the __Host- one first). */
export function readSessionToken(context: Context): string | null {
	return getCookie(context, SESSION_COOKIE, 'host') || getCookie(context, SESSION_COOKIE) || null;
}

export function clearSessionCookie(context: Context): void {
	const https = isHttps(context);
	if (https || getCookie(context, SESSION_COOKIE, 'host') !== undefined) deleteCookie(context, SESSION_COOKIE, { ...COOKIE_OPTIONS, secure: true, prefix: 'host' });
	if (!https || getCookie(context, SESSION_COOKIE) !== undefined) deleteCookie(context, SESSION_COOKIE, { ...COOKIE_OPTIONS, secure: https });
}

/** Reads the staff session cookie (if any) into c.var.user. */
export function loadStaffUser(auth: AuthService): MiddlewareHandler<StaffEnv> {
	return async (context, next) => {
		const token = readSessionToken(context);
		context.set('sessionToken', token);
		context.set('user', token ? await auth.userForToken(token) : null);
		await next();
	};
}

/** 401 when nobody is signed in, 403 when the role may not do this. */
export function requireRole(...roles: Role[]): MiddlewareHandler<StaffEnv> {
	return async (context, next) => {
		const user = context.get('user');
		if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this');
		if (!roles.includes(user.role)) throw new ApiError(403, 'forbidden', `A ${user.role} may not do this`);
		await next();
	};
}

/**
 * CSRF protection for cookie-authenticated writes: SameSite=Strict is defence in depth; here a
 * write must be JSON (a cross-site form cannot send it without a preflight) and must not come from
 * another site (Origin / Sec-Fetch-Site). Hono's csrf() alone skips JSON bodies (OWASP G7).
 */
export function csrfGuard(): MiddlewareHandler<StaffEnv> {
	return async (context, next) => {
		if (['GET', 'HEAD', 'OPTIONS'].includes(context.req.method)) return next();
		const site = context.req.header('sec-fetch-site');
		const origin = context.req.header('origin');
		const host = new URL(context.req.url).host;
		// An Origin that is not a URL (e.g. "null" from a sandboxed frame or a file) is another site too.
		const originHost = origin !== undefined && URL.canParse(origin) ? new URL(origin).host : null;
		const isCrossSite = (site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && originHost !== host);
		if (isCrossSite) throw new ApiError(403, 'cross_site_request', 'Requests from other sites are refused');
		if (!/^application\/json\s*(;|$)/i.test(context.req.header('content-type') ?? '')) {
			throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json');
		}
		await next();
	};
}

/**
 * Failed sign-ins per email: after 5 in a row, each further try waits longer (1 min doubling,
 * capped at 15 min). Kept in memory only.
 */
export class LoginThrottle {
	#failures = new Map<string, { count: number; lockedUntil: number }>();
	#now: () => number;

	constructor(now: () => number = Date.now) {
		this.#now = now;
	}

	/** Seconds to wait, or 0 when a try is allowed. */
	retryAfter(email: string): number {
		const entry = this.#failures.get(email.trim().toLowerCase());
		if (!entry || entry.lockedUntil <= this.#now()) return 0;
		return Math.ceil((entry.lockedUntil - this.#now()) / 1000);
	}

	fail(email: string): void {
		const key = email.trim().toLowerCase();
		const entry = this.#failures.get(key) ?? { count: 0, lockedUntil: 0 };
		entry.count += 1;
		if (entry.count >= 5) entry.lockedUntil = this.#now() + Math.min(15 * 60_000, 60_000 * 2 ** (entry.count - 5));
		this.#failures.set(key, entry);
	}

	succeed(email: string): void {
		this.#failures.delete(email.trim().toLowerCase());
	}
}

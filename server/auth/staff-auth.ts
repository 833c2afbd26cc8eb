import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../lib/errors.js';
import type { AuthService, Role, StaffUser } from './auth.service.js';

export type StaffEnv = { Variables: { user: StaffUser | null; sessionToken: string | null } };

export const SESSION_COOKIE = 'bs_session';

const isHttps = (context: Context) =>
	new URL(context.req.url).protocol === 'https:' || context.req.header('x-forwarded-proto') === 'https';

export function setSessionCookie(context: Context, token: string): void {
	setCookie(context, SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'Strict',
		secure: isHttps(context),
		path: '/',
		maxAge: 12 * 60 * 60
	});
}

export function clearSessionCookie(context: Context): void {
	deleteCookie(context, SESSION_COOKIE, { path: '/' });
}

/** Reads the staff session cookie (if any) into c.var.user. */
export function loadStaffUser(auth: AuthService): MiddlewareHandler<StaffEnv> {
	return async (context, next) => {
		const token = getCookie(context, SESSION_COOKIE) ?? null;
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
		const isCrossSite = (site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && new URL(origin).host !== host);
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

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../lib/errors.js';
import { expectedOrigin, isHttpsRequest } from '../lib/rate-limit.js';
import {
	ABSOLUTE_TIMEOUT_MS,
	type AuthService,
	type Role,
	type StaffUser
} from './auth.service.js';
import { normaliseEmail } from './email.js';

export type StaffEnv = { Variables: { user: StaffUser | null; sessionToken: string | null } };

/** The cookie's name over plain http (a local network or development). */
export const SESSION_COOKIE = 'bs_session';
/**
 * Its name under https: the __Host- prefix makes the browser insist on Secure, Path=/ and no
 * Domain (OWASP ASVS 3.3.1, 3.3.3). A __Host- cookie cannot be set over plain http, hence the two.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** https directly, behind a trusted proxy that terminated TLS (TRUST_PROXY), or PUBLIC_ORIGIN is https. */
const isHttps = (context: Context) => isHttpsRequest(context);

const COOKIE_OPTIONS = {
	httpOnly: true,
	sameSite: 'Strict',
	path: '/',
	maxAge: ABSOLUTE_TIMEOUT_MS / 1000
} as const;

export function setSessionCookie(context: Context, token: string): void {
	if (isHttps(context))
		setCookie(context, SESSION_COOKIE, token, { ...COOKIE_OPTIONS, secure: true, prefix: 'host' });
	else setCookie(context, SESSION_COOKIE, token, { ...COOKIE_OPTIONS, secure: false });
}

/** The session token from whichever cookie the request carries (the __Host- one first). */
export function readSessionToken(context: Context): string | null {
	return getCookie(context, SESSION_COOKIE, 'host') || getCookie(context, SESSION_COOKIE) || null;
}

export function clearSessionCookie(context: Context): void {
	const https = isHttps(context);
	if (https || getCookie(context, SESSION_COOKIE, 'host') !== undefined)
		deleteCookie(context, SESSION_COOKIE, { ...COOKIE_OPTIONS, secure: true, prefix: 'host' });
	if (!https || getCookie(context, SESSION_COOKIE) !== undefined)
		deleteCookie(context, SESSION_COOKIE, { ...COOKIE_OPTIONS, secure: https });
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

/**
 * After an admin reset, a user may only see who they are, change their password or sign out:
 * everything else answers 403 password_change_required. Likewise a user whose role requires a
 * second factor they have not set up may only set it up (403 mfa_enrolment_required).
 */
export function requirePasswordChosen(): MiddlewareHandler<StaffEnv> {
	const always = [
		'/api/v1/auth/me',
		'/api/v1/auth/logout',
		'/api/v1/auth/login',
		'/api/v1/auth/login/code'
	];
	const whilePasswordMustChange = new Set([...always, '/api/v1/auth/password']);
	const whileMfaMissing = new Set([
		...whilePasswordMustChange,
		'/api/v1/auth/mfa/enrol',
		'/api/v1/auth/mfa/confirm'
	]);
	return async (context, next) => {
		const user = context.get('user');
		const path = context.req.path;
		if (user?.mustChangePassword && !whilePasswordMustChange.has(path)) {
			throw new ApiError(
				403,
				'password_change_required',
				'Choose a new password first (POST /api/v1/auth/password)'
			);
		}
		if (user?.mustEnrolMfa && !whileMfaMissing.has(path)) {
			throw new ApiError(
				403,
				'mfa_enrolment_required',
				'Set up the second factor first (POST /api/v1/auth/mfa/enrol)'
			);
		}
		await next();
	};
}

/** 401 when nobody is signed in, 403 when the role may not do this. */
export function requireRole(...roles: Role[]): MiddlewareHandler<StaffEnv> {
	return async (context, next) => {
		const user = context.get('user');
		if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this');
		if (!roles.includes(user.role))
			throw new ApiError(403, 'forbidden', `A ${user.role} may not do this`);
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
		// The whole origin must match (scheme, host and port: https://host is not http://host), and is
		// PUBLIC_ORIGIN when set. An Origin that is not a URL (e.g. "null") is another site too.
		const given = origin !== undefined && URL.canParse(origin) ? new URL(origin).origin : null;
		const isCrossSite =
			(site !== undefined && site !== 'same-origin' && site !== 'none') ||
			(origin !== undefined && given !== expectedOrigin(context));
		if (isCrossSite)
			throw new ApiError(403, 'cross_site_request', 'Requests from other sites are refused');
		if (!/^application\/json\s*(;|$)/i.test(context.req.header('content-type') ?? '')) {
			throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json');
		}
		await next();
	};
}

/** Failed sign-ins of one account from anywhere, after which every try from an unknown device is slowed. */
export const GLOBAL_SLOWDOWN_AFTER = 10;
/** The slowdown: one try per this many ms for that account, from devices it has not signed in on. */
export const GLOBAL_SLOWDOWN_MS = 2_000;

/**
 * Failed sign-ins, built so that nobody can lock someone else out (issue 12 item 8):
 * - per account *and* source (a client address, or a device the account signed in on before):
 *   after 5 failures in a row that source waits 1 minute, doubling, up to 15;
 * - per account from anywhere: after 10 failures, unknown devices get one try per 2 s (a slowdown,
 *   not a lockout);
 * - a device that signed in before has its own source and skips the slowdown, so failures
 *   elsewhere never block it.
 * Kept in memory only; a success clears its own source.
 */
export class LoginThrottle {
	#failures = new Map<string, { count: number; lockedUntil: number }>();
	#accounts = new Map<string, { count: number; lastTry: number }>();
	#now: () => number;

	constructor(now: () => number = Date.now) {
		this.#now = now;
	}

	#key = (email: string, source: string) => `${normaliseEmail(email)}\u0000${source}`;

	/** Seconds to wait, or 0 when a try is allowed. */
	retryAfter(email: string, source = 'any', { isKnownDevice = false } = {}): number {
		const now = this.#now();
		const entry = this.#failures.get(this.#key(email, source));
		if (entry && entry.lockedUntil > now) return Math.ceil((entry.lockedUntil - now) / 1000);
		const account = this.#accounts.get(normaliseEmail(email));
		if (
			!isKnownDevice &&
			account &&
			account.count >= GLOBAL_SLOWDOWN_AFTER &&
			now - account.lastTry < GLOBAL_SLOWDOWN_MS
		) {
			return Math.ceil((GLOBAL_SLOWDOWN_MS - (now - account.lastTry)) / 1000);
		}
		return 0;
	}

	fail(email: string, source = 'any'): void {
		const now = this.#now();
		const key = this.#key(email, source);
		const entry = this.#failures.get(key) ?? { count: 0, lockedUntil: 0 };
		entry.count += 1;
		if (entry.count >= 5)
			entry.lockedUntil = now + Math.min(15 * 60_000, 60_000 * 2 ** (entry.count - 5));
		this.#failures.set(key, entry);
		const accountKey = normaliseEmail(email);
		const account = this.#accounts.get(accountKey);
		// The account's count fades: it restarts after 15 minutes without a failure.
		this.#accounts.set(accountKey, {
			count: account && now - account.lastTry < 15 * 60_000 ? account.count + 1 : 1,
			lastTry: now
		});
	}

	succeed(email: string, source = 'any'): void {
		this.#failures.delete(this.#key(email, source));
	}
}

/** The cookie that marks a device an account signed in on (HMAC-signed, HttpOnly, only sent to /api/v1/auth). */
export const DEVICE_COOKIE = 'bs_device';

/** Signs and checks device cookies with a key of this process (a restart forgets devices). */
export class KnownDevices {
	#key = randomBytes(32);

	#sign(deviceId: string, email: string): string {
		return createHmac('sha256', this.#key).update(`${deviceId}\u0000${email}`).digest('base64url');
	}

	/** The device id when the request carries a valid cookie for this email, else null. */
	deviceFor(context: Context, email: string): string | null {
		const value = getCookie(context, DEVICE_COOKIE) ?? '';
		const [deviceId, signature] = value.split('.');
		if (!deviceId || !signature || !/^[A-Za-z0-9_-]{16,64}$/.test(deviceId)) return null;
		const expected = Buffer.from(this.#sign(deviceId, email));
		const given = Buffer.from(signature);
		return expected.length === given.length && timingSafeEqual(expected, given) ? deviceId : null;
	}

	/** Marks this device as one the account signed in on. */
	remember(
		context: Context,
		email: string,
		deviceId = randomBytes(16).toString('base64url')
	): void {
		setCookie(context, DEVICE_COOKIE, `${deviceId}.${this.#sign(deviceId, email)}`, {
			httpOnly: true,
			sameSite: 'Strict',
			path: '/api/v1/auth',
			maxAge: 365 * 86_400,
			secure: isHttps(context)
		});
	}
}

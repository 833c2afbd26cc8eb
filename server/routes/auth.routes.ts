import { createHmac, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { AuthError, ROLES, type AuthService } from '../auth/auth.service.js';
import {
	clearSessionCookie,
	csrfGuard,
	KnownDevices,
	requireRole,
	LoginThrottle,
	setSessionCookie,
	type StaffEnv
} from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import { limitBody } from '../lib/json-body.js';
import {
	loginCodeSchema,
	loginSchema,
	mfaConfirmSchema,
	passwordChangeSchema
} from '../lib/staff-schemas.js';
import { jsonBody } from '../lib/validation.js';
import { clientAddress, rateLimit, type RateLimitOptions } from '../lib/rate-limit.js';

export interface AuthRoutesOptions {
	/** Sign-in attempts per client address (on top of the per-email throttle). */
	loginLimit?: RateLimitOptions;
	clock?: () => Date;
}

export function authRoutes(
	auth: AuthService,
	{ loginLimit = { limit: 10, windowMs: 60_000 }, clock = () => new Date() }: AuthRoutesOptions = {}
) {
	const throttle = new LoginThrottle(() => clock().getTime());
	const devices = new KnownDevices();
	// The audit log tells failed sign-ins from different addresses apart by a keyed hash that changes
	// with each start, so no address is stored or can be recovered from it.
	const addressKey = randomBytes(32);
	const sourceOf = (context: Context) =>
		createHmac('sha256', addressKey).update(clientAddress(context)).digest('hex').slice(0, 12);
	/**
	 * Where a sign-in attempt comes from for the throttle (a device this account signed in on before
	 * is its own source: failures elsewhere never block it), refused with 429 while it must wait.
	 * The password step and the code step share it, so codes cannot be tried at speed either.
	 */
	function throttledSource(context: Context<StaffEnv>, email: string) {
		const device = devices.deviceFor(context, email);
		const source = device ? `device:${device}` : `address:${sourceOf(context)}`;
		const wait = throttle.retryAfter(email, source, { isKnownDevice: device !== null });
		if (wait > 0)
			throw new ApiError(
				429,
				'too_many_attempts',
				`Too many failed sign-ins; try again in ${wait} s`,
				undefined,
				{ 'Retry-After': String(wait) }
			);
		return { device, source };
	}
	const signedIn = requireRole(...ROLES);

	return (
		new Hono<StaffEnv>()
			.use(csrfGuard())
			.post(
				'/login',
				limitBody(16 * 1024),
				rateLimit({ now: () => clock().getTime(), ...loginLimit }),
				jsonBody(loginSchema, 'email and password are required'),
				async (context) => {
					const body = context.req.valid('json');
					const email = body.email.trim().toLowerCase().slice(0, 320);
					const { device, source } = throttledSource(context, email);
					try {
						const outcome = await auth.signIn(email, body.password);
						if ('challenge' in outcome) {
							// The password was right; no session until the code step passes too.
							return context.json({ mfaRequired: true as const, challenge: outcome.challenge });
						}
						throttle.succeed(email, source);
						setSessionCookie(context, outcome.token);
						devices.remember(context, email, device ?? undefined);
						await auth.audit(outcome.user.id, 'sign_in', { email: outcome.user.email });
						return context.json({ user: outcome.user });
					} catch (error) {
						if (error instanceof AuthError) {
							throttle.fail(email, source);
							// The same answer whether the email is unknown, the password wrong or the account disabled.
							await auth.auditFailedSignIn(email, sourceOf(context));
							throw new ApiError(401, 'invalid_credentials', 'Email or password is not right');
						}
						throw error;
					}
				}
			)
			.post(
				'/login/code',
				limitBody(16 * 1024),
				rateLimit({ now: () => clock().getTime(), ...loginLimit }),
				jsonBody(loginCodeSchema, 'challenge and code are required'),
				async (context) => {
					// The second step of a sign-in: wrong codes count towards the same per-account and
					// per-source throttle as wrong passwords (so the 10^6 codes cannot be tried at speed).
					const body = context.req.valid('json');
					const email = await auth.challengeEmail(body.challenge);
					if (!email)
						throw new ApiError(
							401,
							'challenge_expired',
							'Sign in again: the code step has expired',
							[{ field: 'challenge', code: 'expired', message: 'sign in again with your password' }]
						);
					const { device, source } = throttledSource(context, email);
					try {
						const { user, token, method } = await auth.completeSignIn(body.challenge, body.code);
						throttle.succeed(email, source);
						setSessionCookie(context, token);
						devices.remember(context, email, device ?? undefined);
						await auth.audit(user.id, 'sign_in', { email: user.email, secondFactor: method });
						return context.json({ user });
					} catch (error) {
						if (error instanceof AuthError) {
							throttle.fail(email, source);
							await auth.auditFailedSignIn(email, sourceOf(context));
							if (error.code === 'challenge_expired')
								throw new ApiError(401, 'challenge_expired', error.message, [
									{
										field: 'challenge',
										code: 'expired',
										message: 'sign in again with your password'
									}
								]);
							throw new ApiError(
								401,
								'invalid_code',
								'That code is not right, or was already used.',
								[
									{
										field: 'code',
										code: 'invalid_code',
										message: 'code is not right, or was already used'
									}
								]
							);
						}
						throw error;
					}
				}
			)
			.post('/mfa/enrol', async (context) => {
				// A new secret each time until confirmed; refused once the second factor is on.
				const user = context.get('user');
				if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this');
				try {
					const enrolment = await auth.startMfaEnrolment(user.id);
					return context.json(enrolment);
				} catch (error) {
					if (error instanceof AuthError && error.code === 'mfa_enabled')
						throw new ApiError(409, 'mfa_enabled', error.message);
					throw error;
				}
			})
			// Signed in is checked before the body, so a signed-out request is a 401 whatever it sends.
			.post(
				'/mfa/confirm',
				signedIn,
				jsonBody(mfaConfirmSchema, 'code is required'),
				async (context) => {
					const user = context.get('user')!;
					const body = context.req.valid('json');
					try {
						const recoveryCodes = await auth.confirmMfaEnrolment(user.id, body.code);
						await auth.audit(user.id, 'mfa_enabled', { email: user.email });
						return context.json({ recoveryCodes });
					} catch (error) {
						if (error instanceof AuthError) {
							if (error.code === 'mfa_enabled')
								throw new ApiError(409, 'mfa_enabled', error.message);
							throw new ApiError(400, error.code, error.message, [
								{ field: 'code', code: error.code, message: error.message }
							]);
						}
						throw error;
					}
				}
			)
			.post('/logout', async (context) => {
				const token = context.get('sessionToken');
				const user = context.get('user');
				if (token) await auth.logout(token);
				if (user) await auth.audit(user.id, 'sign_out', { email: user.email });
				clearSessionCookie(context);
				return context.json({ ok: true });
			})
			.post(
				'/password',
				signedIn,
				jsonBody(passwordChangeSchema, 'currentPassword and newPassword are required'),
				async (context) => {
					const user = context.get('user')!;
					const body = context.req.valid('json');
					try {
						await auth.changePassword(
							user.id,
							body.currentPassword,
							body.newPassword,
							context.get('sessionToken')
						);
					} catch (error) {
						if (error instanceof AuthError) {
							const field = error.code === 'wrong_password' ? 'currentPassword' : 'newPassword';
							throw new ApiError(400, error.code, error.message, [
								{ field, code: error.code, message: error.message }
							]);
						}
						throw error;
					}
					await auth.audit(user.id, 'password_changed', { email: user.email });
					return context.json({ ok: true as const });
				}
			)
			.get('/me', (context) => {
				const user = context.get('user');
				if (!user) throw new ApiError(401, 'unauthenticated', 'Not signed in');
				return context.json({ user });
			})
	);
}

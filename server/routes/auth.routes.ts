import { createHmac, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { AuthError, type AuthService } from '../auth/auth.service.js';
import {
	clearSessionCookie,
	csrfGuard,
	KnownDevices,
	LoginThrottle,
	setSessionCookie,
	type StaffEnv
} from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import { limitBody } from '../lib/json-body.js';
import { loginSchema, passwordChangeSchema } from '../lib/staff-schemas.js';
import { validBody } from '../lib/validation.js';
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
	return new Hono<StaffEnv>()
		.use(csrfGuard())
		.post(
			'/login',
			limitBody(16 * 1024),
			rateLimit({ now: () => clock().getTime(), ...loginLimit }),
			async (context) => {
				const body = await validBody(context, loginSchema, 'email and password are required');
				const email = body.email.trim().toLowerCase().slice(0, 320);
				// A device this account signed in on before is its own source: failures elsewhere never block it.
				const device = devices.deviceFor(context, email);
				const source = device ? `device:${device}` : `address:${sourceOf(context)}`;
				const wait = throttle.retryAfter(email, source, { isKnownDevice: device !== null });
				if (wait > 0) {
					throw new ApiError(
						429,
						'too_many_attempts',
						`Too many failed sign-ins; try again in ${wait} s`,
						undefined,
						{ 'Retry-After': String(wait) }
					);
				}
				try {
					const { user, token } = await auth.login(email, body.password);
					throttle.succeed(email, source);
					setSessionCookie(context, token);
					devices.remember(context, email, device ?? undefined);
					await auth.audit(user.id, 'sign_in', { email: user.email });
					return context.json({ user });
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
		.post('/logout', async (context) => {
			const token = context.get('sessionToken');
			const user = context.get('user');
			if (token) await auth.logout(token);
			if (user) await auth.audit(user.id, 'sign_out', { email: user.email });
			clearSessionCookie(context);
			return context.json({ ok: true });
		})
		.post('/password', async (context) => {
			const user = context.get('user');
			if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this');
			const body = await validBody(
				context,
				passwordChangeSchema,
				'currentPassword and newPassword are required'
			);
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
			return context.json({ ok: true });
		})
		.get('/me', (context) => {
			const user = context.get('user');
			if (!user) throw new ApiError(401, 'unauthenticated', 'Not signed in');
			return context.json({ user });
		});
}

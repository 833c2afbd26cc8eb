import { Hono } from 'hono';
import { AuthError, type AuthService } from '../auth/auth.service.js';
import { clearSessionCookie, csrfGuard, LoginThrottle, setSessionCookie, type StaffEnv } from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import { readJson } from '../lib/json-body.js';

export function authRoutes(auth: AuthService, throttle = new LoginThrottle()) {
	return new Hono<StaffEnv>()
		.use(csrfGuard())
		.post('/login', async (context) => {
			const body = await readJson<{ email?: unknown; password?: unknown }>(context);
			if (typeof body.email !== 'string' || typeof body.password !== 'string') {
				throw new ApiError(400, 'invalid_body', 'email and password are required', [
					...(typeof body.email !== 'string' ? [{ field: 'email', code: 'required', message: 'email is required' }] : []),
					...(typeof body.password !== 'string' ? [{ field: 'password', code: 'required', message: 'password is required' }] : [])
				]);
			}
			const wait = throttle.retryAfter(body.email);
			if (wait > 0) {
				throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${wait} s`, undefined, { 'Retry-After': String(wait) });
			}
			try {
				const { user, token } = await auth.login(body.email, body.password);
				throttle.succeed(body.email);
				setSessionCookie(context, token);
				await auth.audit(user.id, 'sign_in');
				return context.json({ user });
			} catch (error) {
				if (error instanceof AuthError) {
					throttle.fail(body.email);
					throw new ApiError(401, 'invalid_credentials', error.message);
				}
				throw error;
			}
		})
		.post('/logout', async (context) => {
			const token = context.get('sessionToken');
			if (token) await auth.logout(token);
			clearSessionCookie(context);
			return context.json({ ok: true });
		})
		.get('/me', (context) => {
			const user = context.get('user');
			if (!user) throw new ApiError(401, 'unauthenticated', 'Not signed in');
			return context.json({ user });
		});
}

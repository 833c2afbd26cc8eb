import { Hono } from 'hono';
import { AuthError, type AuthService } from '../auth/auth.service.js';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import {
	mfaPolicySchema,
	newUserSchema,
	passwordResetSchema,
	userChangeSchema
} from '../lib/staff-schemas.js';
import { validBody } from '../lib/validation.js';

/** Staff user management: admins only. */
export function usersRoutes(auth: AuthService) {
	return new Hono<StaffEnv>()
		.use(requireRole('admin'))
		.get('/', async (context) => {
			return context.json({ users: await auth.listUsers() });
		})
		.post('/', async (context) => {
			const body = await validBody(context, newUserSchema, 'email, password and role are required');
			try {
				const user = await auth.createUser(body.email, body.password, body.role);
				await auth.audit(context.get('user')!.id, 'user_created', {
					userId: user.id,
					email: user.email,
					role: user.role
				});
				return context.json({ user }, 201);
			} catch (error) {
				if (error instanceof AuthError) {
					const field =
						error.code === 'invalid_password'
							? 'password'
							: error.code === 'invalid_role'
								? 'role'
								: 'email';
					throw new ApiError(
						error.code === 'duplicate_email' ? 409 : 400,
						error.code,
						error.message,
						[{ field, code: error.code, message: error.message }]
					);
				}
				throw error;
			}
		})
		.patch('/:id', async (context) => {
			const id = context.req.param('id');
			const admin = context.get('user')!;
			const body = await validBody(context, userChangeSchema, 'The change is not valid');
			if (body.role === undefined && body.isDisabled === undefined) {
				throw new ApiError(400, 'invalid_body', 'The change is not valid', [
					{ field: 'role', code: 'required', message: 'give a role, isDisabled or both' }
				]);
			}
			// An admin cannot lock themselves out (and so leave nobody able to manage users).
			if (id === admin.id)
				throw new ApiError(
					409,
					'own_account',
					'You cannot disable your own account or change your own role'
				);
			try {
				const { before, after } = await auth.updateUser(id, {
					role: body.role,
					isDisabled: body.isDisabled
				});
				await auth.audit(admin.id, 'user_updated', {
					userId: after.id,
					email: after.email,
					...(before.role !== after.role ? { role: { from: before.role, to: after.role } } : {}),
					...(before.isDisabled !== after.isDisabled
						? { isDisabled: { from: before.isDisabled, to: after.isDisabled } }
						: {})
				});
				return context.json({ user: after });
			} catch (error) {
				if (error instanceof AuthError && error.code === 'unknown_user')
					throw new ApiError(404, 'unknown_user', error.message);
				throw error;
			}
		})
		.post('/:id/password', async (context) => {
			// An admin sets a temporary password; the user must choose their own at next sign-in.
			const body = await validBody(context, passwordResetSchema, 'password is required');
			try {
				const user = await auth.resetPassword(context.req.param('id'), body.password);
				await auth.audit(context.get('user')!.id, 'password_reset', {
					userId: user.id,
					email: user.email
				});
				return context.json({ user: { ...user, mustChangePassword: true } });
			} catch (error) {
				if (error instanceof AuthError) {
					if (error.code === 'unknown_user') throw new ApiError(404, 'unknown_user', error.message);
					throw new ApiError(400, error.code, error.message, [
						{ field: 'password', code: error.code, message: error.message }
					]);
				}
				throw error;
			}
		})
		.post('/:id/mfa/reset', async (context) => {
			// A lost phone: the user's second factor and recovery codes go, their sessions end.
			try {
				const user = await auth.resetMfa(context.req.param('id'));
				await auth.audit(context.get('user')!.id, 'mfa_reset', {
					userId: user.id,
					email: user.email
				});
				return context.json({ user: { ...user, mfaEnabled: false } });
			} catch (error) {
				if (error instanceof AuthError && error.code === 'unknown_user')
					throw new ApiError(404, 'unknown_user', error.message);
				throw error;
			}
		})
		.get('/mfa-policy', async (context) => {
			return context.json({ policies: await auth.mfaPolicies() });
		})
		.put('/mfa-policy', async (context) => {
			const body = await validBody(context, mfaPolicySchema, 'role and isRequired are required');
			const admin = context.get('user')!;
			const before = (await auth.mfaPolicies()).find((policy) => policy.role === body.role)!;
			await auth.setMfaPolicy(body.role, body.isRequired, admin.id);
			await auth.audit(admin.id, 'mfa_policy_changed', {
				role: body.role,
				isRequired: { from: before.isRequired, to: body.isRequired }
			});
			return context.json({ policies: await auth.mfaPolicies() });
		})
		.get('/audit', async (context) => {
			// Paged, newest first (issue 12 item 3): ?before=<id of the last entry seen>&kind=<action>&limit=.
			const { before, kind, limit } = context.req.query();
			const details = [
				...(before !== undefined && !/^[1-9]\d{0,15}$/.test(before)
					? [{ field: 'before', code: 'invalid', message: 'before must be the id of an entry' }]
					: []),
				...(kind !== undefined && !/^[a-z_]{1,40}$/.test(kind)
					? [
							{
								field: 'kind',
								code: 'invalid',
								message: 'kind must be an action such as sign_in_failed'
							}
						]
					: []),
				...(limit !== undefined &&
				!(/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 500)
					? [{ field: 'limit', code: 'invalid', message: 'limit must be 1 to 500' }]
					: [])
			];
			if (details.length > 0)
				throw new ApiError(400, 'invalid_query', 'The audit query is not valid', details);
			return context.json(
				await auth.auditPage({
					before: before === undefined ? undefined : Number(before),
					kind,
					limit: limit === undefined ? 100 : Number(limit)
				})
			);
		});
}

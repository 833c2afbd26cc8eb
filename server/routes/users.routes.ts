import { Hono } from 'hono';
import { AuthError, type AuthService } from '../auth/auth.service.js';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { OpenDatabase } from '../db/client.js';
import { ApiError } from '../lib/errors.js';
import { newUserSchema, userChangeSchema } from '../lib/staff-schemas.js';
import { validBody } from '../lib/validation.js';

/** Staff user management: admins only. */
export function usersRoutes(auth: AuthService, database: OpenDatabase) {
	return new Hono<StaffEnv>()
		.use(requireRole('admin'))
		.get('/', async (context) => {
			const rows = await database.client.execute('SELECT id, email, role, is_disabled, created_at FROM users ORDER BY email');
			return context.json({
				users: rows.rows.map((row) => ({ id: String(row.id), email: String(row.email), role: String(row.role), isDisabled: Number(row.is_disabled) === 1 }))
			});
		})
		.post('/', async (context) => {
			const body = await validBody(context, newUserSchema, 'email, password and role are required');
			try {
				const user = await auth.createUser(body.email, body.password, body.role);
				await auth.audit(context.get('user')!.id, 'user_created', { userId: user.id, email: user.email, role: user.role });
				return context.json({ user }, 201);
			} catch (error) {
				if (error instanceof AuthError) {
					const field = error.code === 'invalid_password' ? 'password' : error.code === 'invalid_role' ? 'role' : 'email';
					throw new ApiError(error.code === 'duplicate_email' ? 409 : 400, error.code, error.message, [{ field, code: error.code, message: error.message }]);
				}
				throw error;
			}
		})
		.patch('/:id', async (context) => {
			const id = context.req.param('id');
			const admin = context.get('user')!;
			const body = await validBody(context, userChangeSchema, 'The change is not valid');
			if (body.role === undefined && body.isDisabled === undefined) {
				throw new ApiError(400, 'invalid_body', 'The change is not valid', [{ field: 'role', code: 'required', message: 'give a role, isDisabled or both' }]);
			}
			// An admin cannot lock themselves out (and so leave nobody able to manage users).
			if (id === admin.id) throw new ApiError(409, 'own_account', 'You cannot disable your own account or change your own role');
			try {
				const { before, after } = await auth.updateUser(id, { role: body.role, isDisabled: body.isDisabled });
				await auth.audit(admin.id, 'user_updated', {
					userId: after.id,
					email: after.email,
					...(before.role !== after.role ? { role: { from: before.role, to: after.role } } : {}),
					...(before.isDisabled !== after.isDisabled ? { isDisabled: { from: before.isDisabled, to: after.isDisabled } } : {})
				});
				return context.json({ user: after });
			} catch (error) {
				if (error instanceof AuthError && error.code === 'unknown_user') throw new ApiError(404, 'unknown_user', error.message);
				throw error;
			}
		})
		.get('/audit', async (context) => {
			const rows = await database.client.execute(
				'SELECT a.at, a.user_id, u.email, a.action, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT 500'
			);
			return context.json({
				entries: rows.rows.map((row) => ({
					at: String(row.at),
					userId: row.user_id === null ? null : String(row.user_id),
					email: row.email === null ? null : String(row.email),
					action: String(row.action),
					detail: JSON.parse(String(row.detail)) as unknown
				}))
			});
		});
}

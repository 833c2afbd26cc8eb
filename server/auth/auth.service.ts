import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { OpenDatabase } from '../db/client.js';
import {
	DEFAULT_COST,
	hashPassword,
	MUST_CHANGE_PREFIX,
	passwordProblem,
	verifyPassword,
	type ScryptCost
} from './passwords.js';

export type Role = 'admin' | 'analyst' | 'rep';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'rep'];

export interface StaffUser {
	id: string;
	email: string;
	role: Role;
	/** Set (true) after an admin reset: nothing but changing the password is allowed until then. */
	mustChangePassword?: true;
}

/** Idle and absolute session limits (documented in the README). */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthError extends Error {
	constructor(
		readonly code:
			| 'invalid_credentials'
			| 'invalid_password'
			| 'duplicate_email'
			| 'invalid_email'
			| 'invalid_role'
			| 'unknown_user'
			| 'wrong_password',
		message: string
	) {
		super(message);
	}
}

export class AuthService {
	#database: OpenDatabase;
	#now: () => Date;
	#cost: ScryptCost;
	/** A hash to check against when the email is unknown, so both paths take the same time. */
	#dummyHash: Promise<string>;

	constructor(
		database: OpenDatabase,
		now: () => Date = () => new Date(),
		cost: ScryptCost = DEFAULT_COST
	) {
		this.#database = database;
		this.#now = now;
		this.#cost = cost;
		this.#dummyHash = hashPassword(randomBytes(12).toString('hex'), cost);
	}

	/** Every staff account, for the admin's user list. */
	async listUsers(): Promise<{ id: string; email: string; role: string; isDisabled: boolean }[]> {
		const rows = await this.#database.client.execute(
			'SELECT id, email, role, is_disabled FROM users ORDER BY email'
		);
		return rows.rows.map((row) => ({
			id: String(row.id),
			email: String(row.email),
			role: String(row.role),
			isDisabled: Number(row.is_disabled) === 1
		}));
	}

	async createUser(email: string, password: string, role: Role): Promise<StaffUser> {
		const normalised = email.trim().toLowerCase();
		if (!/^[^@\s]+@[^@\s]+$/.test(normalised))
			throw new AuthError('invalid_email', 'email is not an email address');
		if (!ROLES.includes(role))
			throw new AuthError('invalid_role', `role must be one of ${ROLES.join(', ')}`);
		const problem = passwordProblem(password, normalised);
		if (problem) throw new AuthError('invalid_password', `password ${problem}`);
		const existing = await this.#database.client.execute({
			sql: 'SELECT id FROM users WHERE email = ?',
			args: [normalised]
		});
		if (existing.rows.length > 0)
			throw new AuthError('duplicate_email', 'a user with this email exists');
		const user: StaffUser = { id: randomUUID(), email: normalised, role };
		await this.#database.client.execute({
			sql: 'INSERT INTO users (id, email, password_hash, role, is_disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)',
			args: [
				user.id,
				user.email,
				await hashPassword(password, this.#cost),
				role,
				this.#now().toISOString()
			]
		});
		return user;
	}

	/**
	 * An admin's change to a user: role, and disabled or not. Disabling ends every session the
	 * user has (OWASP ASVS 7.4.2); a role change applies at their next request, because each
	 * request reads the role afresh. Returns the user before and after.
	 */
	async updateUser(
		id: string,
		change: { role?: Role; isDisabled?: boolean }
	): Promise<{
		before: StaffUser & { isDisabled: boolean };
		after: StaffUser & { isDisabled: boolean };
	}> {
		if (change.role !== undefined && !ROLES.includes(change.role))
			throw new AuthError('invalid_role', `role must be one of ${ROLES.join(', ')}`);
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT id, email, role, is_disabled FROM users WHERE id = ?',
				args: [id]
			})
		).rows[0];
		if (!row) throw new AuthError('unknown_user', 'There is no user with this id');
		const before = {
			id: String(row.id),
			email: String(row.email),
			role: String(row.role) as Role,
			isDisabled: Number(row.is_disabled) === 1
		};
		const after = {
			...before,
			role: change.role ?? before.role,
			isDisabled: change.isDisabled ?? before.isDisabled
		};
		await this.#database.client.batch(
			[
				{
					sql: 'UPDATE users SET role = ?, is_disabled = ? WHERE id = ?',
					args: [after.role, after.isDisabled ? 1 : 0, id]
				},
				...(after.isDisabled
					? [{ sql: 'DELETE FROM staff_sessions WHERE user_id = ?', args: [id] }]
					: [])
			],
			'write'
		);
		return { before, after };
	}

	/**
	 * A user changes their own password: the current one is required, the new one meets the rules,
	 * and every other session of theirs ends (OWASP ASVS 5.0 §6.2.2, §7.4.3); `keepToken`'s stays.
	 */
	async changePassword(
		userId: string,
		currentPassword: string,
		newPassword: string,
		keepToken: string | null
	): Promise<void> {
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT email, password_hash FROM users WHERE id = ?',
				args: [userId]
			})
		).rows[0];
		if (!row || !(await verifyPassword(currentPassword, String(row.password_hash))))
			throw new AuthError('wrong_password', 'currentPassword is not right');
		const problem = passwordProblem(newPassword, String(row.email));
		if (problem) throw new AuthError('invalid_password', `newPassword ${problem}`);
		await this.#database.client.batch(
			[
				{
					sql: 'UPDATE users SET password_hash = ? WHERE id = ?',
					args: [await hashPassword(newPassword, this.#cost), userId]
				},
				{
					sql: 'DELETE FROM staff_sessions WHERE user_id = ? AND token_hash IS NOT ?',
					args: [userId, keepToken ? hashToken(keepToken) : null]
				}
			],
			'write'
		);
	}

	async countUsers(): Promise<number> {
		return Number(
			(await this.#database.client.execute('SELECT count(*) AS n FROM users')).rows[0]?.n ?? 0
		);
	}

	/** Checks the password and opens a new session (a new token every sign-in). */
	async login(email: string, password: string): Promise<{ user: StaffUser; token: string }> {
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT id, email, role, password_hash, is_disabled FROM users WHERE email = ?',
				args: [email.trim().toLowerCase()]
			})
		).rows[0];
		const isValid = await verifyPassword(
			password,
			row ? String(row.password_hash) : await this.#dummyHash
		);
		if (!row || !isValid || Number(row.is_disabled) === 1)
			throw new AuthError('invalid_credentials', 'Email or password is not right');
		const token = randomBytes(32).toString('base64url');
		const now = this.#now();
		await this.#database.client.execute({
			sql: 'INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
			args: [
				hashToken(token),
				String(row.id),
				now.toISOString(),
				now.toISOString(),
				new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString()
			]
		});
		const mustChange = String(row.password_hash).startsWith(MUST_CHANGE_PREFIX)
			? { mustChangePassword: true as const }
			: {};
		return {
			user: {
				id: String(row.id),
				email: String(row.email),
				role: String(row.role) as Role,
				...mustChange
			},
			token
		};
	}

	/** The signed-in user for a session token, or null when it is unknown, idle too long or expired. */
	async userForToken(token: string): Promise<StaffUser | null> {
		const tokenHash = hashToken(token);
		const row = (
			await this.#database.client.execute({
				sql: `SELECT u.id, u.email, u.role, u.is_disabled, u.password_hash, s.last_seen_at, s.expires_at
				      FROM staff_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
				args: [tokenHash]
			})
		).rows[0];
		if (!row) return null;
		const now = this.#now();
		const isExpired =
			Date.parse(String(row.expires_at)) <= now.getTime() ||
			Date.parse(String(row.last_seen_at)) + IDLE_TIMEOUT_MS <= now.getTime();
		if (isExpired || Number(row.is_disabled) === 1) {
			await this.logout(token);
			return null;
		}
		await this.#database.client.execute({
			sql: 'UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?',
			args: [now.toISOString(), tokenHash]
		});
		return {
			id: String(row.id),
			email: String(row.email),
			role: String(row.role) as Role,
			...(String(row.password_hash).startsWith(MUST_CHANGE_PREFIX)
				? { mustChangePassword: true as const }
				: {})
		};
	}

	/**
	 * An admin sets a temporary password for a user: it meets the rules, every session of theirs
	 * ends, and they must choose their own at next sign-in (OWASP ASVS 5.0 §6.4).
	 */
	async resetPassword(userId: string, temporaryPassword: string): Promise<StaffUser> {
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT id, email, role FROM users WHERE id = ?',
				args: [userId]
			})
		).rows[0];
		if (!row) throw new AuthError('unknown_user', 'There is no user with this id');
		const problem = passwordProblem(temporaryPassword, String(row.email));
		if (problem) throw new AuthError('invalid_password', `password ${problem}`);
		await this.#database.client.batch(
			[
				{
					sql: 'UPDATE users SET password_hash = ? WHERE id = ?',
					args: [MUST_CHANGE_PREFIX + (await hashPassword(temporaryPassword, this.#cost)), userId]
				},
				{ sql: 'DELETE FROM staff_sessions WHERE user_id = ?', args: [userId] }
			],
			'write'
		);
		return { id: String(row.id), email: String(row.email), role: String(row.role) as Role };
	}

	async logout(token: string): Promise<void> {
		await this.#database.client.execute({
			sql: 'DELETE FROM staff_sessions WHERE token_hash = ?',
			args: [hashToken(token)]
		});
	}

	async audit(
		userId: string | null,
		action: string,
		detail: Record<string, unknown> = {}
	): Promise<void> {
		await this.#database.client.execute({
			sql: 'INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)',
			args: [this.#now().toISOString(), userId, action, JSON.stringify(detail)]
		});
		await this.#purgeOldAudit();
	}

	/**
	 * A failed sign-in, aggregated per account, client and minute (issue 12 item 3): a flood adds one
	 * entry a minute per address, with a count, so it cannot push other events out of view. For an
	 * email that is no account nothing typed is kept (a password typed into the email box would be).
	 * `source` is a keyed hash of the address, never the address itself (no IP address is stored).
	 */
	async auditFailedSignIn(typedEmail: string, source: string): Promise<void> {
		const known = (
			await this.#database.client.execute({
				sql: 'SELECT email FROM users WHERE email = ?',
				args: [typedEmail]
			})
		).rows[0];
		const email = known ? String(known.email) : null;
		const now = this.#now().toISOString();
		const minute = now.slice(0, 16);
		const updated = await this.#database.client.execute({
			sql: `UPDATE audit_log SET detail = json_set(detail, '$.count', json_extract(detail, '$.count') + 1)
			      WHERE id = (SELECT id FROM audit_log WHERE action = 'sign_in_failed' AND at >= ?
			                  AND json_extract(detail, '$.minute') = ? AND json_extract(detail, '$.source') = ? AND json_extract(detail, '$.email') IS ?
			                  ORDER BY id DESC LIMIT 1)`,
			args: [`${minute}:00.000Z`, minute, source, email]
		});
		if (updated.rowsAffected === 0)
			await this.audit(null, 'sign_in_failed', {
				email,
				...(email ? {} : { account: 'unknown' }),
				source,
				minute,
				count: 1
			});
	}

	/** Entries older than the retention period go (at most one sweep an hour). */
	#lastPurge = 0;
	async #purgeOldAudit(): Promise<void> {
		const now = this.#now().getTime();
		if (now - this.#lastPurge < 60 * 60_000) return;
		this.#lastPurge = now;
		await this.#database.client.execute({
			sql: 'DELETE FROM audit_log WHERE at < ?',
			args: [new Date(now - this.auditRetentionDays * 86_400_000).toISOString()]
		});
	}

	/** How long the audit log is kept (AUDIT_RETENTION_DAYS). */
	auditRetentionDays = 365;

	/** A page of the audit log, newest first: entries before the id `before`, of one `kind` (action) if given. */
	async auditPage({ before, kind, limit }: { before?: number; kind?: string; limit: number }) {
		const rows = await this.#database.client.execute({
			sql: `SELECT a.id, a.at, a.user_id, u.email, a.action, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
			      WHERE (? IS NULL OR a.id < ?) AND (? IS NULL OR a.action = ?) ORDER BY a.id DESC LIMIT ?`,
			args: [before ?? null, before ?? null, kind ?? null, kind ?? null, limit + 1]
		});
		const entries = rows.rows.slice(0, limit).map((row) => ({
			id: Number(row.id),
			at: String(row.at),
			userId: row.user_id === null ? null : String(row.user_id),
			email: row.email === null ? null : String(row.email),
			action: String(row.action),
			detail: JSON.parse(String(row.detail)) as unknown
		}));
		return { entries, next: rows.rows.length > limit ? entries.at(-1)!.id : null };
	}
}

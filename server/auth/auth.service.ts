import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { OpenDatabase } from '../db/client.js';
import { auditLog, mfaPolicy, mfaRecoveryCodes, staffSessions, users } from '../db/schema.js';
import {
	DEFAULT_COST,
	hashPassword,
	MUST_CHANGE_PREFIX,
	passwordProblem,
	verifyPassword,
	type ScryptCost
} from './passwords.js';
import {
	hashRecoveryCode,
	matchingStep,
	newRecoveryCodes,
	newTotpSecret,
	otpauthUri
} from './totp.js';
import { normaliseEmail } from './email.js';

export type Role = 'admin' | 'analyst' | 'rep';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'rep'];

export interface StaffUser {
	id: string;
	email: string;
	role: Role;
	/** Set (true) after an admin reset: nothing but changing the password is allowed until then. */
	mustChangePassword?: true;
	/** Whether the account has a confirmed second factor. */
	mfaEnabled?: boolean;
	/** Set (true) when the role requires a second factor and none is set up: only enrolment is allowed. */
	mustEnrolMfa?: true;
}

/**
 * Which roles must use a second factor when an admin has not said otherwise (docs/security.md).
 * By default it is optional for everyone (issue 12 item 7): anyone can turn it on.
 */
export const DEFAULT_MFA_REQUIRED: Record<Role, boolean> = {
	admin: false,
	analyst: false,
	rep: false
};

/**
 * With REQUIRE_MFA=true: admins must (issue 12 item 7), and so must analysts, who can read free
 * text and export results — personal data (OWASP ASVS 5.0 L2 §6.3.3); reps see only their own
 * sessions' counts.
 */
export const ENFORCED_MFA_REQUIRED: Record<Role, boolean> = {
	admin: true,
	analyst: true,
	rep: false
};

/** How long the code step of a sign-in waits after the password was right. */
export const MFA_CHALLENGE_MS = 5 * 60_000;
/** Wrong codes one password check allows before the password must be typed again. */
export const MFA_CHALLENGE_TRIES = 5;

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
			| 'wrong_password'
			| 'invalid_code'
			| 'challenge_expired'
			| 'mfa_enabled'
			| 'mfa_not_started',
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
	/**
	 * Sign-ins whose password was right, waiting for the second factor: by the sha256 of a random
	 * token the browser holds. In memory: a restart only means typing the password again.
	 */
	#challenges = new Map<string, { userId: string; expiresAt: number; tries: number }>();
	/**
	 * Accounts that need no second factor whatever their role (MFA_EXEMPT_EMAILS): the demo analyst on
	 * illustrative data and the browser tests' analyst. index.ts refuses the setting in production.
	 */
	mfaExemptEmails: ReadonlySet<string> = new Set();
	/** The rule for a role no admin has set a policy for. */
	mfaRequiredByDefault: Record<Role, boolean> = DEFAULT_MFA_REQUIRED;

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

	get #db() {
		return this.#database.db;
	}

	/** Every staff account, for the admin's user list. */
	async listUsers(): Promise<
		{ id: string; email: string; role: Role; isDisabled: boolean; mfaEnabled: boolean }[]
	> {
		const rows = await this.#db
			.select({
				id: users.id,
				email: users.email,
				role: users.role,
				isDisabled: users.isDisabled,
				mfaEnabledAt: users.mfaEnabledAt
			})
			.from(users)
			.orderBy(users.email);
		return rows.map(({ mfaEnabledAt, ...user }) => ({
			...user,
			mfaEnabled: mfaEnabledAt !== null
		}));
	}

	async createUser(email: string, password: string, role: Role): Promise<StaffUser> {
		const normalised = normaliseEmail(email);
		if (!/^[^@\s]+@[^@\s]+$/.test(normalised))
			throw new AuthError('invalid_email', 'email is not an email address');
		if (!ROLES.includes(role))
			throw new AuthError('invalid_role', `role must be one of ${ROLES.join(', ')}`);
		const problem = passwordProblem(password, normalised);
		if (problem) throw new AuthError('invalid_password', `password ${problem}`);
		const existing = await this.#db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.email, normalised))
			.get();
		if (existing) throw new AuthError('duplicate_email', 'a user with this email exists');
		const user: StaffUser = { id: randomUUID(), email: normalised, role };
		await this.#db.insert(users).values({
			id: user.id,
			email: user.email,
			passwordHash: await hashPassword(password, this.#cost),
			role,
			isDisabled: false,
			createdAt: this.#now().toISOString()
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
		const before = await this.#db
			.select({ id: users.id, email: users.email, role: users.role, isDisabled: users.isDisabled })
			.from(users)
			.where(eq(users.id, id))
			.get();
		if (!before) throw new AuthError('unknown_user', 'There is no user with this id');
		const after = {
			...before,
			role: change.role ?? before.role,
			isDisabled: change.isDisabled ?? before.isDisabled
		};
		const update = this.#db
			.update(users)
			.set({ role: after.role, isDisabled: after.isDisabled })
			.where(eq(users.id, id));
		if (after.isDisabled)
			await this.#db.batch([
				update,
				this.#db.delete(staffSessions).where(eq(staffSessions.userId, id))
			]);
		else await update;
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
		const row = await this.#db
			.select({ email: users.email, passwordHash: users.passwordHash })
			.from(users)
			.where(eq(users.id, userId))
			.get();
		if (!row || !(await verifyPassword(currentPassword, row.passwordHash)))
			throw new AuthError('wrong_password', 'currentPassword is not right');
		const problem = passwordProblem(newPassword, row.email);
		if (problem) throw new AuthError('invalid_password', `newPassword ${problem}`);
		await this.#db.batch([
			this.#db
				.update(users)
				.set({ passwordHash: await hashPassword(newPassword, this.#cost) })
				.where(eq(users.id, userId)),
			this.#db
				.delete(staffSessions)
				.where(
					and(
						eq(staffSessions.userId, userId),
						keepToken ? ne(staffSessions.tokenHash, hashToken(keepToken)) : undefined
					)
				)
		]);
	}

	/** The account with this email (as stored: trimmed, lower case), or null. */
	async findUserByEmail(email: string): Promise<{ id: string; isDisabled: boolean } | null> {
		const [row] = await this.#db
			.select({ id: users.id, isDisabled: users.isDisabled })
			.from(users)
			.where(eq(users.email, normaliseEmail(email)));
		return row ?? null;
	}

	async countUsers(): Promise<number> {
		return this.#db.$count(users);
	}

	/**
	 * Checks the password. An account with a second factor gets a challenge to answer with
	 * completeSignIn (no session yet); any other account gets a new session (a new token every
	 * sign-in).
	 */
	async signIn(
		email: string,
		password: string
	): Promise<{ user: StaffUser; token: string } | { user: StaffUser; challenge: string }> {
		const row = await this.#db
			.select()
			.from(users)
			.where(eq(users.email, normaliseEmail(email)))
			.get();
		const isValid = await verifyPassword(password, row ? row.passwordHash : await this.#dummyHash);
		if (!row || !isValid || row.isDisabled)
			throw new AuthError('invalid_credentials', 'Email or password is not right');
		if (row.mfaSecret !== null) {
			const challenge = randomBytes(32).toString('base64url');
			this.#sweepChallenges();
			this.#challenges.set(hashToken(challenge), {
				userId: row.id,
				expiresAt: this.#now().getTime() + MFA_CHALLENGE_MS,
				tries: 0
			});
			return { user: { id: row.id, email: row.email, role: row.role }, challenge };
		}
		return { user: await this.#userFrom(row), token: await this.#openSession(row.id) };
	}

	/** signIn for an account without a second factor (the seed, the CLI and tests). */
	async login(email: string, password: string): Promise<{ user: StaffUser; token: string }> {
		const outcome = await this.signIn(email, password);
		if (!('token' in outcome))
			throw new AuthError('invalid_credentials', 'This account needs its second factor');
		return outcome;
	}

	/** The email a live challenge is for (to throttle and audit the code step by account). */
	async challengeEmail(challenge: string): Promise<string | null> {
		const entry = this.#challenges.get(hashToken(challenge));
		if (!entry || entry.expiresAt <= this.#now().getTime()) return null;
		const row = await this.#db
			.select({ email: users.email })
			.from(users)
			.where(eq(users.id, entry.userId))
			.get();
		return row?.email ?? null;
	}

	/**
	 * The second step of a sign-in: a TOTP code, or one of the recovery codes. A wrong code counts
	 * against the challenge (MFA_CHALLENGE_TRIES) and, in the route, against the lockout throttle.
	 */
	async completeSignIn(
		challenge: string,
		code: string
	): Promise<{ user: StaffUser; token: string; method: 'totp' | 'recovery_code' }> {
		const key = hashToken(challenge);
		const entry = this.#challenges.get(key);
		if (!entry || entry.expiresAt <= this.#now().getTime()) {
			this.#challenges.delete(key);
			throw new AuthError('challenge_expired', 'Sign in again: the code step has expired');
		}
		const row = await this.#db.select().from(users).where(eq(users.id, entry.userId)).get();
		if (!row || row.isDisabled || row.mfaSecret === null) {
			this.#challenges.delete(key);
			throw new AuthError('challenge_expired', 'Sign in again: the code step has expired');
		}
		const method = await this.#checkSecondFactor(row.id, row.email, row.mfaSecret, code);
		if (!method) {
			entry.tries += 1;
			if (entry.tries >= MFA_CHALLENGE_TRIES) this.#challenges.delete(key);
			throw new AuthError('invalid_code', 'code is not right, or was already used');
		}
		this.#challenges.delete(key);
		return { user: await this.#userFrom(row), token: await this.#openSession(row.id), method };
	}

	#sweepChallenges(): void {
		const now = this.#now().getTime();
		for (const [key, entry] of this.#challenges)
			if (entry.expiresAt <= now) this.#challenges.delete(key);
	}

	/**
	 * A TOTP code accepted at most once per time step per user (RFC 6238 §5.2): the step is stored
	 * and only a later one is taken, in one conditional UPDATE so two requests cannot both win.
	 * Otherwise an unused recovery code, spent in the same way.
	 */
	async #checkSecondFactor(
		userId: string,
		email: string,
		secret: string,
		code: string
	): Promise<'totp' | 'recovery_code' | null> {
		const given = code.replace(/\s/g, '');
		const step = matchingStep(secret, email, given, this.#now());
		if (step !== null) {
			const result = await this.#db
				.update(users)
				.set({ mfaLastStep: step })
				.where(
					and(eq(users.id, userId), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step)))
				);
			return result.rowsAffected === 1 ? 'totp' : null;
		}
		if (/^\d+$/.test(given)) return null;
		const spent = await this.#db
			.update(mfaRecoveryCodes)
			.set({ usedAt: this.#now().toISOString() })
			.where(
				and(
					eq(mfaRecoveryCodes.userId, userId),
					eq(mfaRecoveryCodes.codeHash, hashRecoveryCode(given)),
					isNull(mfaRecoveryCodes.usedAt)
				)
			);
		return spent.rowsAffected === 1 ? 'recovery_code' : null;
	}

	async #openSession(userId: string): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		const now = this.#now();
		await this.#db.insert(staffSessions).values({
			tokenHash: hashToken(token),
			userId,
			createdAt: now.toISOString(),
			lastSeenAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString()
		});
		return token;
	}

	/** Whether a role must use a second factor: the admin's choice, else DEFAULT_MFA_REQUIRED. */
	async isMfaRequired(role: Role): Promise<boolean> {
		const row = await this.#db
			.select({ isRequired: mfaPolicy.isRequired })
			.from(mfaPolicy)
			.where(eq(mfaPolicy.role, role))
			.get();
		return row?.isRequired ?? this.mfaRequiredByDefault[role];
	}

	async #userFrom(row: typeof users.$inferSelect): Promise<StaffUser> {
		const mfaEnabled = row.mfaSecret !== null;
		const mustEnrol =
			!mfaEnabled && !this.mfaExemptEmails.has(row.email) && (await this.isMfaRequired(row.role));
		return {
			id: row.id,
			email: row.email,
			role: row.role,
			mfaEnabled,
			...(row.passwordHash.startsWith(MUST_CHANGE_PREFIX)
				? { mustChangePassword: true as const }
				: {}),
			...(mustEnrol ? { mustEnrolMfa: true as const } : {})
		};
	}

	/** The signed-in user for a session token, or null when it is unknown, idle too long or expired. */
	async userForToken(token: string): Promise<StaffUser | null> {
		const tokenHash = hashToken(token);
		const row = await this.#db
			.select({
				user: users,
				lastSeenAt: staffSessions.lastSeenAt,
				expiresAt: staffSessions.expiresAt
			})
			.from(staffSessions)
			.innerJoin(users, eq(users.id, staffSessions.userId))
			.where(eq(staffSessions.tokenHash, tokenHash))
			.get();
		if (!row) return null;
		const now = this.#now();
		const isExpired =
			Date.parse(row.expiresAt) <= now.getTime() ||
			Date.parse(row.lastSeenAt) + IDLE_TIMEOUT_MS <= now.getTime();
		if (isExpired || row.user.isDisabled) {
			await this.logout(token);
			return null;
		}
		await this.#db
			.update(staffSessions)
			.set({ lastSeenAt: now.toISOString() })
			.where(eq(staffSessions.tokenHash, tokenHash));
		return this.#userFrom(row.user);
	}

	/**
	 * Starts enrolment: a new secret, kept as pending until a code from it is entered, returned once
	 * with its otpauth:// URI. An account whose second factor is on cannot start again (an admin
	 * resets it first), so the secret in use is never sent out.
	 */
	async startMfaEnrolment(userId: string): Promise<{ secret: string; otpauthUri: string }> {
		const row = await this.#db
			.select({ email: users.email, mfaSecret: users.mfaSecret })
			.from(users)
			.where(eq(users.id, userId))
			.get();
		if (!row) throw new AuthError('unknown_user', 'There is no user with this id');
		if (row.mfaSecret !== null)
			throw new AuthError('mfa_enabled', 'The second factor is already set up for this account');
		const secret = newTotpSecret();
		await this.#db.update(users).set({ mfaPendingSecret: secret }).where(eq(users.id, userId));
		return { secret, otpauthUri: otpauthUri(secret, row.email) };
	}

	/**
	 * Confirms enrolment with a code from the pending secret, switches the second factor on and
	 * returns 10 new recovery codes: shown this once, stored only as hashes.
	 */
	async confirmMfaEnrolment(userId: string, code: string): Promise<string[]> {
		const row = await this.#db
			.select({ email: users.email, mfaSecret: users.mfaSecret, pending: users.mfaPendingSecret })
			.from(users)
			.where(eq(users.id, userId))
			.get();
		if (!row) throw new AuthError('unknown_user', 'There is no user with this id');
		if (row.mfaSecret !== null)
			throw new AuthError('mfa_enabled', 'The second factor is already set up for this account');
		if (row.pending === null)
			throw new AuthError(
				'mfa_not_started',
				'Start the set-up first (POST /api/v1/auth/mfa/enrol)'
			);
		const step = matchingStep(row.pending, row.email, code.replace(/\s/g, ''), this.#now());
		if (step === null) throw new AuthError('invalid_code', 'code is not right for this secret');
		const codes = newRecoveryCodes();
		const now = this.#now().toISOString();
		await this.#db.batch([
			this.#db
				.update(users)
				.set({
					mfaSecret: row.pending,
					mfaPendingSecret: null,
					mfaEnabledAt: now,
					mfaLastStep: step
				})
				.where(eq(users.id, userId)),
			this.#db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)),
			this.#db
				.insert(mfaRecoveryCodes)
				.values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })))
		]);
		return codes;
	}

	/** Recovery codes not yet used (the count only; the codes themselves are not kept). */
	async unusedRecoveryCodes(userId: string): Promise<number> {
		return this.#db.$count(
			mfaRecoveryCodes,
			and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt))
		);
	}

	/**
	 * An admin turns a user's second factor off (a lost phone): secret and recovery codes go and
	 * every session of theirs ends. If their role requires one they enrol again at next sign-in.
	 */
	async resetMfa(userId: string): Promise<StaffUser> {
		const row = await this.#db
			.select({ id: users.id, email: users.email, role: users.role })
			.from(users)
			.where(eq(users.id, userId))
			.get();
		if (!row) throw new AuthError('unknown_user', 'There is no user with this id');
		await this.#db.batch([
			this.#db
				.update(users)
				.set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null })
				.where(eq(users.id, userId)),
			this.#db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)),
			this.#db.delete(staffSessions).where(eq(staffSessions.userId, userId))
		]);
		return row;
	}

	/** Each role's rule, and whether it is the default or an admin's choice. */
	async mfaPolicies(): Promise<{ role: Role; isRequired: boolean; isDefault: boolean }[]> {
		const rows = await this.#db.select().from(mfaPolicy);
		return ROLES.map((role) => {
			const row = rows.find((candidate) => candidate.role === role);
			return {
				role,
				isRequired: row?.isRequired ?? this.mfaRequiredByDefault[role],
				isDefault: !row
			};
		});
	}

	async setMfaPolicy(role: Role, isRequired: boolean, changedBy: string): Promise<void> {
		const changedAt = this.#now().toISOString();
		await this.#db
			.insert(mfaPolicy)
			.values({ role, isRequired, changedAt, changedBy })
			.onConflictDoUpdate({ target: mfaPolicy.role, set: { isRequired, changedAt, changedBy } });
	}

	/**
	 * An admin sets a temporary password for a user: it meets the rules, every session of theirs
	 * ends, and they must choose their own at next sign-in (OWASP ASVS 5.0 §6.4).
	 */
	async resetPassword(userId: string, temporaryPassword: string): Promise<StaffUser> {
		const row = await this.#db
			.select({ id: users.id, email: users.email, role: users.role })
			.from(users)
			.where(eq(users.id, userId))
			.get();
		if (!row) throw new AuthError('unknown_user', 'There is no user with this id');
		const problem = passwordProblem(temporaryPassword, row.email);
		if (problem) throw new AuthError('invalid_password', `password ${problem}`);
		await this.#db.batch([
			this.#db
				.update(users)
				.set({
					passwordHash: MUST_CHANGE_PREFIX + (await hashPassword(temporaryPassword, this.#cost))
				})
				.where(eq(users.id, userId)),
			this.#db.delete(staffSessions).where(eq(staffSessions.userId, userId))
		]);
		return row;
	}

	async logout(token: string): Promise<void> {
		await this.#db.delete(staffSessions).where(eq(staffSessions.tokenHash, hashToken(token)));
	}

	async audit(
		userId: string | null,
		action: string,
		detail: Record<string, unknown> = {}
	): Promise<void> {
		await this.#db.insert(auditLog).values({
			at: this.#now().toISOString(),
			userId,
			action,
			detail: JSON.stringify(detail)
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
		const known = await this.#db
			.select({ email: users.email })
			.from(users)
			.where(eq(users.email, typedEmail))
			.get();
		const email = known?.email ?? null;
		const now = this.#now().toISOString();
		const minute = now.slice(0, 16);
		// The entry's detail is JSON: SQLite's json_extract/json_set through drizzle's `sql`, since the
		// query builder has no JSON operators; counting in place keeps one row per minute and source.
		const latest = this.#db
			.select({ id: auditLog.id })
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'sign_in_failed'),
					sql`${auditLog.at} >= ${`${minute}:00.000Z`}`,
					sql`json_extract(${auditLog.detail}, '$.minute') = ${minute}`,
					sql`json_extract(${auditLog.detail}, '$.source') = ${source}`,
					sql`json_extract(${auditLog.detail}, '$.email') IS ${email}`
				)
			)
			.orderBy(desc(auditLog.id))
			.limit(1);
		const updated = await this.#db
			.update(auditLog)
			.set({
				detail: sql`json_set(${auditLog.detail}, '$.count', json_extract(${auditLog.detail}, '$.count') + 1)`
			})
			.where(eq(auditLog.id, latest));
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
		await this.#db
			.delete(auditLog)
			.where(lt(auditLog.at, new Date(now - this.auditRetentionDays * 86_400_000).toISOString()));
	}

	/** How long the audit log is kept (AUDIT_RETENTION_DAYS). */
	auditRetentionDays = 365;

	/** A page of the audit log, newest first: entries before the id `before`, of one `kind` (action) if given. */
	async auditPage({ before, kind, limit }: { before?: number; kind?: string; limit: number }) {
		const rows = await this.#db
			.select({
				id: auditLog.id,
				at: auditLog.at,
				userId: auditLog.userId,
				email: users.email,
				action: auditLog.action,
				detail: auditLog.detail
			})
			.from(auditLog)
			.leftJoin(users, eq(users.id, auditLog.userId))
			.where(
				and(
					before === undefined ? undefined : lt(auditLog.id, before),
					kind === undefined ? undefined : eq(auditLog.action, kind)
				)
			)
			.orderBy(desc(auditLog.id))
			.limit(limit + 1);
		const entries = rows
			.slice(0, limit)
			.map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }));
		return { entries, next: rows.length > limit ? entries.at(-1)!.id : null };
	}
}

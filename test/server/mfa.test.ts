import { describe, expect, it } from 'vitest';
import { AuthService, ENFORCED_MFA_REQUIRED } from '../../server/auth/auth.service.js';
import { totpCode } from '../../server/auth/totp.js';
import { testApp } from './helpers.js';

/** Issue 12 item 7: a TOTP second factor for staff (RFC 6238), tested on a fixed clock. */

const CHEAP = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'a-long-analyst-password';
const ANALYST = 'analyst@example.org';
const ADMIN = 'admin@example.org';

type Json = Record<string, unknown>;

async function mfaApp() {
	let now = Date.parse('2026-11-23T09:00:10.000Z');
	const clock = () => new Date(now);
	const { app, database } = await testApp({
		clock,
		loginRateLimit: { limit: 10_000 },
		// As with REQUIRE_MFA=true (analysts and admins must enrol); the admin is exempt by the list.
		mfaRequiredByDefault: ENFORCED_MFA_REQUIRED,
		mfaExemptEmails: [ADMIN]
	});
	const auth = new AuthService(database, clock, CHEAP);
	const analyst = await auth.createUser(ANALYST, PASSWORD, 'analyst');
	await auth.createUser(ADMIN, 'a-long-admin-password', 'admin');
	const send = async (method: string, path: string, body?: unknown, cookie?: string) => {
		const answer = await app.request(
			path,
			{
				method,
				headers: {
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
					...(cookie ? { cookie } : {})
				},
				...(body === undefined ? {} : { body: JSON.stringify(body) })
			},
			{ incoming: { socket: { remoteAddress: '10.0.0.7' } } }
		);
		const setCookie = answer.headers
			.getSetCookie()
			.find((value) => value.startsWith('bs_session='))
			?.split(';')[0];
		return { status: answer.status, body: (await answer.json()) as Json, cookie: setCookie };
	};
	const login = (email = ANALYST, password = PASSWORD) =>
		send('POST', '/api/v1/auth/login', { email, password });
	const code = (challenge: unknown, value: unknown) =>
		send('POST', '/api/v1/auth/login/code', { challenge, code: value });
	/** Signs in, sets up the second factor and returns the secret and the recovery codes. */
	const enrol = async () => {
		const first = await login();
		const enrolment = await send('POST', '/api/v1/auth/mfa/enrol', {}, first.cookie);
		const secret = String(enrolment.body.secret);
		const confirmed = await send(
			'POST',
			'/api/v1/auth/mfa/confirm',
			{ code: totpCode(secret, clock()) },
			first.cookie
		);
		expect(confirmed.status).toBe(200);
		await send('POST', '/api/v1/auth/logout', {}, first.cookie);
		return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
	};
	const advance = (ms: number) => {
		now += ms;
	};
	return { app, database, clock, send, login, code, enrol, advance, analyst };
}

describe('TOTP second factor', () => {
	it('an analyst without one must enrol: only enrolment is allowed until confirmed by a code', async () => {
		const { send, login, clock } = await mfaApp();
		const first = await login();
		expect(first.status).toBe(200);
		expect(first.body.user).toMatchObject({ mustEnrolMfa: true, mfaEnabled: false });
		const blocked = await send('GET', '/api/v1/sessions', undefined, first.cookie);
		expect(blocked.status).toBe(403);
		expect(blocked.body).toMatchObject({ error: { code: 'mfa_enrolment_required' } });

		const enrolment = await send('POST', '/api/v1/auth/mfa/enrol', {}, first.cookie);
		expect(enrolment.status).toBe(200);
		const secret = String(enrolment.body.secret);
		expect(secret).toMatch(/^[A-Z2-7]{32}$/);
		expect(String(enrolment.body.otpauthUri)).toMatch(
			new RegExp(
				`^otpauth://totp/Be%20Supported:analyst%40example\\.org\\?issuer=Be%20Supported&secret=${secret}&algorithm=SHA1&digits=6&period=30$`
			)
		);
		// Not on until a code from the secret is entered.
		expect((await send('GET', '/api/v1/sessions', undefined, first.cookie)).status).toBe(403);
		const wrong = await send('POST', '/api/v1/auth/mfa/confirm', { code: '000000' }, first.cookie);
		expect(wrong.status).toBe(400);
		expect(wrong.body).toMatchObject({
			error: { code: 'invalid_code', details: [{ field: 'code' }] }
		});
		const right = await send(
			'POST',
			'/api/v1/auth/mfa/confirm',
			{ code: totpCode(secret, clock()) },
			first.cookie
		);
		expect(right.status).toBe(200);
		const codes = right.body.recoveryCodes as string[];
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const recovery of codes) expect(recovery).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
		const me = await send('GET', '/api/v1/auth/me', undefined, first.cookie);
		expect(me.body.user).toEqual({
			id: expect.any(String),
			email: ANALYST,
			role: 'analyst',
			mfaEnabled: true
		});
		expect((await send('GET', '/api/v1/sessions', undefined, first.cookie)).status).toBe(200);
	});

	it('the secret is never returned after enrolment, and recovery codes are stored only as hashes', async () => {
		const { send, login, enrol, code, clock, database, advance } = await mfaApp();
		const { secret, recoveryCodes } = await enrol();
		advance(30_000);
		const step = await login();
		const session = await code(step.body.challenge, totpCode(secret, clock()));
		const again = await send('POST', '/api/v1/auth/mfa/enrol', {}, session.cookie);
		expect(again.status).toBe(409);
		expect(JSON.stringify(again.body)).not.toContain(secret);
		expect(JSON.stringify(session.body)).not.toContain(secret);
		const stored = JSON.stringify(
			(await database.client.execute('SELECT * FROM mfa_recovery_codes')).rows
		);
		for (const recovery of recoveryCodes) {
			expect(stored).not.toContain(recovery);
			expect(stored).not.toContain(recovery.replace('-', ''));
		}
		expect(
			(await database.client.execute('SELECT count(*) AS n FROM mfa_recovery_codes')).rows[0]!.n
		).toBe(10);
	});

	it('an enrolled account gets no session until the code passes; a wrong code is refused and audited', async () => {
		const { send, login, code, enrol, clock, advance } = await mfaApp();
		const { secret } = await enrol();
		advance(30_000);
		const step = await login();
		expect(step.status).toBe(200);
		expect(step.body).toEqual({ mfaRequired: true, challenge: expect.any(String) });
		expect(step.cookie).toBeUndefined();

		const wrong = await code(step.body.challenge, '123456');
		expect(wrong.status).toBe(401);
		expect(wrong.body).toMatchObject({
			error: { code: 'invalid_code', details: [{ field: 'code' }] }
		});
		expect(wrong.cookie).toBeUndefined();

		const right = await code(step.body.challenge, totpCode(secret, clock()));
		expect(right.status).toBe(200);
		expect(right.cookie).toMatch(/^bs_session=/);
		expect(right.body.user).toMatchObject({ email: ANALYST, mfaEnabled: true });
		expect((await send('GET', '/api/v1/sessions', undefined, right.cookie)).status).toBe(200);
		// The challenge is spent with the sign-in.
		expect((await code(step.body.challenge, totpCode(secret, clock()))).status).toBe(401);

		const adminLogin = await login(ADMIN, 'a-long-admin-password');
		const audit = await send('GET', '/api/v1/users/audit', undefined, adminLogin.cookie);
		const entries = (audit.body.entries as { action: string; detail: Json }[]).map((entry) => ({
			action: entry.action,
			detail: entry.detail
		}));
		expect(entries).toContainEqual({
			action: 'sign_in_failed',
			detail: expect.objectContaining({ email: ANALYST, count: 1 })
		});
		expect(entries).toContainEqual({
			action: 'sign_in',
			detail: { email: ANALYST, secondFactor: 'totp' }
		});
		expect(entries).toContainEqual({ action: 'mfa_enabled', detail: { email: ANALYST } });
	});

	it('a code is accepted once per time step (replay refused); the next step works; ±1 step of drift', async () => {
		const { login, code, enrol, clock, advance } = await mfaApp();
		const { secret } = await enrol();
		advance(30_000);
		const used = totpCode(secret, clock());
		expect((await code((await login()).body.challenge, used)).status).toBe(200);
		const replay = await code((await login()).body.challenge, used);
		expect(replay.status).toBe(401);
		expect(replay.body).toMatchObject({ error: { code: 'invalid_code' } });
		// A phone 30 s behind: the previous step's code is still within the window, but it is older
		// than the step already used, so it is refused too.
		expect(
			(
				await code(
					(await login()).body.challenge,
					totpCode(secret, new Date(clock().getTime() - 30_000))
				)
			).status
		).toBe(401);
		advance(30_000);
		// A phone 30 s ahead: the next step's code is accepted.
		const ahead = totpCode(secret, new Date(clock().getTime() + 30_000));
		expect((await code((await login()).body.challenge, ahead)).status).toBe(200);
		advance(90_000);
		// Two steps out is refused.
		expect(
			(
				await code(
					(await login()).body.challenge,
					totpCode(secret, new Date(clock().getTime() - 60_000))
				)
			).status
		).toBe(401);
	});

	it('a recovery code works once, in any case and with or without the dash', async () => {
		const { login, code, enrol, advance, send } = await mfaApp();
		const { recoveryCodes } = await enrol();
		advance(30_000);
		const first = await code((await login()).body.challenge, recoveryCodes[3]!.toUpperCase());
		expect(first.status).toBe(200);
		const second = await code((await login()).body.challenge, recoveryCodes[3]!.replace('-', ''));
		expect(second.status).toBe(401);
		const other = await code((await login()).body.challenge, recoveryCodes[4]!);
		expect(other.status).toBe(200);
		const adminLogin = await login(ADMIN, 'a-long-admin-password');
		const audit = await send(
			'GET',
			'/api/v1/users/audit?kind=sign_in',
			undefined,
			adminLogin.cookie
		);
		expect(audit.body.entries).toContainEqual(
			expect.objectContaining({ detail: { email: ANALYST, secondFactor: 'recovery_code' } })
		);
	});

	it('wrong codes count towards the lockout: 5 in a row and that source waits', async () => {
		const { login, code, enrol, clock, advance } = await mfaApp();
		const { secret } = await enrol();
		advance(30_000);
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 6; attempt++) {
			const step = await login();
			statuses.push(
				step.status === 200 ? (await code(step.body.challenge, '000001')).status : step.status
			);
		}
		// Five wrong codes, then the same account and source waits, at the password step as well.
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
		advance(61_000);
		const step = await login();
		expect(step.status).toBe(200);
		expect((await code(step.body.challenge, totpCode(secret, clock()))).status).toBe(200);
	});

	it('one password check allows 5 wrong codes, then the password must be typed again', async () => {
		const { login, code, enrol, clock, advance, app } = await mfaApp();
		const { secret } = await enrol();
		advance(30_000);
		const { challenge } = (await login()).body;
		// Spread over sources so the throttle does not step in first; the challenge's own limit does.
		for (let attempt = 0; attempt < 5; attempt++) {
			const answer = await app.request(
				'/api/v1/auth/login/code',
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ challenge, code: '000002' })
				},
				{ incoming: { socket: { remoteAddress: `10.9.9.${attempt}` } } }
			);
			expect(answer.status).toBe(401);
		}
		const late = await code(challenge, totpCode(secret, clock()));
		expect(late.status).toBe(401);
		expect(late.body).toMatchObject({
			error: { code: 'challenge_expired', details: [{ field: 'challenge' }] }
		});
	});

	it('the code step expires after 5 minutes', async () => {
		const { login, code, enrol, clock, advance } = await mfaApp();
		const { secret } = await enrol();
		advance(30_000);
		const { challenge } = (await login()).body;
		advance(5 * 60_000 + 1);
		const late = await code(challenge, totpCode(secret, clock()));
		expect(late.body).toMatchObject({ error: { code: 'challenge_expired' } });
	});

	it('400s name the field', async () => {
		const { send, login } = await mfaApp();
		const number = await send('POST', '/api/v1/auth/login/code', { challenge: 'x', code: 123456 });
		expect(number.status).toBe(400);
		expect(number.body).toMatchObject({ error: { details: [{ field: 'code' }] } });
		const missing = await send('POST', '/api/v1/auth/login/code', { code: '123456' });
		expect(missing.status).toBe(400);
		expect(missing.body).toMatchObject({ error: { details: [{ field: 'challenge' }] } });
		const session = await login();
		const letters = await send(
			'POST',
			'/api/v1/auth/mfa/confirm',
			{ code: 'abcdef' },
			session.cookie
		);
		expect(letters.status).toBe(400);
		expect(letters.body).toMatchObject({ error: { details: [{ field: 'code' }] } });
		const notStarted = await send(
			'POST',
			'/api/v1/auth/mfa/confirm',
			{ code: '123456' },
			session.cookie
		);
		expect(notStarted.body).toMatchObject({
			error: { code: 'mfa_not_started', details: [{ field: 'code' }] }
		});
		const admin = await login(ADMIN, 'a-long-admin-password');
		const policy = await send(
			'PUT',
			'/api/v1/users/mfa-policy',
			{ role: 'boss', isRequired: 'yes' },
			admin.cookie
		);
		expect(policy.status).toBe(400);
		expect(
			(policy.body.error as { details: { field: string }[] }).details.map((d) => d.field).sort()
		).toEqual(['isRequired', 'role']);
	});

	it("an admin's reset of a user's second factor is audited, ends their sessions and makes them enrol again", async () => {
		const { send, login, code, enrol, clock, advance, analyst, database } = await mfaApp();
		const { secret } = await enrol();
		advance(30_000);
		const session = await code((await login()).body.challenge, totpCode(secret, clock()));
		const admin = await login(ADMIN, 'a-long-admin-password');
		const listed = await send('GET', '/api/v1/users', undefined, admin.cookie);
		expect(listed.body.users).toContainEqual(
			expect.objectContaining({ email: ANALYST, mfaEnabled: true })
		);
		const reset = await send('POST', `/api/v1/users/${analyst.id}/mfa/reset`, {}, admin.cookie);
		expect(reset.status).toBe(200);
		expect((await send('GET', '/api/v1/auth/me', undefined, session.cookie)).status).toBe(401);
		expect(
			(await database.client.execute('SELECT count(*) AS n FROM mfa_recovery_codes')).rows[0]!.n
		).toBe(0);
		const after = await login();
		expect(after.body.user).toMatchObject({ mustEnrolMfa: true, mfaEnabled: false });
		const audit = await send('GET', '/api/v1/users/audit?kind=mfa_reset', undefined, admin.cookie);
		expect(audit.body.entries).toEqual([
			expect.objectContaining({
				email: ADMIN,
				action: 'mfa_reset',
				detail: { userId: analyst.id, email: ANALYST }
			})
		]);
		const unknown = await send('POST', '/api/v1/users/nobody/mfa/reset', {}, admin.cookie);
		expect(unknown.status).toBe(404);
	});

	it('an admin can require the second factor for a role (audited), or stop requiring it', async () => {
		const { send, login, app, database, clock } = await mfaApp();
		await new AuthService(database, clock, CHEAP).createUser(
			'rep@example.org',
			'a-long-rep-password',
			'rep'
		);
		expect((await login('rep@example.org', 'a-long-rep-password')).body.user).not.toHaveProperty(
			'mustEnrolMfa'
		);
		const admin = await login(ADMIN, 'a-long-admin-password');
		const policies = await send('GET', '/api/v1/users/mfa-policy', undefined, admin.cookie);
		expect(policies.body.policies).toEqual([
			{ role: 'admin', isRequired: true, isDefault: true },
			{ role: 'analyst', isRequired: true, isDefault: true },
			{ role: 'rep', isRequired: false, isDefault: true }
		]);
		const changed = await send(
			'PUT',
			'/api/v1/users/mfa-policy',
			{ role: 'rep', isRequired: true },
			admin.cookie
		);
		expect(changed.body.policies).toContainEqual({
			role: 'rep',
			isRequired: true,
			isDefault: false
		});
		expect((await login('rep@example.org', 'a-long-rep-password')).body.user).toMatchObject({
			mustEnrolMfa: true
		});
		await send(
			'PUT',
			'/api/v1/users/mfa-policy',
			{ role: 'analyst', isRequired: false },
			admin.cookie
		);
		expect((await login()).body.user).not.toHaveProperty('mustEnrolMfa');
		const audit = await send(
			'GET',
			'/api/v1/users/audit?kind=mfa_policy_changed',
			undefined,
			admin.cookie
		);
		expect((audit.body.entries as { detail: Json }[]).map((entry) => entry.detail)).toEqual([
			{ role: 'analyst', isRequired: { from: true, to: false } },
			{ role: 'rep', isRequired: { from: false, to: true } }
		]);
		void app;
	});

	it('an exempt account (MFA_EXEMPT_EMAILS) is not asked to enrol', async () => {
		const { login } = await mfaApp();
		const admin = await login(ADMIN, 'a-long-admin-password');
		expect(admin.body.user).toEqual({
			id: expect.any(String),
			email: ADMIN,
			role: 'admin',
			mfaEnabled: false
		});
	});
});

import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { passwordProblem } from '../../server/auth/passwords.js';
import { testApp } from './helpers.js';

/** Issue 12 item 6: password rules (OWASP ASVS 5.0 §6.2) and changing a password. */

const CHEAP = { N: 1024, r: 8, p: 1 };
const EMAIL = 'sam.jones@council.example.org';

describe('password rules', () => {
	it.each([
		['11111111', false],
		['qwerty123', false],
		['aaaaaaaa', false],
		['        ', false],
		['            ', false],
		['aaaaaaaaaaaaaaaa', false],
		['password1234', false],
		['qwertyuiop123', false],
		['sam.jones@council.example.org', false],
		['sam.jones2026!', false],
		['SAM.JONES@COUNCIL.EXAMPLE.ORG1', false],
		['elevenchars', false],
		['x'.repeat(129), false],
		['correct horse battery', true],
		['twelve-chars', true],
		['sam.jones-walks-the-dog-daily', true],
		['Ünïcödé-pässwörd', true],
		['كلمة سر طويلة جدا', true]
	])('%j accepted: %s', (password, accepted) => {
		expect(passwordProblem(password, EMAIL) === null).toBe(accepted);
	});

	it('the bundled list holds at least 10,000 common passwords', async () => {
		const { dictionary } = await import('@zxcvbn-ts/language-common');
		expect(dictionary['passwords-common'].length).toBeGreaterThanOrEqual(10_000);
	});

	it('creating a user through the API refuses a weak password, naming the field', async () => {
		const { app, database } = await testApp();
		await new AuthService(database, undefined, CHEAP).createUser(
			'admin@example.org',
			'a-long-admin-password',
			'admin'
		);
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'admin@example.org', password: 'a-long-admin-password' })
		});
		const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
		for (const password of ['11111111', 'qwerty123', 'aaaaaaaa', '        ', 'newuser12345']) {
			const answer = await app.request('/api/v1/users', {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ email: 'newuser@example.org', password, role: 'rep' })
			});
			expect(answer.status, password).toBe(400);
			expect(
				((await answer.json()) as { error: { details: { field: string }[] } }).error.details[0]!
					.field
			).toBe('password');
		}
	});
});

describe('changing a password', () => {
	async function twoSessions() {
		const { app, database } = await testApp();
		await new AuthService(database, undefined, CHEAP).createUser(
			'analyst@example.org',
			'a-long-analyst-password',
			'analyst'
		);
		const signIn = async (password = 'a-long-analyst-password') =>
			app.request('/api/v1/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: 'analyst@example.org', password })
			});
		const here = (await signIn()).headers.get('set-cookie')!.split(';')[0]!;
		const elsewhere = (await signIn()).headers.get('set-cookie')!.split(';')[0]!;
		const change = (cookie: string | null, body: unknown) =>
			app.request('/api/v1/auth/password', {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
				body: JSON.stringify(body)
			});
		const me = async (cookie: string) =>
			(await app.request('/api/v1/auth/me', { headers: { cookie } })).status;
		return { signIn, here, elsewhere, change, me, database };
	}

	it('needs the current password and a new one that meets the rules', async () => {
		const { here, change } = await twoSessions();
		expect(
			(
				await change(null, {
					currentPassword: 'a-long-analyst-password',
					newPassword: 'a-brand-new-passphrase'
				})
			).status
		).toBe(401);
		const wrong = await change(here, {
			currentPassword: 'not-the-password',
			newPassword: 'a-brand-new-passphrase'
		});
		expect(wrong.status).toBe(400);
		expect(
			((await wrong.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field
		).toBe('currentPassword');
		const weak = await change(here, {
			currentPassword: 'a-long-analyst-password',
			newPassword: 'qwerty123'
		});
		expect(
			((await weak.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field
		).toBe('newPassword');
		expect((await change(here, { currentPassword: 'a-long-analyst-password' })).status).toBe(400);
	});

	it('changes it, keeps this session, ends every other, and is audited', async () => {
		const { here, elsewhere, change, me, signIn, database } = await twoSessions();
		expect(
			(
				await change(here, {
					currentPassword: 'a-long-analyst-password',
					newPassword: 'a-brand-new-passphrase'
				})
			).status
		).toBe(200);
		expect(await me(here)).toBe(200);
		expect(await me(elsewhere)).toBe(401);
		expect((await signIn('a-long-analyst-password')).status).toBe(401);
		expect((await signIn('a-brand-new-passphrase')).status).toBe(200);
		const audit = await database.client.execute(
			"SELECT count(*) AS n FROM audit_log WHERE action = 'password_changed'"
		);
		expect(Number(audit.rows[0]!.n)).toBe(1);
	});
});

describe('an admin reset', () => {
	it('ends the user’s sessions and forces a new password at next sign-in: nothing else is allowed until then', async () => {
		const { app, database } = await testApp();
		const auth = new AuthService(database, undefined, CHEAP);
		await auth.createUser('admin@example.org', 'a-long-admin-password', 'admin');
		const analyst = await auth.createUser(
			'analyst@example.org',
			'a-long-analyst-password',
			'analyst'
		);
		const signIn = (email: string, password: string) =>
			app.request('/api/v1/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password })
			});
		const cookieOf = (answer: Response) => answer.headers.get('set-cookie')!.split(';')[0]!;
		const post = (cookie: string, path: string, body: unknown) =>
			app.request(path, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(body)
			});
		const admin = cookieOf(await signIn('admin@example.org', 'a-long-admin-password'));
		const before = cookieOf(await signIn('analyst@example.org', 'a-long-analyst-password'));

		expect(
			(await post(admin, `/api/v1/users/${analyst.id}/password`, { password: 'qwerty123' })).status
		).toBe(400);
		expect(
			(
				await post(admin, `/api/v1/users/${analyst.id}/password`, {
					password: 'a-temporary-passphrase'
				})
			).status
		).toBe(200);
		expect((await app.request('/api/v1/auth/me', { headers: { cookie: before } })).status).toBe(
			401
		);
		expect((await signIn('analyst@example.org', 'a-long-analyst-password')).status).toBe(401);

		const signedIn = await signIn('analyst@example.org', 'a-temporary-passphrase');
		expect(
			((await signedIn.json()) as { user: { mustChangePassword?: boolean } }).user
				.mustChangePassword
		).toBe(true);
		const temporary = cookieOf(signedIn);
		const blocked = await app.request('/api/v1/waves', { headers: { cookie: temporary } });
		expect(blocked.status).toBe(403);
		expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe(
			'password_change_required'
		);
		expect((await app.request('/api/v1/auth/me', { headers: { cookie: temporary } })).status).toBe(
			200
		);
		expect(
			(
				await post(temporary, '/api/v1/auth/password', {
					currentPassword: 'a-temporary-passphrase',
					newPassword: 'my-very-own-passphrase'
				})
			).status
		).toBe(200);
		expect((await app.request('/api/v1/waves', { headers: { cookie: temporary } })).status).toBe(
			200
		);
		const me = (await (
			await app.request('/api/v1/auth/me', { headers: { cookie: temporary } })
		).json()) as { user: Record<string, unknown> };
		expect(me.user).not.toHaveProperty('mustChangePassword');
		const audit = await database.client.execute(
			"SELECT count(*) AS n FROM audit_log WHERE action = 'password_reset'"
		);
		expect(Number(audit.rows[0]!.n)).toBe(1);
	});
});

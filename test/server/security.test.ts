import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AuthService, type Role } from '../../server/auth/auth.service.js';
import type { AppDeps } from '../../server/app.js';
import { aResponse, postResponses, testApp } from './helpers.js';

/** Security tests (issue "Prove it holds", item 4; OWASP anchors G1–G5 in reliability-anchors.md). */

const CHEAP = { N: 1024, r: 8, p: 1 };
const MINUTE = 60_000;
const START = Date.parse('2026-11-23T09:00:00.000Z');

/** An app with one user per role and a clock the test moves by hand. */
async function staffApp(overrides: Partial<AppDeps> = {}) {
	let now = START;
	const clock = () => new Date(now);
	const { app, database } = await testApp({ clock, ...overrides });
	const auth = new AuthService(database, clock, CHEAP);
	const ids: Record<Role, string> = { admin: '', analyst: '', rep: '' };
	for (const role of ['admin', 'analyst', 'rep'] as Role[])
		ids[role] = (await auth.createUser(`${role}@example.org`, `a-long-${role}-password`, role)).id;
	const login = (
		role: Role | string,
		password = `a-long-${role}-password`,
		url = 'http://localhost/api/v1/auth/login',
		headers: Record<string, string> = {}
	) =>
		app.request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify({ email: role.includes('@') ? role : `${role}@example.org`, password })
		});
	const cookieFor = async (role: Role) => {
		const answer = await login(role);
		expect(answer.status).toBe(200);
		return answer.headers.get('set-cookie')!.split(';')[0]!;
	};
	const me = (cookie: string) => app.request('/api/v1/auth/me', { headers: { cookie } });
	const advance = (ms: number) => {
		now += ms;
	};
	return { app, database, auth, ids, login, cookieFor, me, advance, clock };
}

const postJson = (cookie: string | null, body: unknown, method = 'POST') => ({
	method,
	headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
	body: JSON.stringify(body)
});

describe('security headers (Hono secureHeaders)', () => {
	const COMMON: Record<string, string> = {
		'strict-transport-security': 'max-age=31536000; includeSubDomains',
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'no-referrer',
		'x-frame-options': 'DENY',
		'cross-origin-opener-policy': 'same-origin',
		'cross-origin-resource-policy': 'same-origin'
	};
	const expectCommon = (answer: Response) => {
		for (const [name, value] of Object.entries(COMMON))
			expect(answer.headers.get(name), name).toBe(value);
		const hsts = Number(
			/max-age=(\d+)/.exec(answer.headers.get('strict-transport-security') ?? '')?.[1]
		);
		expect(hsts).toBeGreaterThanOrEqual(31_536_000);
		const permissions = answer.headers.get('permissions-policy') ?? '';
		for (const feature of ['geolocation', 'camera', 'microphone'])
			expect(permissions).toContain(`${feature}=()`);
		expect(answer.headers.get('x-powered-by')).toBeNull();
	};
	const API_CSP = "default-src 'none'; frame-ancestors 'none'";
	const PAGE_CSP = "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

	function buildFolder() {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-headers-'));
		writeFileSync(
			join(dir, 'index.html'),
			'<!doctype html><meta http-equiv="content-security-policy" content="script-src \'self\'"><h1>welcome</h1>'
		);
		return dir;
	}

	it('on an API response: the common headers and a CSP that lets nothing load', async () => {
		const { app } = await testApp();
		const answer = await app.request('/api/v1/health');
		expect(answer.status).toBe(200);
		expectCommon(answer);
		expect(answer.headers.get('content-security-policy')).toBe(API_CSP);
	});

	it('on a page: the common headers and a CSP that never narrows the pages’ own script policy', async () => {
		const { app } = await testApp({ staticDir: buildFolder() });
		const answer = await app.request('/');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toContain('text/html');
		expectCommon(answer);
		const csp = answer.headers.get('content-security-policy')!;
		expect(csp).toBe(PAGE_CSP);
		// A header script-src or default-src would be intersected with the <meta> hashes and break the app.
		expect(csp).not.toMatch(/script-src|default-src/);
	});

	it('on error responses: API 401 and 404, a thrown 500 and a page 404', async () => {
		const { app } = await testApp({ staticDir: buildFolder() });
		for (const path of ['/api/v1/auth/me', '/api/v1/nothing-here']) {
			const answer = await app.request(path);
			expect(answer.status).toBeGreaterThanOrEqual(400);
			expectCommon(answer);
			expect(answer.headers.get('content-security-policy')).toBe(API_CSP);
		}
		// A broken database makes the handler throw: the 500 from onError still carries the headers.
		const { app: broken, database } = await testApp();
		database.client.close();
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const failed = await broken.request('/api/v1/waves', { headers: { cookie: 'bs_session=x' } });
		expect(failed.status).toBe(500);
		quiet.mockRestore();
		expect(await failed.json()).toEqual({
			error: { code: 'internal_error', message: expect.any(String) }
		});
		expectCommon(failed);
		expect(failed.headers.get('content-security-policy')).toBe(API_CSP);
		const missing = await app.request('/missing.js');
		expect(missing.status).toBe(404);
		expectCommon(missing);
		expect(missing.headers.get('content-security-policy')).toBe(PAGE_CSP);
	});

	it.each(['index.html', 'survey/know_who_to_talk_to.html'])(
		'the built %s has a hash-based <meta> CSP with no unsafe script sources',
		(page) => {
			// npm test builds the app before it runs the tests.
			const html = readFileSync(join(process.cwd(), 'build', page), 'utf8');
			const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html);
			expect(meta, 'a <meta> CSP').not.toBeNull();
			const directives = new Map(
				meta![1]!
					.split(';')
					.map((part) => part.trim().split(/\s+/))
					.map(([name, ...values]) => [name!, values])
			);
			const scriptSrc = directives.get('script-src') ?? [];
			expect(scriptSrc).toContain("'self'");
			expect(scriptSrc.some((source) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(source))).toBe(true);
			expect(scriptSrc).not.toContain("'unsafe-inline'");
			expect(scriptSrc).not.toContain("'unsafe-eval'");
			expect(directives.get('object-src')).toEqual(["'none'"]);
		}
	);
});

describe('rate limits answer 429 with Retry-After in the error shape', () => {
	const expect429 = async (answer: Response) => {
		expect(answer.status).toBe(429);
		expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
		const body = (await answer.json()) as { error: { code: string; message: string } };
		expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
		return body;
	};
	/** The client address as @hono/node-server gives it to getConnInfo. */
	const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

	it('on ingest (POST /responses)', async () => {
		const { app } = await testApp({ rateLimit: { limit: 2 } });
		for (let attempt = 0; attempt < 2; attempt++)
			expect((await postResponses(app, { responses: [aResponse()] })).status).toBe(200);
		await expect429(await postResponses(app, { responses: [aResponse()] }));
	});

	it('on session join (POST /sessions/join)', async () => {
		const { app } = await testApp({ rateLimit: { limit: 2 } });
		const join = () => app.request('/api/v1/sessions/join', postJson(null, { code: 'ABCDEF' }));
		for (let attempt = 0; attempt < 2; attempt++) expect((await join()).status).toBe(404);
		await expect429(await join());
	});

	it('on sign-in (POST /auth/login) per client address, even with different emails and the right password', async () => {
		const { app } = await staffApp({ loginRateLimit: { limit: 3 } });
		const login = (email: string, password: string, address: string) =>
			app.request('/api/v1/auth/login', postJson(null, { email, password }), from(address));
		for (const email of ['a@example.org', 'b@example.org', 'c@example.org'])
			expect((await login(email, 'whatever-password', '203.0.113.7')).status).toBe(401);
		const limited = await login('analyst@example.org', 'a-long-analyst-password', '203.0.113.7');
		await expect429(limited);
		// Another address is not affected.
		expect(
			(await login('analyst@example.org', 'a-long-analyst-password', '198.51.100.2')).status
		).toBe(200);
	});

	it('signs in 10 times a minute per address by default, and again after the window', async () => {
		const { app, advance } = await staffApp();
		const login = () =>
			app.request(
				'/api/v1/auth/login',
				postJson(null, { email: 'nobody@example.org', password: 'x' }),
				from('192.0.2.1')
			);
		// One email: the per-email throttle answers 429 after 5 failures; the address limit counts every try.
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 10; attempt++) statuses.push((await login()).status);
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
		expect((await expect429(await login())).error.code).toBe('rate_limited');
		advance(MINUTE);
		expect(
			(
				await app.request(
					'/api/v1/auth/login',
					postJson(null, { email: 'analyst@example.org', password: 'a-long-analyst-password' }),
					from('192.0.2.1')
				)
			).status
		).toBe(200);
	});
});

describe('the session cookie', () => {
	const attributes = (header: string) => header.split(';').map((part) => part.trim());

	it('over http: bs_session, HttpOnly, SameSite=Strict, Path=/, no Domain (a __Host- cookie needs https)', async () => {
		const { login } = await staffApp();
		const cookie = (await login('analyst')).headers.get('set-cookie')!;
		const parts = attributes(cookie);
		expect(parts[0]).toMatch(/^bs_session=[A-Za-z0-9_-]{43}$/);
		expect(parts).toContain('HttpOnly');
		expect(parts).toContain('SameSite=Strict');
		expect(parts).toContain('Path=/');
		expect(parts.some((part) => /^domain=/i.test(part))).toBe(false);
	});

	it.each([
		['an https URL', 'https://survey.example.org/api/v1/auth/login', {}, {}],
		// X-Forwarded-Proto counts only from a trusted proxy (TRUST_PROXY; test/server/proxy.test.ts).
		[
			'x-forwarded-proto: https behind TRUST_PROXY=1',
			'http://localhost/api/v1/auth/login',
			{ 'x-forwarded-proto': 'https' },
			{ trustProxy: 1 }
		]
	] as const)(
		'under https (%s): __Host-bs_session with Secure, HttpOnly, SameSite=Strict, Path=/, no Domain',
		async (_, url, headers, overrides) => {
			const { app, login } = await staffApp(overrides);
			const answer = await login('analyst', undefined, url, headers);
			expect(answer.status).toBe(200);
			const parts = attributes(answer.headers.get('set-cookie')!);
			expect(parts[0]).toMatch(/^__Host-bs_session=[A-Za-z0-9_-]{43}$/);
			for (const attribute of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/'])
				expect(parts).toContain(attribute);
			expect(parts.some((part) => /^domain=/i.test(part))).toBe(false);
			// The prefixed cookie is read back, and sign-out clears it.
			const cookie = parts[0]!;
			const base = url.replace('/auth/login', '');
			expect(
				(await app.request(`${base}/auth/me`, { headers: { cookie, ...headers } })).status
			).toBe(200);
			const out = await app.request(`${base}/auth/logout`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie, ...headers },
				body: '{}'
			});
			expect(out.headers.get('set-cookie')).toMatch(/^__Host-bs_session=;.*Max-Age=0/);
			expect(
				(await app.request(`${base}/auth/me`, { headers: { cookie, ...headers } })).status
			).toBe(401);
		}
	);
});

describe('the session lifecycle (injected clock)', () => {
	it('gives a new token at every sign-in', async () => {
		const { cookieFor } = await staffApp();
		const tokens = new Set([
			await cookieFor('analyst'),
			await cookieFor('analyst'),
			await cookieFor('analyst')
		]);
		expect(tokens.size).toBe(3);
	});

	it('refuses the old cookie after sign-out', async () => {
		const { app, cookieFor, me } = await staffApp();
		const cookie = await cookieFor('rep');
		expect((await me(cookie)).status).toBe(200);
		expect((await app.request('/api/v1/auth/logout', postJson(cookie, {}))).status).toBe(200);
		expect((await me(cookie)).status).toBe(401);
		expect((await app.request('/api/v1/waves', { headers: { cookie } })).status).toBe(401);
	});

	it('ends a session after 30 minutes idle, not before', async () => {
		const { cookieFor, me, advance } = await staffApp();
		const cookie = await cookieFor('analyst');
		advance(29 * MINUTE);
		expect((await me(cookie)).status).toBe(200);
		advance(29 * MINUTE); // 58 minutes after sign-in, but only 29 idle
		expect((await me(cookie)).status).toBe(200);
		advance(30 * MINUTE);
		expect((await me(cookie)).status).toBe(401);
		advance(-10 * MINUTE); // and it stays ended
		expect((await me(cookie)).status).toBe(401);
	});

	it('ends a session 12 hours after sign-in even when it is used all the time', async () => {
		const { cookieFor, me, advance } = await staffApp();
		const cookie = await cookieFor('analyst');
		for (let step = 1; step < 36; step++) {
			advance(20 * MINUTE);
			expect((await me(cookie)).status, `after ${step * 20} minutes`).toBe(200);
		}
		advance(20 * MINUTE); // 12 hours
		expect((await me(cookie)).status).toBe(401);
	});

	it('ends every session of a user an admin disables, refuses their sign-in, and lets them back when enabled', async () => {
		const { app, ids, login, cookieFor, me } = await staffApp();
		const admin = await cookieFor('admin');
		const repOnPhone = await cookieFor('rep');
		const repOnTablet = await cookieFor('rep');
		const disable = await app.request(
			`/api/v1/users/${ids.rep}`,
			postJson(admin, { isDisabled: true }, 'PATCH')
		);
		expect(disable.status).toBe(200);
		expect(await disable.json()).toEqual({
			user: { id: ids.rep, email: 'rep@example.org', role: 'rep', isDisabled: true }
		});
		expect((await me(repOnPhone)).status).toBe(401);
		expect((await me(repOnTablet)).status).toBe(401);
		const refused = await login('rep');
		expect(refused.status).toBe(401);
		expect(await refused.json()).toEqual({
			error: { code: 'invalid_credentials', message: 'Email or password is not right' }
		});
		expect(
			(
				await app.request(
					`/api/v1/users/${ids.rep}`,
					postJson(admin, { isDisabled: false }, 'PATCH')
				)
			).status
		).toBe(200);
		expect((await login('rep')).status).toBe(200);
	});

	it('applies a role change at the next request, and an admin cannot lock themselves out', async () => {
		const { app, ids, cookieFor } = await staffApp();
		const admin = await cookieFor('admin');
		const analyst = await cookieFor('analyst');
		expect(
			(await app.request('/api/v1/benchmark?wave=2026-27', { headers: { cookie: analyst } })).status
		).toBe(200);
		expect(
			(await app.request(`/api/v1/users/${ids.analyst}`, postJson(admin, { role: 'rep' }, 'PATCH')))
				.status
		).toBe(200);
		expect(
			(await app.request('/api/v1/benchmark?wave=2026-27', { headers: { cookie: analyst } })).status
		).toBe(403);
		expect(
			(
				await app.request(
					`/api/v1/users/${ids.admin}`,
					postJson(admin, { isDisabled: true }, 'PATCH')
				)
			).status
		).toBe(409);
		expect(
			(
				await app.request(
					`/api/v1/users/${ids.analyst}`,
					postJson(admin, { role: 'owner' }, 'PATCH')
				)
			).status
		).toBe(400);
		expect(
			(
				await app.request(
					'/api/v1/users/no-such-user',
					postJson(admin, { isDisabled: true }, 'PATCH')
				)
			).status
		).toBe(404);
	});
});

describe('sign-in does not reveal which emails exist', () => {
	it('answers an unknown email, a wrong password and a disabled account alike', async () => {
		const { app, ids, login, cookieFor } = await staffApp();
		await app.request(
			`/api/v1/users/${ids.rep}`,
			postJson(await cookieFor('admin'), { isDisabled: true }, 'PATCH')
		);
		const answers = [
			await login('nobody@example.org', 'a-long-analyst-password'),
			await login('analyst', 'not-the-password'),
			await login('rep')
		];
		const bodies = await Promise.all(answers.map((answer) => answer.json()));
		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
		expect(bodies[0]).toEqual({
			error: { code: 'invalid_credentials', message: 'Email or password is not right' }
		});
		expect(bodies[1]).toEqual(bodies[0]);
		expect(bodies[2]).toEqual(bodies[0]);
		expect(answers[0]!.headers.get('set-cookie')).toBeNull();
	});

	it('runs the password hash for an unknown email too (similar timing)', async () => {
		// A cost high enough that skipping the hash would show: about 15–60 ms a hash.
		const { database } = await testApp();
		const cost = { N: 2 ** 14, r: 8, p: 1 };
		const auth = new AuthService(database, () => new Date(), cost);
		await auth.createUser('known@example.org', 'the-right-password', 'analyst');
		const time = async (email: string) => {
			const started = performance.now();
			await auth.login(email, 'a-wrong-password').catch(() => undefined);
			return performance.now() - started;
		};
		await time('warm-up@example.org');
		const known: number[] = [];
		const unknown: number[] = [];
		for (let round = 0; round < 4; round++) {
			known.push(await time('known@example.org'));
			unknown.push(await time(`unknown-${round}@example.org`));
		}
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
		// Without the dummy hash an unknown email takes a database lookup only (well under a millisecond).
		expect(median(unknown)).toBeGreaterThan(median(known) * 0.3);
		expect(median(unknown)).toBeLessThan(median(known) * 5);
	});
});

import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import type { AppDeps } from '../../server/app.js';
import { testApp } from './helpers.js';

/** Issue 12 item 11: TRUST_PROXY decides whose address counts; PUBLIC_ORIGIN is the one origin accepted. */

const CHEAP = { N: 1024, r: 8, p: 1 };
const SOCKET = { incoming: { socket: { remoteAddress: '10.0.0.1' } } };

async function proxyApp(overrides: Partial<AppDeps> = {}) {
	const { app, database } = await testApp({ rateLimit: { limit: 3 }, ...overrides });
	await new AuthService(database, undefined, CHEAP).createUser(
		'analyst@example.org',
		'a-long-analyst-password',
		'analyst'
	);
	/** A session join (3 a minute per client) through the one proxy socket 10.0.0.1. */
	const join = (forwardedFor?: string) =>
		app.request(
			'/api/v1/sessions/join',
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {})
				},
				body: '{"code":"ABCDEF"}'
			},
			SOCKET
		);
	const login = (url: string, headers: Record<string, string> = {}) =>
		app.request(
			url,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify({ email: 'analyst@example.org', password: 'a-long-analyst-password' })
			},
			SOCKET
		);
	return { join, login };
}

const statuses = async (calls: (() => Response | Promise<Response>)[]) => {
	const result: number[] = [];
	for (const call of calls) result.push((await call()).status);
	return result;
};

describe('TRUST_PROXY', () => {
	it('unset: X-Forwarded-For is ignored, so a client cannot dodge the limit by inventing addresses', async () => {
		const { join } = await proxyApp();
		expect(
			await statuses(
				['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'].map((address) => () => join(address))
			)
		).toEqual([404, 404, 404, 429]);
	});

	it('1 hop: each device behind the proxy has its own limit, and addresses a client prepends do not count', async () => {
		const { join } = await proxyApp({ trustProxy: 1 });
		expect(await statuses([1, 2, 3, 4].map(() => () => join('192.168.0.10')))).toEqual([
			404, 404, 404, 429
		]);
		expect((await join('192.168.0.11')).status).toBe(404);
		// "forged, real": the proxy appended the real address; the forged one is ignored.
		expect((await join('9.9.9.9, 192.168.0.10')).status).toBe(429);
	});
});

describe('PUBLIC_ORIGIN and the origin check', () => {
	it('without PUBLIC_ORIGIN the whole origin must match: https://host is refused over http://host', async () => {
		const { login } = await proxyApp();
		expect(
			(await login('http://localhost/api/v1/auth/login', { origin: 'https://localhost' })).status
		).toBe(403);
		expect(
			(await login('http://localhost/api/v1/auth/login', { origin: 'http://localhost:8080' }))
				.status
		).toBe(403);
		expect(
			(await login('http://localhost/api/v1/auth/login', { origin: 'http://localhost' })).status
		).toBe(200);
	});

	it('with PUBLIC_ORIGIN only that origin is accepted, and cookies are __Host- and Secure behind a TLS proxy', async () => {
		const { login } = await proxyApp({ publicOrigin: 'https://survey.example.org' });
		expect(
			(
				await login('http://127.0.0.1:3000/api/v1/auth/login', {
					origin: 'http://survey.example.org'
				})
			).status
		).toBe(403);
		expect(
			(await login('http://127.0.0.1:3000/api/v1/auth/login', { origin: 'https://evil.example' }))
				.status
		).toBe(403);
		expect(
			(await login('http://127.0.0.1:3000/api/v1/auth/login', { origin: 'http://127.0.0.1:3000' }))
				.status
		).toBe(403);
		const answer = await login('http://127.0.0.1:3000/api/v1/auth/login', {
			origin: 'https://survey.example.org'
		});
		expect(answer.status).toBe(200);
		const session = answer.headers.getSetCookie().find((cookie) => cookie.includes('bs_session='))!;
		expect(session).toMatch(/^__Host-bs_session=/);
		expect(session).toMatch(/; Secure/);
	});

	it('X-Forwarded-Proto from an untrusted client does not make cookies __Host-', async () => {
		const { login } = await proxyApp();
		const answer = await login('http://localhost/api/v1/auth/login', {
			'x-forwarded-proto': 'https'
		});
		expect(answer.headers.getSetCookie().find((cookie) => cookie.includes('bs_session='))).toMatch(
			/^bs_session=/
		);
	});
});

import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { GLOBAL_SLOWDOWN_MS } from '../../server/auth/staff-auth.js';
import { testApp } from './helpers.js';

/** Issue 12 item 8: failed sign-ins elsewhere cannot lock someone out. */

const CHEAP = { N: 1024, r: 8, p: 1 };
const START = Date.parse('2026-11-23T09:00:00.000Z');
const PASSWORD = 'a-long-analyst-password';

async function lockoutApp() {
	let now = START;
	const clock = () => new Date(now);
	const { app, database } = await testApp({ clock, loginRateLimit: { limit: 10_000 } });
	await new AuthService(database, clock, CHEAP).createUser(
		'analyst@example.org',
		PASSWORD,
		'analyst'
	);
	const login = (password: string, address: string, cookie?: string) =>
		app.request(
			'/api/v1/auth/login',
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
				body: JSON.stringify({ email: 'analyst@example.org', password })
			},
			{ incoming: { socket: { remoteAddress: address } } }
		);
	const advance = (ms: number) => {
		now += ms;
	};
	return { login, advance };
}

/** The device cookie (bs_device) a successful sign-in sets. */
const deviceCookie = (answer: Response) =>
	answer.headers
		.getSetCookie()
		.find((cookie) => cookie.startsWith('bs_device='))!
		.split(';')[0]!;

describe('a lockout that cannot be used against someone', () => {
	it('an attacker at one address is locked out there after 5 failures, the account is not', async () => {
		const { login, advance } = await lockoutApp();
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 8; attempt++)
			statuses.push((await login('wrong-password', '10.6.6.6')).status);
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
		advance(GLOBAL_SLOWDOWN_MS);
		expect((await login(PASSWORD, '10.1.1.1')).status).toBe(200);
		expect((await login(PASSWORD, '10.6.6.6')).status).toBe(429);
	});

	it('a device that signed in before is never blocked by a flood of failures from many addresses', async () => {
		const { login, advance } = await lockoutApp();
		const first = await login(PASSWORD, '192.168.1.20');
		expect(first.status).toBe(200);
		const device = deviceCookie(first);
		expect(first.headers.getSetCookie().find((cookie) => cookie.startsWith('bs_device='))).toMatch(
			/HttpOnly/i
		);
		for (let attempt = 0; attempt < 200; attempt++)
			await login('wrong-password', `10.9.${attempt % 40}.1`);
		// Straight after the flood, with no wait, from a new address (a phone hotspot): the device gets in.
		expect((await login(PASSWORD, '172.16.0.5', device)).status).toBe(200);
		advance(1);
		expect((await login(PASSWORD, '192.168.1.20', device)).status).toBe(200);
	});

	it('from an unknown device the account is only slowed (one try per 2 s), never locked for minutes', async () => {
		const { login, advance } = await lockoutApp();
		for (let attempt = 0; attempt < 200; attempt++)
			await login('wrong-password', `10.9.${attempt % 40}.1`);
		const slowed = await login(PASSWORD, '10.20.30.40');
		expect(slowed.status).toBe(429);
		expect(Number(slowed.headers.get('retry-after'))).toBeLessThanOrEqual(2);
		advance(GLOBAL_SLOWDOWN_MS);
		expect((await login(PASSWORD, '10.20.30.40')).status).toBe(200);
	});

	it('failures from the known device itself still lock that device', async () => {
		const { login } = await lockoutApp();
		const device = deviceCookie(await login(PASSWORD, '192.168.1.20'));
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 6; attempt++)
			statuses.push((await login('wrong-password', '192.168.1.20', device)).status);
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
	});

	it('a forged or other account’s device cookie is not a known device', async () => {
		const { login } = await lockoutApp();
		for (let attempt = 0; attempt < 5; attempt++)
			await login('wrong-password', '10.6.6.6', 'bs_device=AAAAAAAAAAAAAAAAAAAAAA.forged');
		expect(
			(await login(PASSWORD, '10.6.6.6', 'bs_device=AAAAAAAAAAAAAAAAAAAAAA.forged')).status
		).toBe(429);
	});
});

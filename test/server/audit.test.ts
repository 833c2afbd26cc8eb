import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { testApp } from './helpers.js';

/** Issue 12 item 3: the audit log is paged and filtered, kept for a set time, and cannot be flooded. */

const CHEAP = { N: 1024, r: 8, p: 1 };
const START = Date.parse('2026-11-23T09:00:00.000Z');

type Entry = {
	id: number;
	at: string;
	userId: string | null;
	action: string;
	detail: Record<string, unknown>;
};

async function auditApp(auditRetentionDays?: number) {
	let now = START;
	const clock = () => new Date(now);
	const { app, database } = await testApp({
		clock,
		auditRetentionDays,
		loginRateLimit: { limit: 10 }
	});
	const auth = new AuthService(database, clock, CHEAP);
	await auth.createUser('admin@example.org', 'a-long-admin-password', 'admin');
	await auth.createUser('analyst@example.org', 'a-long-analyst-password', 'analyst');
	/** A sign-in from a given client address (as @hono/node-server hands it to the app). */
	const login = (email: string, password: string, address = '127.0.0.1') =>
		app.request(
			'/api/v1/auth/login',
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password })
			},
			{ incoming: { socket: { remoteAddress: address } } }
		);
	const admin = (await login('admin@example.org', 'a-long-admin-password')).headers
		.get('set-cookie')!
		.split(';')[0]!;
	const audit = async (query = '') =>
		(await (
			await app.request(`/api/v1/users/audit${query}`, { headers: { cookie: admin } })
		).json()) as { entries: Entry[]; next: number | null };
	const advance = (ms: number) => {
		now += ms;
	};
	return { app, database, auth, login, admin, audit, advance };
}

describe('the audit log under a flood of failed sign-ins', () => {
	it('500 failed sign-ins from 50 addresses in a minute leave the import and user change in view, aggregated with counts', async () => {
		const { app, admin, login, audit, advance } = await auditApp();
		const created = await app.request('/api/v1/users', {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: admin },
			body: JSON.stringify({
				email: 'rep@example.org',
				password: 'a-long-rep-password',
				role: 'rep'
			})
		});
		expect(created.status).toBe(201);
		advance(60_000);
		let refused = 0;
		for (let attempt = 0; attempt < 500; attempt++) {
			const address = `10.0.0.${attempt % 50}`;
			const email =
				attempt % 2 === 0 ? 'analyst@example.org' : `typed-secret-${attempt}@example.org`;
			const answer = await login(email, 'wrong-password', address);
			if (answer.status !== 401) refused++;
		}
		expect(refused).toBeLessThan(500);
		const { entries } = await audit();
		const failed = entries.filter((entry) => entry.action === 'sign_in_failed');
		// At most one entry per account, address and minute: 50 addresses × (analyst + unknown).
		expect(failed.length).toBeLessThanOrEqual(100);
		expect(failed.reduce((sum, entry) => sum + Number(entry.detail.count), 0)).toBe(
			500 - refused + 0
		);
		expect(entries.some((entry) => entry.action === 'user_created')).toBe(true);
		// The typed email of an account that does not exist is not kept, nor any address.
		const text = JSON.stringify(entries);
		expect(text).not.toContain('typed-secret');
		expect(text).not.toMatch(/10\.0\.0\./);
		expect(
			failed
				.filter((entry) => entry.detail.email === null)
				.every((entry) => entry.detail.account === 'unknown')
		).toBe(true);
		expect(failed.some((entry) => entry.detail.email === 'analyst@example.org')).toBe(true);
	}, 60_000);

	it('repeats from one address in one minute are one entry; the next minute starts another', async () => {
		const { login, audit, advance } = await auditApp();
		for (let attempt = 0; attempt < 3; attempt++)
			await login('analyst@example.org', 'wrong', '10.1.1.1');
		advance(60_000);
		await login('analyst@example.org', 'wrong', '10.1.1.1');
		const failed = (await audit('?kind=sign_in_failed')).entries;
		expect(failed.map((entry) => entry.detail.count)).toEqual([1, 3]);
	});
});

describe('paging and filtering', () => {
	it('?kind= filters, ?before= pages back to the start, and a bad query is a 400 naming the field', async () => {
		const { auth, audit, app, admin } = await auditApp();
		for (let index = 0; index < 25; index++)
			await auth.audit(null, index % 5 === 0 ? 'export' : 'session_created', { index });
		const exports = await audit('?kind=export');
		expect(exports.entries.map((entry) => entry.detail.index)).toEqual([20, 15, 10, 5, 0]);
		const seen: Entry[] = [];
		let next: number | null | undefined;
		do {
			const page = await audit(`?limit=7${next ? `&before=${next}` : ''}`);
			expect(page.entries.length).toBeLessThanOrEqual(7);
			seen.push(...page.entries);
			next = page.next;
		} while (next);
		const ids = seen.map((entry) => entry.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		expect(new Set(ids).size).toBe(ids.length);
		expect(seen.filter((entry) => entry.action === 'session_created')).toHaveLength(20);
		for (const [query, field] of [
			['?before=abc', 'before'],
			['?kind=DROP%20TABLE', 'kind'],
			['?limit=0', 'limit'],
			['?limit=501', 'limit']
		]) {
			const answer = await app.request(`/api/v1/users/audit${query}`, {
				headers: { cookie: admin }
			});
			expect(answer.status, query).toBe(400);
			expect(
				((await answer.json()) as { error: { details: { field: string }[] } }).error.details[0]!
					.field
			).toBe(field);
		}
	});
});

describe('retention', () => {
	it('entries older than AUDIT_RETENTION_DAYS are removed (the app sweeps at most hourly as it writes)', async () => {
		const { login, database, advance } = await auditApp(30);
		await login('analyst@example.org', 'wrong', '10.2.2.2');
		advance(29 * 86_400_000);
		await login('analyst@example.org', 'wrong', '10.2.2.2');
		advance(2 * 86_400_000);
		await login('analyst@example.org', 'a-long-analyst-password', '10.2.2.2');
		const failed = await database.client.execute(
			"SELECT at FROM audit_log WHERE action = 'sign_in_failed'"
		);
		expect(failed.rows.map((row) => row.at)).toEqual([
			new Date(START + 29 * 86_400_000).toISOString()
		]);
	});
});

import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { DEMO_EMAIL, ensureDemoLogin } from '../../server/seed/demo-login.js';
import { seedIllustrativeData } from '../../server/seed/seed.js';
import { testDatabase } from './helpers.js';

/** Issue 12 item 13: the demo login exists only while the illustrative data does, never in production. */

const CHEAP = { N: 1024, r: 8, p: 1 };

async function freshStart({
	seed,
	isProduction = false
}: {
	seed: boolean;
	isProduction?: boolean;
}) {
	const database = await testDatabase();
	if (seed) await seedIllustrativeData(database);
	const auth = new AuthService(database, undefined, CHEAP);
	return { database, auth, outcome: await ensureDemoLogin(database, { isProduction, auth }) };
}

const demoUsers = async (database: Awaited<ReturnType<typeof testDatabase>>) =>
	(
		await database.client.execute({
			sql: 'SELECT is_disabled FROM users WHERE email = ?',
			args: [DEMO_EMAIL]
		})
	).rows.map((row) => Number(row.is_disabled));

describe('the demo login', () => {
	it('is not made without illustrative data (SEED_ILLUSTRATIVE=false)', async () => {
		const { database, outcome } = await freshStart({ seed: false });
		expect(outcome).toEqual({ disabled: false });
		expect(await demoUsers(database)).toEqual([]);
	});

	it('is never made under NODE_ENV=production', async () => {
		const { database, outcome } = await freshStart({ seed: true, isProduction: true });
		expect(outcome.created).toBeUndefined();
		expect(await demoUsers(database)).toEqual([]);
	}, 30_000);

	it('is made with illustrative data, with a random password per database that signs in and is no published one', async () => {
		const first = await freshStart({ seed: true });
		const second = await freshStart({ seed: true });
		expect(first.outcome.created?.email).toBe(DEMO_EMAIL);
		const password = first.outcome.created!.password;
		expect(password.length).toBeGreaterThanOrEqual(20);
		expect(password).not.toBe('be-supported-demo');
		expect(second.outcome.created!.password).not.toBe(password);
		expect((await first.auth.login(DEMO_EMAIL, password)).user.role).toBe('analyst');
		// Printed once: the next start neither makes it again nor knows the password.
		expect(
			await ensureDemoLogin(first.database, { isProduction: false, auth: first.auth })
		).toEqual({ disabled: false });
	}, 30_000);

	it('is disabled, its sessions ended, once the illustrative data is gone, and in production', async () => {
		for (const change of ['replaced', 'production'] as const) {
			const { database, auth, outcome } = await freshStart({ seed: true });
			const { token } = await auth.login(DEMO_EMAIL, outcome.created!.password);
			if (change === 'replaced')
				await database.client.execute('UPDATE waves SET is_illustrative = 0');
			expect(
				await ensureDemoLogin(database, { isProduction: change === 'production', auth })
			).toEqual({ disabled: true });
			expect(await demoUsers(database)).toEqual([1]);
			expect(await auth.userForToken(token)).toBeNull();
			await expect(auth.login(DEMO_EMAIL, outcome.created!.password)).rejects.toThrow();
		}
	}, 30_000);
});

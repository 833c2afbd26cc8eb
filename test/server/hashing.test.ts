import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { hashingLoad, MAX_CONCURRENT_HASHES } from '../../server/auth/passwords.js';
import { testApp } from './helpers.js';

/** Issue 12 item 5: password hashing never starves the server. */

describe('password hashing has a concurrency cap with a queue', () => {
	it(`20 sign-ins at once hash at most ${MAX_CONCURRENT_HASHES} at a time, all are answered, and a survey page is served while they queue`, async () => {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-hashing-'));
		writeFileSync(join(dir, 'index.html'), '<h1>welcome</h1>');
		// A real cost (2^15, 32 MiB a hash) so the hashes take long enough to queue.
		const cost = { N: 2 ** 15, r: 8, p: 1 };
		const { app, database } = await testApp({
			staticDir: dir,
			passwordCost: cost,
			loginRateLimit: { limit: 1_000 }
		});
		await new AuthService(database, undefined, cost).createUser(
			'analyst@example.org',
			'a-long-analyst-password',
			'analyst'
		);
		const signIns = Array.from({ length: 20 }, (_, index) =>
			Promise.resolve(
				app.request('/api/v1/auth/login', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						email: `person-${index}@example.org`,
						password: 'a-wrong-password'
					})
				})
			).then((answer) => ({ status: answer.status, at: performance.now() }))
		);
		// Wait (up to 5 s on a busy machine) until sign-ins queue behind the cap.
		for (let tries = 0; tries < 500 && hashingLoad().waiting === 0; tries++)
			await new Promise((resolve) => setTimeout(resolve, 10));
		expect(hashingLoad().waiting).toBeGreaterThan(0);
		const page = await app.request('/');
		const pageAt = performance.now();
		expect(page.status).toBe(200);
		const answers = await Promise.all(signIns);
		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(401));
		// The page did not wait for the queue to empty.
		expect(pageAt).toBeLessThan(Math.max(...answers.map((answer) => answer.at)));
		expect(hashingLoad().mostRunning).toBeLessThanOrEqual(MAX_CONCURRENT_HASHES);
		expect(hashingLoad()).toMatchObject({ running: 0, waiting: 0 });
	}, 60_000);
});

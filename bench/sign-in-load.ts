// npm run bench:sign-in: how long a young person waits for a survey page while staff sign in.
// Password hashing (scrypt, 128 MiB each) runs on libuv's thread pool, which file reads share; the
// server caps concurrent hashes (server/auth/passwords.ts) so pages keep being served. This starts
// the production server, then fetches the welcome page and a question page in a loop, first with
// nothing else happening and then while 20 sign-ins (10 right, 10 wrong, each from its own
// address through TRUST_PROXY) run at once, and prints p50/p99/max for both.
import { buildIfStale } from '../scripts/build-if-stale.js';
import { openDatabase } from '../server/db/client.js';
import { AuthService } from '../server/auth/auth.service.js';
import { startServer } from '../test/e2e/support/server.js';

const SIGN_INS = 20;
const PAGES = ['/', '/survey/know_who_to_talk_to'];
const staffUser = { email: 'bench-analyst@example.org', password: 'bench-only-password-7c1f0e' };

const percentile = (values: number[], share: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
};
const describe = (values: number[]) =>
	`p50 ${percentile(values, 0.5).toFixed(0)} ms, p99 ${percentile(values, 0.99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (${values.length} pages)`;

/** Fetches survey pages one after another until `until` settles; each page's time in ms. */
async function pageTimes(url: string, until: Promise<unknown>): Promise<number[]> {
	let isDone = false;
	void until.finally(() => (isDone = true));
	const times: number[] = [];
	for (let index = 0; !isDone; index += 1) {
		const started = performance.now();
		const answer = await fetch(`${url}${PAGES[index % PAGES.length]}`);
		await answer.arrayBuffer();
		if (!answer.ok) throw new Error(`survey page answered ${answer.status}`);
		times.push(performance.now() - started);
	}
	return times;
}

async function signIn(url: string, index: number): Promise<number> {
	const answer = await fetch(`${url}/api/v1/auth/login`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			origin: url,
			'x-forwarded-for': `198.51.100.${index + 1}`
		},
		body: JSON.stringify({
			email: staffUser.email,
			password: index % 2 === 0 ? staffUser.password : 'not-the-password-at-all'
		})
	});
	await answer.arrayBuffer();
	return answer.status;
}

await buildIfStale();
const server = await startServer({ NODE_ENV: 'production', TRUST_PROXY: '1' });
try {
	// The production hashing cost, unlike the test users (made cheap on purpose).
	const staff = openDatabase(server.databaseUrl);
	await new AuthService(staff).createUser(staffUser.email, staffUser.password, 'analyst');
	staff.client.close();

	const idle = await pageTimes(server.url, new Promise((resolve) => setTimeout(resolve, 3_000)));
	const started = performance.now();
	const signIns = Promise.all(
		Array.from({ length: SIGN_INS }, (_, index) => signIn(server.url, index))
	);
	const busy = await pageTimes(server.url, signIns);
	const statuses = await signIns;
	const signInSeconds = (performance.now() - started) / 1000;

	console.log(`Survey pages with no sign-ins:       ${describe(idle)}`);
	console.log(`Survey pages during ${SIGN_INS} sign-ins:    ${describe(busy)}`);
	console.log(
		`The ${SIGN_INS} sign-ins took ${signInSeconds.toFixed(1)} s in all (answers: ${[...new Set(statuses)].join(', ')})`
	);
	if (!statuses.includes(200)) throw new Error('no sign-in succeeded: the figure means nothing');
} finally {
	await server.stop();
}

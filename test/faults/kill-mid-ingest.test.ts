/**
 * Fault: the server process is killed with SIGKILL while several devices are posting batches.
 *
 * The real server (compiled, dist/server/index.js) on an embedded file database. Several concurrent
 * clients post batches of 100 valid, varied responses; at a seeded random moment, while batches are
 * in flight, the process gets SIGKILL (no graceful shutdown, no final checkpoint); it is started
 * again on the same file. Then: integrity_check is ok; every id acknowledged before the kill is
 * stored; nothing half-written (answer rows and pre-aggregated counts match the rows); re-sending
 * every batch gives `duplicates` for what is stored and `accepted` for the rest; and afterwards the
 * stored ids are exactly the ids sent, once each. Repeated for several kill points on the same file.
 *
 * What this proves and what it does not: SIGKILL ends the process but leaves the OS page cache,
 * so anything SQLite wrote with write() survives even without fsync. It proves atomic transactions,
 * WAL recovery, "acknowledged only after commit" and idempotent ids. It does not prove that the
 * commit reached the disk (synchronous=FULL): only a power cut or an OS crash tests fsync; see
 * ack-durability.test.ts for the check of the setting itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '#survey';
import { startServer, type RunningServer } from '../e2e/support/server.js';
import {
	consistencyProblems,
	pickSeed,
	seededRandom,
	sleep,
	storedIds,
	variedBatch,
	type BatchAnswer
} from './support.js';

const ROUNDS = 4;
const CLIENTS = 6;
const BATCH = 100;

async function post(url: string, responses: SurveyResponse[]): Promise<Response> {
	return fetch(`${url}/api/v1/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ responses })
	});
}

describe('fault: SIGKILL of the server mid-ingest', () => {
	let server: RunningServer | undefined;
	afterAll(async () => {
		await server?.destroy();
	});

	it(`loses nothing acknowledged, tears nothing, and stores each id once, over ${ROUNDS} kill points`, async () => {
		const seed = pickSeed('kill-mid-ingest');
		const random = seededRandom(seed);
		server = await startServer({ RATE_LIMIT_PER_MINUTE: '100000000' });
		const running = server;
		const sent = new Set<string>();
		let inFlightAtKills = 0;

		for (let round = 0; round < ROUNDS; round++) {
			const batches: SurveyResponse[][] = [];
			const acknowledged = new Set<string>();
			const unexpected: string[] = [];
			let isStopped = false;
			let inFlight = 0;

			// Each client's content comes from its own seeded stream, so timing does not change it.
			const clientLoop = async (client: number) => {
				const own = seededRandom((seed ^ (round * 7919 + client * 104_729)) >>> 0);
				while (!isStopped) {
					const batch = variedBatch(own, BATCH);
					batches.push(batch);
					for (const response of batch) sent.add(response.id);
					inFlight++;
					try {
						const answer = await post(running.url, batch);
						const text = await answer.text();
						if (answer.status === 200) {
							const body = JSON.parse(text) as BatchAnswer;
							for (const id of [...body.accepted, ...body.duplicates]) acknowledged.add(id);
							if (body.rejected.length > 0)
								unexpected.push(`rejected: ${JSON.stringify(body.rejected[0])}`);
						} else if (!(answer.status === 503 && answer.headers.get('retry-after'))) {
							unexpected.push(`status ${answer.status}: ${text.slice(0, 200)}`);
						}
					} catch {
						// The connection died with the server: not acknowledged, the device keeps it.
					} finally {
						inFlight--;
					}
				}
			};

			const clients = Array.from({ length: CLIENTS }, (_, client) => clientLoop(client));
			const killAfter = 150 + Math.floor(random() * 900);
			await sleep(killAfter);
			for (let wait = 0; inFlight === 0 && wait < 1000; wait++) await sleep(1);
			const inFlightNow = inFlight;
			await running.kill();
			isStopped = true;
			await Promise.all(clients);
			inFlightAtKills += inFlightNow;
			console.log(
				`[faults] round ${round}: killed after ${killAfter} ms with ${inFlightNow} batches in flight; ${batches.length} batches sent, ${acknowledged.size} ids acknowledged`
			);
			expect(unexpected).toEqual([]);

			await running.relaunch();
			expect(await consistencyProblems(running.db)).toEqual([]);
			const storedBefore = await storedIds(running.db);
			const lost = [...acknowledged].filter((id) => !storedBefore.has(id));
			expect(lost, 'ids acknowledged before the kill but not stored').toEqual([]);
			const phantom = [...storedBefore].filter((id) => !sent.has(id));
			expect(phantom, 'stored ids nobody sent').toEqual([]);

			// Every device re-sends every batch it sent, as after a lost acknowledgement.
			const mismatches: string[] = [];
			let next = 0;
			const resend = async () => {
				while (next < batches.length) {
					const batch = batches[next++]!;
					let answer: Response | undefined;
					for (let attempt = 0; attempt < 3 && !answer; attempt++) {
						answer = await post(running.url, batch).catch(() => undefined); // a stale keep-alive socket
					}
					if (answer?.status !== 200) {
						mismatches.push(
							`re-send answered ${answer?.status ?? 'network error'}: ${(await answer?.text())?.slice(0, 200)}`
						);
						continue;
					}
					const body = (await answer.json()) as BatchAnswer;
					const expectedDuplicates = batch
						.filter((r) => storedBefore.has(r.id))
						.map((r) => r.id)
						.sort();
					const expectedAccepted = batch
						.filter((r) => !storedBefore.has(r.id))
						.map((r) => r.id)
						.sort();
					if (JSON.stringify([...body.duplicates].sort()) !== JSON.stringify(expectedDuplicates))
						mismatches.push('duplicates differ');
					if (JSON.stringify([...body.accepted].sort()) !== JSON.stringify(expectedAccepted))
						mismatches.push('accepted differ');
					if (body.rejected.length > 0)
						mismatches.push(`rejected ${JSON.stringify(body.rejected[0])}`);
				}
			};
			await Promise.all(Array.from({ length: 4 }, resend));
			if (mismatches.length > 0)
				console.log(`[faults] server output:\n${running.output().slice(-3000)}`);
			expect(mismatches).toEqual([]);

			const storedAfter = await storedIds(running.db);
			expect(storedAfter.size).toBe(sent.size);
			expect([...sent].filter((id) => !storedAfter.has(id))).toEqual([]);
			expect(await consistencyProblems(running.db)).toEqual([]);
		}
		// Otherwise the kills all fell between batches and proved little.
		expect(inFlightAtKills).toBeGreaterThan(0);
	}, 90_000);
});

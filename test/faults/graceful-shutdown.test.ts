/**
 * Graceful shutdown of the real (compiled) server: SIGTERM while devices' batches are being
 * validated and written. Every batch whose body reached the server before the signal must still
 * be answered 200 (its group commit finishes), every id it acknowledged must be in the database
 * after the process is gone, the process must exit 0, and nothing may be torn. A request that
 * never finishes holds the shutdown only until SHUTDOWN_GRACE_MS; a second signal ends it at once.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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

const BATCHES = 20;
const BATCH = 500;

interface Posted {
	/** Resolves once the whole body has been handed to the socket. */
	sent: Promise<void>;
	/** The server's answer, or the network error that ended the request. */
	answer: Promise<{ status: number; body: string } | Error>;
	isAnswered: () => boolean;
}

/** POSTs a batch on its own connection (no keep-alive), reporting when the body has been sent. */
function postBatch(url: string, responses: SurveyResponse[]): Posted {
	const body = JSON.stringify({ responses });
	let isAnswered = false;
	let markSent!: () => void;
	const sent = new Promise<void>((resolve) => (markSent = resolve));
	const answer = new Promise<{ status: number; body: string } | Error>((resolve) => {
		const req = request(
			`${url}/api/v1/responses`,
			{
				method: 'POST',
				agent: false,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => {
					isAnswered = true;
					resolve({ status: res.statusCode ?? 0, body: text });
				});
				res.on('error', resolve);
			}
		);
		req.on('error', (error) => {
			isAnswered = true;
			resolve(error);
		});
		req.on('finish', markSent);
		req.end(body);
	});
	return { sent, answer, isAnswered: () => isAnswered };
}

/** GET /api/v1/health on a connection of its own. */
function healthAnswered(url: string): Promise<void> {
	return new Promise((resolve, reject) => {
		request(`${url}/api/v1/health`, { agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve());
		})
			.on('error', reject)
			.end();
	});
}

describe('fault: SIGTERM while batches are being written (graceful shutdown)', () => {
	let server: RunningServer | undefined;
	afterEach(async () => {
		await server?.destroy();
		server = undefined;
	});

	it('answers every batch already sent, stores every acknowledged id, closes the database and exits 0', async () => {
		const seed = pickSeed('graceful-shutdown');
		const random = seededRandom(seed);
		// A round in which every batch was answered before the signal proves nothing: up to three.
		let unansweredAtSignal = 0;
		let answers: Awaited<Posted['answer']>[] = [];
		let exit: Awaited<ReturnType<RunningServer['signal']>> | undefined;
		for (let round = 0; round < 3 && unansweredAtSignal === 0; round++) {
			await server?.destroy();
			server = await startServer({ RATE_LIMIT_PER_MINUTE: '100000000' });
			const batches = Array.from({ length: BATCHES }, () => variedBatch(random, BATCH));
			const posted = batches.map((batch) => postBatch(server!.url, batch));
			await Promise.all(posted.map((post) => post.sent));
			// A connection still in the kernel's queue has not reached the server, and closing the
			// listener resets it (the device retries; nothing was acknowledged). Connections are
			// accepted in order, so once a health check on a newer one is answered, every batch's
			// has been accepted: from then on, each must be answered.
			await healthAnswered(server.url);
			// The signal lands while the bodies are parsed, validated and written.
			await sleep(Math.floor(random() * 20));
			unansweredAtSignal = posted.filter((post) => !post.isAnswered()).length;
			const exited = server.signal('SIGTERM');
			answers = await Promise.all(posted.map((post) => post.answer));
			exit = await exited;
			console.log(
				`[faults] graceful-shutdown round ${round}: ${unansweredAtSignal} of ${BATCHES} batches unanswered at SIGTERM`
			);
		}
		const finished = server!;
		// Otherwise the signal came after the work and proved nothing.
		expect(unansweredAtSignal).toBeGreaterThan(0);

		const acknowledged = new Set<string>();
		const problems: string[] = [];
		for (const [index, answer] of answers.entries()) {
			if (answer instanceof Error) {
				problems.push(`batch ${index}: ${answer.message}`);
				continue;
			}
			if (answer.status !== 200) {
				problems.push(`batch ${index}: ${answer.status} ${answer.body.slice(0, 200)}`);
				continue;
			}
			const body = JSON.parse(answer.body) as BatchAnswer;
			expect(body.rejected).toEqual([]);
			for (const id of body.accepted) acknowledged.add(id);
		}
		expect(problems, finished.output()).toEqual([]);
		expect(acknowledged.size).toBe(BATCHES * BATCH);
		expect(exit).toEqual({ code: 0, signal: null });
		expect(finished.output()).toContain('Stopped: every acknowledged response is stored');

		// Read after the process is gone: the file as the next start would find it.
		const stored = await storedIds(finished.db);
		expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
		expect(await consistencyProblems(finished.db)).toEqual([]);
	}, 120_000);

	it('stops accepting at once, waits for a request still arriving, and cuts it after SHUTDOWN_GRACE_MS', async () => {
		server = await startServer({ SHUTDOWN_GRACE_MS: '1500' });
		const { port } = new URL(server.url);
		// A device on a bad link: headers sent, most of the body never arrives.
		const slow = connect(Number(port), '127.0.0.1');
		await new Promise((resolve) => slow.once('connect', resolve));
		slow.on('error', () => undefined);
		const slowClosed = new Promise((resolve) => slow.once('close', resolve));
		slow.write(
			'POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"responses":['
		);
		await sleep(200);
		const startedAt = Date.now();
		const exited = server.signal('SIGTERM');
		for (let wait = 0; !server.output().includes('not accepting new connections'); wait++) {
			if (wait > 100) throw new Error(`no shutdown message:\n${server.output()}`);
			await sleep(20);
		}
		// New connections are refused while the open request is still being waited for.
		await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
		const exit = await exited;
		const took = Date.now() - startedAt;
		await slowClosed;
		expect(exit).toEqual({ code: 0, signal: null });
		expect(took).toBeGreaterThanOrEqual(1_400);
		// Not the minutes Node would give the request itself (requestTimeout, 300 s).
		expect(took).toBeLessThan(25_000);
		expect(server.output()).toContain('Requests still open after 1500 ms');
	}, 60_000);

	it('a second signal, while the first waits for an open request, exits at once with 1', async () => {
		server = await startServer({ SHUTDOWN_GRACE_MS: '30000' });
		const { port } = new URL(server.url);
		const slow = connect(Number(port), '127.0.0.1');
		await new Promise((resolve) => slow.once('connect', resolve));
		slow.on('error', () => undefined);
		slow.write(
			'POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"responses":['
		);
		await sleep(200);
		const exited = server.signal('SIGTERM');
		// A repeat within a second is the same Ctrl-C delivered twice (terminal and npm): ignored.
		await sleep(100);
		void server.signal('SIGTERM');
		await sleep(2_000);
		expect(server.output()).not.toContain('again: exiting now');
		const forcedAt = Date.now();
		void server.signal('SIGTERM');
		const exit = await exited;
		// Far sooner than the 30 s it would otherwise wait (generous: the machine may be busy).
		expect(Date.now() - forcedAt).toBeLessThan(15_000);
		expect(exit).toEqual({ code: 1, signal: null });
		expect(server.output()).toContain('SIGTERM again: exiting now without waiting');
		slow.destroy();
	}, 60_000);
});

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { currentQuestionnaire, type SurveyResponse } from '#survey';
import { Outbox, openSurveyDb } from '../../src/lib/offline/index.js';

/** A fresh fake IndexedDB per test (fake-indexeddb is for unit tests of the store only). */
export async function freshOutbox(now = () => new Date('2026-11-22T10:00:00Z')) {
	const db = await openSurveyDb(new IDBFactory());
	return { db, outbox: new Outbox(db, now) };
}

export function aResponse(id: string = randomUUID()): SurveyResponse {
	return {
		id,
		questionnaireVersion: currentQuestionnaire.version,
		mode: 'standard',
		locale: 'en-GB',
		startedAt: '2026-11-22T09:55:00Z',
		completedAt: '2026-11-22T10:00:00Z',
		answers: { feel_believed: 'agree' }
	};
}

/** The Content-Encoding a request was sent with (null: none). */
export function sentEncoding(init: RequestInit): string | null {
	return new Headers(init.headers).get('content-encoding');
}

/** The batch a request carried, gunzipped when it was sent with Content-Encoding: gzip. */
export function sentBatch(init: RequestInit): { responses: SurveyResponse[] } {
	const text =
		sentEncoding(init) === 'gzip'
			? gunzipSync(new Uint8Array(init.body as ArrayBuffer)).toString('utf8')
			: String(init.body);
	return JSON.parse(text) as { responses: SurveyResponse[] };
}

type Outcome = 'ok' | 'network_error' | 'lost_ack' | number;

/**
 * A fake server that stores responses by id (idempotently, like the real one) and can be told to
 * fail the next requests in given ways.
 */
export class FakeServer {
	stored = new Map<string, string>();
	requests: string[][] = [];
	/** Each request's Content-Encoding (null: plain). */
	encodings: (string | null)[] = [];
	plan: Outcome[] = [];
	retryAfter?: string;

	fetch = async (_input: string, init: RequestInit): Promise<Response> => {
		const body = sentBatch(init);
		const ids = body.responses.map((response) => response.id);
		this.requests.push(ids);
		this.encodings.push(sentEncoding(init));
		const outcome = this.plan.shift() ?? 'ok';
		if (outcome === 'network_error') throw new TypeError('Failed to fetch');
		if (typeof outcome === 'number') {
			return new Response(JSON.stringify({ error: { code: 'x', message: 'x' } }), {
				status: outcome,
				headers: this.retryAfter ? { 'retry-after': this.retryAfter } : {}
			});
		}
		const result = {
			accepted: [] as string[],
			duplicates: [] as string[],
			rejected: [] as unknown[]
		};
		for (const response of body.responses) {
			const content = JSON.stringify(response);
			const existing = this.stored.get(response.id);
			if (response.answers.feel_believed === 'INVALID')
				result.rejected.push({
					id: response.id,
					errors: [{ field: 'answers.feel_believed', code: 'not_an_option', message: 'no' }]
				});
			else if (existing === undefined) {
				this.stored.set(response.id, content);
				result.accepted.push(response.id);
			} else if (existing === content) result.duplicates.push(response.id);
			else
				result.rejected.push({
					id: response.id,
					errors: [{ field: 'id', code: 'conflict', message: 'conflict' }]
				});
		}
		// The server committed, but the answer never reaches the device.
		if (outcome === 'lost_ack') throw new TypeError('connection reset');
		return new Response(JSON.stringify(result), {
			status: 200,
			headers: { 'content-type': 'application/json' }
		});
	};
}

/** Timers a test inspects and fires itself, instead of waiting for them. */
export class ManualTimers {
	pending: { callback: () => void; ms: number }[] = [];
	setTimeout = (callback: () => void, ms: number) => {
		const timer = { callback, ms };
		this.pending.push(timer);
		return timer;
	};
	clearTimeout = (handle: unknown) => {
		this.pending = this.pending.filter((timer) => timer !== handle);
	};
	lastDelay() {
		return this.pending.at(-1)?.ms;
	}
}

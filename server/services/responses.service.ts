import { createHash } from 'node:crypto';
import {
	currentQuestionnaire,
	hasClockSkew,
	validateResponse,
	type Questionnaire,
	type SurveyResponse,
	type ValidationIssue
} from '#survey';
import type { Attribution } from './attribution.service.js';
import type { InStatement } from '@libsql/client';
import type { OpenDatabase } from '../db/client.js';
import { countStatements } from './answer-counts.js';

export interface RejectedResponse {
	id: unknown;
	errors: ValidationIssue[];
}

export interface IngestResult {
	accepted: string[];
	duplicates: string[];
	rejected: RejectedResponse[];
}

/** The database could not take the write (busy, read-only, full): nothing was acknowledged. */
export class StorageUnavailableError extends Error {}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

export function contentHash(response: SurveyResponse): string {
	return createHash('sha256').update(canonicalJson(response)).digest('hex');
}

const conflictIssue = (id: string): ValidationIssue => ({
	field: 'id',
	code: 'conflict',
	message: `a different response with id ${id} was already received; the first copy is kept`
});

export interface InsertRow {
	response: SurveyResponse;
	hash: string;
	receivedAt: string;
	flags: string[];
	waveId: string | null;
	source: 'survey' | 'import';
}

/**
 * The statements that store these responses and add them to the pre-aggregated counts, for one
 * transaction. Rows travel as one JSON parameter (SQLite's json_each reads it): a short statement
 * to prepare, however many rows, instead of one with thousands of placeholders.
 */
export function insertStatements(rows: InsertRow[]): InStatement[] {
	if (rows.length === 0) return [];
	const values = rows.map(({ response, hash, receivedAt, flags, waveId, source }) => [
		response.id,
		response.questionnaireVersion,
		response.mode,
		response.locale,
		response.sessionCode ?? null,
		response.startedAt,
		response.completedAt,
		receivedAt,
		waveId,
		JSON.stringify(flags),
		hash,
		JSON.stringify(response.answers),
		source
	]);
	return [
		{
			sql: `INSERT INTO responses (id, questionnaire_version, mode, locale, session_code, started_at, completed_at, received_at, wave_id, flags, content_hash, answers_json, source)
			      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12
			      FROM json_each(?)`,
			args: [JSON.stringify(values)]
		},
		// The benchmark's pre-aggregated counts, in the same transaction as the rows they count.
		...countStatements(rows)
	];
}

const STORAGE_ERRORS =
	/SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|CONSTRAINT)|CLIENT_CLOSED|readonly|disk|locked|busy/i;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A device whose clock differed from the server's by more than a day when it sent the batch. */
export function isDeviceClockWrong(deviceTime: Date | undefined, receivedAt: Date): boolean {
	return deviceTime !== undefined && Math.abs(deviceTime.getTime() - receivedAt.getTime()) > DAY_MS;
}

/** One request's batch, validated, waiting for its turn to be written. */
interface IngestJob {
	result: IngestResult;
	/** Valid responses in the order sent (the same id may appear more than once). */
	candidates: { response: SurveyResponse; hash: string; sentId: string }[];
	receivedAt: Date;
	deviceTime?: Date;
	settle: (result: IngestResult) => void;
	fail: (error: unknown) => void;
}

/** At most this many responses are written in one transaction (one fsync). */
const MAX_GROUP_RESPONSES = 5_000;

/**
 * Stores batches of responses exactly once. Each response is validated with the survey engine's
 * own rules; one bad response never blocks the others. A known id with identical content is a
 * duplicate (a re-send after a lost acknowledgement); with different content it is a conflict and
 * the first copy is kept, as ODK Central does. Ids are returned as accepted only after the
 * transaction that stores them has committed.
 *
 * Writes go through one queue in this process (libSQL file connections have no busy handler, and
 * @libsql/client loses per-connection pragmas on a new connection: libsql-client-ts #288/#352).
 * Batches that arrive while a write is running are written together in the next transaction
 * (group commit): one fsync and one update of the pre-aggregated counts for many batches, which is
 * what lets 50 devices sending at once get more done than one, not less.
 */
export class ResponsesService {
	#database: OpenDatabase;
	#definition: Questionnaire;
	#attribute: (receivedAt: Date, sessionCode?: string) => Promise<Attribution>;
	#pending: IngestJob[] = [];
	#isWriting = false;
	/** Settles when the current #drain() ends. */
	#drained: Promise<void> = Promise.resolve();

	/** `attribute` places a response in a wave by the server's clock (never the device's). */
	constructor(
		database: OpenDatabase,
		definition: Questionnaire = currentQuestionnaire,
		attribute: (receivedAt: Date, sessionCode?: string) => Promise<Attribution> = async () => ({
			waveId: null,
			flags: []
		})
	) {
		this.#database = database;
		this.#definition = definition;
		this.#attribute = attribute;
	}

	/** `deviceTime` is the device's clock when it sent the batch (if it said), to flag wrong clocks. */
	ingest(inputs: unknown[], receivedAt: Date, deviceTime?: Date): Promise<IngestResult> {
		const result: IngestResult = { accepted: [], duplicates: [], rejected: [] };
		const candidates: IngestJob['candidates'] = [];
		// Validation and hashing need no database: done before queueing, so the writer only writes.
		for (const input of inputs) {
			const verdict = validateResponse(this.#definition, input);
			// The engine lower-cases the id; the device hears back the id as it sent it, so it can match it.
			if (verdict.ok)
				candidates.push({
					response: verdict.response,
					hash: contentHash(verdict.response),
					sentId: (input as { id: string }).id
				});
			else {
				const id = (input as { id?: unknown } | null)?.id;
				result.rejected.push({ id: typeof id === 'string' ? id : null, errors: verdict.issues });
			}
		}
		if (candidates.length === 0) return Promise.resolve(result);
		return new Promise((settle, fail) => {
			this.#pending.push({ result, candidates, receivedAt, deviceTime, settle, fail });
			if (!this.#isWriting) void this.#drain();
		});
	}

	/**
	 * Resolves once nothing is queued or being written: graceful shutdown waits for this, so a
	 * group commit in flight finishes (and its devices are answered) before the database closes.
	 */
	async idle(): Promise<void> {
		while (this.#isWriting || this.#pending.length > 0) {
			if (!this.#isWriting) void this.#drain();
			await this.#drained;
		}
	}

	async #drain(): Promise<void> {
		let done!: () => void;
		this.#drained = new Promise((resolve) => (done = resolve));
		this.#isWriting = true;
		try {
			while (this.#pending.length > 0) {
				const group: IngestJob[] = [];
				let size = 0;
				while (
					this.#pending.length > 0 &&
					(group.length === 0 || size + this.#pending[0]!.candidates.length <= MAX_GROUP_RESPONSES)
				) {
					const job = this.#pending.shift()!;
					group.push(job);
					size += job.candidates.length;
				}
				try {
					await this.#write(group);
				} catch (error) {
					if (group.length === 1 || error instanceof StorageUnavailableError)
						for (const job of group) job.fail(error);
					// Something unexpected in one batch must not fail the others: write each on its own.
					else for (const job of group) await this.#write([job]).catch(job.fail);
				}
			}
		} finally {
			this.#isWriting = false;
			done();
		}
	}

	/** Writes a group; any database failure on the way (a read too) means "unavailable": 503, not 500. */
	async #write(group: IngestJob[]): Promise<void> {
		try {
			await this.#decideAndWrite(group);
		} catch (error) {
			const message =
				error instanceof Error
					? `${(error as { code?: string }).code ?? ''} ${error.message}`
					: String(error);
			if (!(error instanceof StorageUnavailableError) && STORAGE_ERRORS.test(message))
				throw new StorageUnavailableError(message);
			throw error;
		}
	}

	/** Decides every candidate of the group in arrival order, writes the new ones, then settles. */
	async #decideAndWrite(group: IngestJob[]): Promise<void> {
		const ids = [
			...new Set(group.flatMap((job) => job.candidates.map(({ response }) => response.id)))
		];
		// The hash kept for each id: stored earlier, or first seen in this group.
		const kept = await this.#storedHashes(ids);
		const results = group.map((job) => ({
			...job.result,
			accepted: [] as string[],
			duplicates: [] as string[],
			rejected: [...job.result.rejected]
		}));
		const toInsert: InsertRow[] = [];
		for (const [index, job] of group.entries()) {
			const result = results[index]!;
			const attributions = new Map<string, Attribution>();
			for (const { response, hash, sentId } of job.candidates) {
				const keptHash = kept.get(response.id);
				if (keptHash === undefined) {
					const key = response.sessionCode ?? '';
					let attribution = attributions.get(key);
					if (!attribution)
						attributions.set(
							key,
							(attribution = await this.#attribute(job.receivedAt, response.sessionCode))
						);
					const flags = [...attribution.flags];
					if (
						hasClockSkew(response, job.receivedAt) ||
						isDeviceClockWrong(job.deviceTime, job.receivedAt)
					)
						flags.unshift('clock_skew');
					toInsert.push({
						response,
						hash,
						receivedAt: job.receivedAt.toISOString(),
						flags,
						waveId: attribution.waveId,
						source: 'survey'
					});
					kept.set(response.id, hash);
					result.accepted.push(sentId);
				} else if (keptHash === hash) result.duplicates.push(sentId);
				else result.rejected.push({ id: sentId, errors: [conflictIssue(response.id)] });
			}
		}
		if (toInsert.length > 0) {
			await this.#database.ensureDurability();
			await this.#database.client.batch(insertStatements(toInsert), 'write');
		}
		// Only now, after the commit, does any device hear that its responses are stored.
		for (const [index, job] of group.entries()) job.settle(results[index]!);
	}

	async #storedHashes(ids: string[]): Promise<Map<string, string>> {
		const hashes = new Map<string, string>();
		for (let start = 0; start < ids.length; start += 500) {
			const chunk = ids.slice(start, start + 500);
			const rows = await this.#database.client.execute({
				sql: `SELECT id, content_hash FROM responses WHERE id IN (${chunk.map(() => '?').join(', ')})`,
				args: chunk
			});
			for (const row of rows.rows) hashes.set(String(row.id), String(row.content_hash));
		}
		return hashes;
	}
}

import { createHash } from 'node:crypto';
import { currentQuestionnaire, hasClockSkew, validateResponse, type Questionnaire, type SurveyResponse, type ValidationIssue } from '#survey';
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

/** SQLite parameters per statement stay well under the limit (32,766). */
const MAX_PARAMS = 30_000;
const RESPONSE_COLUMNS = 13;
const ANSWER_COLUMNS = 4;

export interface InsertRow {
	response: SurveyResponse;
	hash: string;
	receivedAt: string;
	flags: string[];
	waveId: string | null;
	source: 'survey' | 'import';
}

export function insertStatements(rows: InsertRow[]): InStatement[] {
	const statements: InStatement[] = [];
	const responseChunk = Math.floor(MAX_PARAMS / RESPONSE_COLUMNS);
	for (let start = 0; start < rows.length; start += responseChunk) {
		const chunk = rows.slice(start, start + responseChunk);
		statements.push({
			sql:
				'INSERT INTO responses (id, questionnaire_version, mode, locale, session_code, started_at, completed_at, received_at, wave_id, flags, content_hash, answers_json, source) VALUES ' +
				chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
			args: chunk.flatMap(({ response, hash, receivedAt, flags, waveId, source }) => [
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
			])
		});
	}
	const answers = rows.flatMap(({ response }) =>
		Object.entries(response.answers).flatMap(([code, value]) =>
			(Array.isArray(value) ? value : [value]).map((item, position) => [response.id, code, item, position] as const)
		)
	);
	const answerChunk = Math.floor(MAX_PARAMS / ANSWER_COLUMNS);
	for (let start = 0; start < answers.length; start += answerChunk) {
		const chunk = answers.slice(start, start + answerChunk);
		statements.push({
			sql:
				'INSERT INTO response_answers (response_id, item_code, value, position) VALUES ' + chunk.map(() => '(?, ?, ?, ?)').join(', '),
			args: chunk.flat()
		});
	}
	// The benchmark's pre-aggregated counts, in the same transaction as the rows they count.
	statements.push(...countStatements(rows));
	return statements;
}

const STORAGE_ERRORS = /SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|CONSTRAINT)|readonly|disk|locked|busy/i;

/**
 * Stores a batch of responses exactly once. Each response is validated with the survey engine's
 * own rules; one bad response never blocks the others. A known id with identical content is a
 * duplicate (a re-send after a lost acknowledgement); with different content it is a conflict and
 * the first copy is kept, as ODK Central does. Ids are returned as accepted only after the
 * transaction has committed.
 */
export class ResponsesService {
	#database: OpenDatabase;
	#definition: Questionnaire;
	/** Writes are serialised in this process: libSQL file connections have no busy handler. */
	#writeQueue: Promise<unknown> = Promise.resolve();

	#waveAt: (receivedAt: Date, sessionCode?: string) => Promise<string | null>;

	/** `waveAt` attributes a response to a wave by the server's clock (never the device's). */
	constructor(
		database: OpenDatabase,
		definition: Questionnaire = currentQuestionnaire,
		waveAt: (receivedAt: Date, sessionCode?: string) => Promise<string | null> = async () => null
	) {
		this.#database = database;
		this.#definition = definition;
		this.#waveAt = waveAt;
	}

	ingest(inputs: unknown[], receivedAt: Date): Promise<IngestResult> {
		const run = this.#writeQueue.then(() => this.#ingest(inputs, receivedAt));
		this.#writeQueue = run.catch(() => undefined);
		return run;
	}

	async #ingest(inputs: unknown[], receivedAt: Date): Promise<IngestResult> {
		const result: IngestResult = { accepted: [], duplicates: [], rejected: [] };
		const valid = new Map<string, { response: SurveyResponse; hash: string }>();
		const repeatsInBatch: { id: string; hash: string }[] = [];
		for (const input of inputs) {
			const verdict = validateResponse(this.#definition, input);
			if (!verdict.ok) {
				const id = (input as { id?: unknown } | null)?.id;
				result.rejected.push({ id: typeof id === 'string' ? id : null, errors: verdict.issues });
				continue;
			}
			const hash = contentHash(verdict.response);
			if (valid.has(verdict.response.id)) repeatsInBatch.push({ id: verdict.response.id, hash });
			else valid.set(verdict.response.id, { response: verdict.response, hash });
		}

		const stored = await this.#storedHashes([...valid.keys()]);
		const wavesBySession = new Map<string, string | null>();
		for (const { response } of valid.values()) {
			const key = response.sessionCode ?? '';
			if (!wavesBySession.has(key)) wavesBySession.set(key, await this.#waveAt(receivedAt, response.sessionCode));
		}
		const toInsert: InsertRow[] = [];
		for (const [id, { response, hash }] of valid) {
			const storedHash = stored.get(id);
			if (storedHash === undefined) {
				const flags = hasClockSkew(response, receivedAt) ? ['clock_skew'] : [];
				const waveId = wavesBySession.get(response.sessionCode ?? '') ?? null;
				if (!waveId) flags.push('no_open_wave');
				toInsert.push({ response, hash, receivedAt: receivedAt.toISOString(), flags, waveId, source: 'survey' });
			} else if (storedHash === hash) result.duplicates.push(id);
			else result.rejected.push({ id, errors: [conflictIssue(id)] });
		}

		if (toInsert.length > 0) {
			try {
				await this.#database.ensureDurability();
				await this.#database.client.batch(insertStatements(toInsert), 'write');
			} catch (error) {
				const message = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : String(error);
				if (STORAGE_ERRORS.test(message)) throw new StorageUnavailableError(message);
				throw error;
			}
			result.accepted.push(...toInsert.map(({ response }) => response.id));
		}

		// The same id twice in one batch: the first copy decides, as if it had been sent earlier.
		for (const { id, hash } of repeatsInBatch) {
			const first = valid.get(id)!;
			const isFirstKept = result.accepted.includes(id) || result.duplicates.includes(id);
			if (first.hash === hash && isFirstKept) result.duplicates.push(id);
			else result.rejected.push({ id, errors: [conflictIssue(id)] });
		}
		return result;
	}

	async #storedHashes(ids: string[]): Promise<Map<string, string>> {
		const hashes = new Map<string, string>();
		for (let start = 0; start < ids.length; start += 500) {
			const chunk = ids.slice(start, start + 500);
			if (chunk.length === 0) break;
			const rows = await this.#database.client.execute({
				sql: `SELECT id, content_hash FROM responses WHERE id IN (${chunk.map(() => '?').join(', ')})`,
				args: chunk
			});
			for (const row of rows.rows) hashes.set(String(row.id), String(row.content_hash));
		}
		return hashes;
	}
}

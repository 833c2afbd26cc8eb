import {
	currentQuestionnaire,
	isSpecialAnswer,
	type Questionnaire,
	type SurveyResponse
} from '#survey';
import type { InStatement } from '@libsql/client';
import type { OpenDatabase } from '../db/client.js';

export const NOT_STATED = 'not_stated';
export const RESPONDENTS = '_respondents';

/** The breakdown groups a response belongs to: overall, its mode, and each about-you answer. */
function groupsOf(response: SurveyResponse, definition: Questionnaire): [string, string][] {
	const groups: [string, string][] = [
		['', ''],
		['mode', response.mode]
	];
	// Per rep session too, so a session's own results can be shown once it has 10 responses.
	if (response.sessionCode) groups.push(['session', response.sessionCode]);
	for (const item of definition.items) {
		if (item.section !== 'about_you') continue;
		const value = response.answers[item.code];
		groups.push([item.code, typeof value === 'string' ? value : NOT_STATED]);
	}
	return groups;
}

/** A stored response's mode (as stored, unchecked) and answers. */
export interface StoredAnswers {
	mode: string;
	answers: SurveyResponse['answers'];
}

/**
 * Which of `values` a response falls in for one breakdown item (its mode, or an about-you
 * answer): an answer outside them, or none, is "not stated", as the one-way counts put it
 * (BenchmarkService completes each breakdown to its overall figure that way).
 */
export function groupValueOf(
	response: StoredAnswers,
	group: string,
	values: readonly string[]
): string {
	const value = group === 'mode' ? response.mode : response.answers[group];
	return typeof value === 'string' && values.includes(value) ? value : NOT_STATED;
}

/** One cell of a two-way table: each item's answer counts, and each multi-select's respondents. */
export interface CrossCell {
	answers: Map<string, Map<string, number>>;
	respondents: Map<string, number>;
}

/**
 * The two-way table of two breakdown items, counted from stored responses (the counts kept at
 * ingest are one-way only): cells[row][column], values in the order given.
 */
export function crossTabulate(
	responses: Iterable<StoredAnswers>,
	rows: { group: string; values: readonly string[] },
	columns: { group: string; values: readonly string[] },
	definition: Questionnaire = currentQuestionnaire
): CrossCell[][] {
	const cells = rows.values.map(() =>
		columns.values.map((): CrossCell => ({ answers: new Map(), respondents: new Map() }))
	);
	const counted = definition.items.filter((item) => item.type === 'agree' || item.type === 'multi');
	for (const response of responses) {
		const cell =
			cells[rows.values.indexOf(groupValueOf(response, rows.group, rows.values))]![
				columns.values.indexOf(groupValueOf(response, columns.group, columns.values))
			]!;
		for (const item of counted) {
			const value = response.answers[item.code];
			if (value === undefined) continue;
			const values = cell.answers.get(item.code) ?? new Map<string, number>();
			cell.answers.set(item.code, values);
			for (const entry of Array.isArray(value) ? value : [value])
				values.set(entry, (values.get(entry) ?? 0) + 1);
			if (Array.isArray(value) && value.some((entry) => !isSpecialAnswer(entry)))
				cell.respondents.set(item.code, (cell.respondents.get(item.code) ?? 0) + 1);
		}
	}
	return cells;
}

/** Gives each distinct pair of strings a small integer, so counting uses number keys, not strings. */
class PairIndex {
	#ids = new Map<string, Map<string, number>>();
	readonly pairs: [string, string][] = [];

	id(first: string, second: string): number {
		let inner = this.#ids.get(first);
		if (!inner) this.#ids.set(first, (inner = new Map()));
		let id = inner.get(second);
		if (id === undefined) {
			id = this.pairs.length;
			inner.set(second, id);
			this.pairs.push([first, second]);
		}
		return id;
	}
}

// Item codes and their (validated) values: a few hundred pairs in all, so shared by every call.
// Groups are indexed per call: they include session codes, which anyone can send.
const valueIndex = new PairIndex();
/** Above any value id, so groupId * VALUE_SPAN + valueId is unique (and stays an exact integer). */
const VALUE_SPAN = 1 << 20;

/**
 * Counts to add for a set of stored responses: per wave × breakdown group, the respondents, every
 * agree/multi answer value, and for multi-select items the respondents who chose an option. This
 * runs inside every ingest (a few hundred increments per response), so keys are integers and the
 * rows travel to SQLite as one JSON parameter: a short statement to prepare instead of one with
 * thousands of placeholders.
 */
export function countStatements(
	rows: { response: SurveyResponse; waveId: string | null }[],
	definition: Questionnaire = currentQuestionnaire
): InStatement[] {
	const counted = new Set(
		definition.items
			.filter((item) => item.type === 'agree' || item.type === 'multi')
			.map((item) => item.code)
	);
	const groupIndex = new PairIndex();
	const waves: string[] = [];
	const answers: Map<number, number>[] = [];
	const totals: Map<number, number>[] = [];
	const valueIds: number[] = [];
	for (const { response, waveId } of rows) {
		const wave = waveId ?? '';
		let waveSlot = waves.indexOf(wave);
		if (waveSlot < 0) {
			waveSlot = waves.push(wave) - 1;
			answers.push(new Map());
			totals.push(new Map());
		}
		valueIds.length = 0;
		for (const [code, value] of Object.entries(response.answers)) {
			if (!counted.has(code)) continue;
			if (Array.isArray(value)) {
				for (const entry of value) valueIds.push(valueIndex.id(code, entry));
				if (value.some((entry) => !isSpecialAnswer(entry)))
					valueIds.push(valueIndex.id(code, RESPONDENTS));
			} else valueIds.push(valueIndex.id(code, value));
		}
		if (valueIndex.pairs.length >= VALUE_SPAN)
			throw new Error('answer_counts: more distinct answer values than the key space holds');
		const waveAnswers = answers[waveSlot]!;
		const waveTotals = totals[waveSlot]!;
		for (const [groupItem, groupValue] of groupsOf(response, definition)) {
			const groupId = groupIndex.id(groupItem, groupValue);
			waveTotals.set(groupId, (waveTotals.get(groupId) ?? 0) + 1);
			const base = groupId * VALUE_SPAN;
			for (const valueId of valueIds)
				waveAnswers.set(base + valueId, (waveAnswers.get(base + valueId) ?? 0) + 1);
		}
	}
	const answerRows: (string | number)[][] = [];
	const totalRows: (string | number)[][] = [];
	for (const [slot, wave] of waves.entries()) {
		for (const [key, n] of answers[slot]!) {
			const [groupItem, groupValue] = groupIndex.pairs[Math.floor(key / VALUE_SPAN)]!;
			const [itemCode, value] = valueIndex.pairs[key % VALUE_SPAN]!;
			answerRows.push([wave, groupItem, groupValue, itemCode, value, n]);
		}
		for (const [groupId, n] of totals[slot]!)
			totalRows.push([wave, ...groupIndex.pairs[groupId]!, n]);
	}
	if (totalRows.length === 0) return [];
	return [
		{
			sql: `INSERT INTO answer_counts (wave_id, group_item, group_value, item_code, value, n)
			      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?) WHERE true
			      ON CONFLICT (wave_id, group_item, group_value, item_code, value) DO UPDATE SET n = n + excluded.n`,
			args: [JSON.stringify(answerRows)]
		},
		{
			sql: `INSERT INTO group_totals (wave_id, group_item, group_value, n)
			      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
			      ON CONFLICT (wave_id, group_item, group_value) DO UPDATE SET n = n + excluded.n`,
			args: [JSON.stringify(totalRows)]
		}
	];
}

/** Rebuilds the counts from the stored responses (after a migration on a database with data). */
export async function rebuildAnswerCounts(
	database: OpenDatabase,
	definition: Questionnaire = currentQuestionnaire
): Promise<void> {
	const statements: InStatement[] = ['DELETE FROM answer_counts', 'DELETE FROM group_totals'];
	let offset = 0;
	for (;;) {
		const page = await database.client.execute({
			sql: 'SELECT mode, wave_id, session_code, answers_json FROM responses ORDER BY id LIMIT 5000 OFFSET ?',
			args: [offset]
		});
		if (page.rows.length === 0) break;
		statements.push(
			...countStatements(
				page.rows.map((row) => ({
					response: {
						mode: String(row.mode),
						sessionCode: row.session_code === null ? undefined : String(row.session_code),
						answers: JSON.parse(String(row.answers_json))
					} as SurveyResponse,
					waveId: row.wave_id === null ? null : String(row.wave_id)
				})),
				definition
			)
		);
		offset += page.rows.length;
	}
	await database.client.batch(statements, 'write');
}

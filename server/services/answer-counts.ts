import { currentQuestionnaire, type Questionnaire, type SurveyResponse } from '#survey';
import type { InStatement } from '@libsql/client';
import type { OpenDatabase } from '../db/client.js';

export const NOT_STATED = 'not_stated';
export const RESPONDENTS = '_respondents';
const SPECIALS = new Set(['dont_know', 'dont_understand', 'prefer_not']);

/** The breakdown groups a response belongs to: overall, its mode, and each about-you answer. */
function groupsOf(response: SurveyResponse, definition: Questionnaire): [string, string][] {
	const groups: [string, string][] = [['', ''], ['mode', response.mode]];
	// Per rep session too, so a session's own results can be shown once it has 10 responses.
	if (response.sessionCode) groups.push(['session', response.sessionCode]);
	for (const item of definition.items) {
		if (item.section !== 'about_you') continue;
		const value = response.answers[item.code];
		groups.push([item.code, typeof value === 'string' ? value : NOT_STATED]);
	}
	return groups;
}

/**
 * Counts to add for a set of stored responses: per wave × breakdown group, the respondents, every
 * agree/multi answer value, and for multi-select items the respondents who chose an option.
 */
export function countStatements(rows: { response: SurveyResponse; waveId: string | null }[], definition: Questionnaire = currentQuestionnaire): InStatement[] {
	const counted = new Set(definition.items.filter((item) => item.type === 'agree' || item.type === 'multi').map((item) => item.code));
	// Two levels (group, then item+value) so each key string is built once and reused: this runs
	// inside every ingest, ~100 responses × 10 groups × ~13 values per batch.
	const answers = new Map<string, Map<string, number>>();
	const totals = new Map<string, number>();
	// Keys join their parts with NUL, which no code or answer value contains (the engine refuses it).
	const SEPARATOR = '\u0000';
	for (const { response, waveId } of rows) {
		const wave = waveId ?? '';
		const valueKeys: string[] = [];
		for (const [code, value] of Object.entries(response.answers)) {
			if (!counted.has(code)) continue;
			const list = Array.isArray(value) ? value : [value];
			for (const entry of list) valueKeys.push(code + SEPARATOR + entry);
			if (Array.isArray(value) && value.some((entry) => !SPECIALS.has(entry))) valueKeys.push(code + SEPARATOR + RESPONDENTS);
		}
		for (const [groupItem, groupValue] of groupsOf(response, definition)) {
			const groupKey = wave + SEPARATOR + groupItem + SEPARATOR + groupValue;
			totals.set(groupKey, (totals.get(groupKey) ?? 0) + 1);
			let counts = answers.get(groupKey);
			if (!counts) answers.set(groupKey, (counts = new Map()));
			for (const key of valueKeys) counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	const statements: InStatement[] = [];
	const answerRows = [...answers].flatMap(([groupKey, counts]) => [...counts].map(([valueKey, n]) => [groupKey + SEPARATOR + valueKey, n] as const));
	for (let start = 0; start < answerRows.length; start += 4000) {
		const chunk = answerRows.slice(start, start + 4000);
		statements.push({
			sql:
				'INSERT INTO answer_counts (wave_id, group_item, group_value, item_code, value, n) VALUES ' +
				chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ') +
				' ON CONFLICT (wave_id, group_item, group_value, item_code, value) DO UPDATE SET n = n + excluded.n',
			args: chunk.flatMap(([key, n]) => [...key.split(SEPARATOR), n])
		});
	}
	const totalRows = [...totals];
	for (let start = 0; start < totalRows.length; start += 6000) {
		const chunk = totalRows.slice(start, start + 6000);
		statements.push({
			sql:
				'INSERT INTO group_totals (wave_id, group_item, group_value, n) VALUES ' +
				chunk.map(() => '(?, ?, ?, ?)').join(', ') +
				' ON CONFLICT (wave_id, group_item, group_value) DO UPDATE SET n = n + excluded.n',
			args: chunk.flatMap(([key, n]) => [...key.split(SEPARATOR), n])
		});
	}
	return statements;
}

/** Rebuilds the counts from the stored responses (after a migration on a database with data). */
export async function rebuildAnswerCounts(database: OpenDatabase, definition: Questionnaire = currentQuestionnaire): Promise<void> {
	const statements: InStatement[] = ['DELETE FROM answer_counts', 'DELETE FROM group_totals'];
	let offset = 0;
	for (;;) {
		const page = await database.client.execute({ sql: 'SELECT mode, wave_id, session_code, answers_json FROM responses ORDER BY id LIMIT 5000 OFFSET ?', args: [offset] });
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

import {
	currentQuestionnaire,
	MODES,
	optionsFor,
	specialsFor,
	type Item,
	type Mode,
	type Questionnaire
} from '#survey';
import questionnaireText from '../../src/lib/i18n/locales/en-GB/questionnaire.json' with { type: 'json' };
import uiText from '../../src/lib/i18n/locales/en-GB/ui.json' with { type: 'json' };
import { csvLine } from '../lib/csv.js';

/**
 * The import template (issue 14 item 10), made from the questionnaire definition so it can never
 * disagree with the importer: the respondent-level header (the columns parseRespondentCsv accepts)
 * and a data dictionary with one row per allowed value of each column, its code and its wording
 * from the en-GB resources the survey itself shows.
 */

/** One allowed value of one column, and in which modes the importer accepts it. */
export interface DictionaryEntry {
	column: string;
	question: string;
	/** How the column is filled in. */
	answers: 'one value' | 'one or more values separated by ;' | 'free text' | 'one mode';
	/** The modes in which this value is accepted (the mode column of the same row). */
	modes: readonly Mode[];
	/** The code to write in the file; empty for free text. */
	value: string;
	label: string;
}

type Wording = {
	scales: Record<string, Record<string, string>>;
	specials: Record<string, string>;
	items: Record<string, { question: string; options?: Record<string, string> }>;
};
const wording = questionnaireText as Wording;
const modeNames = (uiText as { modes: Record<string, string> }).modes;

/** The respondent-level columns, in the order the survey asks: mode, then every item code. */
export function templateColumns(definition: Questionnaire = currentQuestionnaire): string[] {
	return ['mode', ...definition.items.map((item) => item.code)];
}

/** The template file: the header line, ready to fill in (CRLF, as spreadsheets write CSV). */
export function templateCsv(definition: Questionnaire = currentQuestionnaire): string {
	return `${csvLine(templateColumns(definition))}\r\n`;
}

function labelOf(item: Item, value: string): string {
	const own = wording.items[item.code]?.options?.[value];
	if (own) return own;
	if (item.type === 'agree') {
		const scale = wording.scales.agree5?.[value] ?? wording.scales.agree3?.[value];
		if (scale) return scale;
	}
	return wording.specials[value] ?? value;
}

/** Every allowed value of every column, with the modes that accept it. */
export function dictionaryEntries(
	definition: Questionnaire = currentQuestionnaire
): DictionaryEntry[] {
	const entries: DictionaryEntry[] = MODES.map((mode) => ({
		column: 'mode',
		question: 'How the young person did the survey (empty means standard)',
		answers: 'one mode',
		modes: [mode],
		value: mode,
		label: modeNames[mode] ?? mode
	}));
	for (const item of definition.items) {
		const question = wording.items[item.code]?.question ?? item.code;
		if (item.type === 'text') {
			entries.push({
				column: item.code,
				question,
				answers: 'free text',
				modes: MODES,
				value: '',
				label: `Free text, up to ${item.maxLength ?? 'any number of'} characters`
			});
			continue;
		}
		const answers = item.type === 'multi' ? 'one or more values separated by ;' : 'one value';
		// Each value once, with every mode that offers it (the 5-point scale in standard mode, the
		// 3-point one in easy read and SEND; "I don't understand" outside standard mode).
		const modesByValue = new Map<string, Mode[]>();
		for (const mode of MODES)
			for (const value of [...optionsFor(definition, item, mode), ...specialsFor(item, mode)])
				modesByValue.set(value, [...(modesByValue.get(value) ?? []), mode]);
		for (const [value, modes] of modesByValue)
			entries.push({
				column: item.code,
				question,
				answers,
				modes,
				value,
				label: labelOf(item, value)
			});
	}
	return entries;
}

export const DICTIONARY_COLUMNS = ['column', 'question', 'answers', 'modes', 'value', 'label'];

/** The data dictionary as one CSV table (formula-safe cells; modes separated by ";"). */
export function dictionaryCsv(definition: Questionnaire = currentQuestionnaire): string {
	const lines = [
		csvLine(DICTIONARY_COLUMNS),
		...dictionaryEntries(definition).map((entry) =>
			csvLine([
				entry.column,
				entry.question,
				entry.answers,
				entry.modes.join(';'),
				entry.value,
				entry.label
			])
		)
	];
	return `${lines.join('\r\n')}\r\n`;
}

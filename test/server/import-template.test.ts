import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { currentQuestionnaire } from '#survey';
import {
	parseRespondentCsv,
	parseRespondentCsvYielding
} from '../../server/import/baseline-csv.js';
import {
	DICTIONARY_COLUMNS,
	dictionaryCsv,
	dictionaryEntries,
	templateColumns,
	templateCsv
} from '../../server/import/template.js';
import { signedInAs, testApp } from './helpers.js';

/** Issue 14 item 10: the import template and its data dictionary come from the questionnaire. */

const dictionaryRows = () =>
	parse(dictionaryCsv(), { columns: true, bom: true }) as Record<string, string>[];

describe('the import template', () => {
	it('is the header the importer accepts: with one valid row it imports without a problem', () => {
		const header = templateCsv();
		const columns = templateColumns();
		expect(columns).toEqual(['mode', ...currentQuestionnaire.items.map((item) => item.code)]);
		const row = columns.map((column) =>
			column === 'mode' ? 'standard' : column === 'know_who_to_talk_to' ? 'agree' : ''
		);
		const parsed = parseRespondentCsv(`${header}${row.join(',')}\r\n`);
		expect(parsed.problems).toEqual([]);
		expect(parsed.rows).toEqual([
			{ line: 2, mode: 'standard', answers: { know_who_to_talk_to: 'agree' } }
		]);
	});

	it('the dictionary is one table with the documented columns, a row for every column of the template', () => {
		const rows = dictionaryRows();
		expect(Object.keys(rows[0]!)).toEqual(DICTIONARY_COLUMNS);
		expect([...new Set(rows.map((row) => row.column))]).toEqual(templateColumns());
		// Wording from the i18n resources, codes as the stable keys.
		expect(rows).toContainEqual({
			column: 'feel_believed',
			question: 'When I tell an adult something, they believe me',
			answers: 'one value',
			modes: 'standard',
			value: 'strongly_agree',
			label: 'Strongly agree'
		});
		expect(rows).toContainEqual(
			expect.objectContaining({
				column: 'feel_believed',
				modes: 'easy_read;send',
				value: 'sometimes',
				label: 'Sometimes'
			})
		);
		expect(rows).toContainEqual(
			expect.objectContaining({
				column: 'who_would_you_talk_to',
				value: 'friend',
				label: 'A friend'
			})
		);
	});

	it('every value in the dictionary is accepted in each mode it names, through both parsers', async () => {
		const entries = dictionaryEntries().filter((entry) => entry.column !== 'mode');
		const lines = ['mode,' + [...new Set(entries.map((entry) => entry.column))].join(',')];
		const columns = lines[0]!.split(',').slice(1);
		const expected: { line: number; column: string; value: string }[] = [];
		for (const entry of entries)
			for (const mode of entry.modes) {
				const value = entry.value === '' ? 'Some free text, with a comma' : entry.value;
				const cells = columns.map((column) => (column === entry.column ? `"${value}"` : ''));
				lines.push([mode, ...cells].join(','));
				expected.push({ line: lines.length, column: entry.column, value });
			}
		const text = lines.join('\n');
		const parsed = parseRespondentCsv(text);
		expect(parsed.problems).toEqual([]);
		expect(parsed.rows).toHaveLength(expected.length);
		expect(await parseRespondentCsvYielding(text)).toEqual(parsed);
		for (const [index, row] of parsed.rows.entries()) {
			const { line, column, value } = expected[index]!;
			expect(row.line).toBe(line);
			const stored = row.answers[column];
			expect(Array.isArray(stored) ? stored.join(';') : stored).toBe(value);
		}
	});

	it.each([
		['a word that is no code', 'standard', 'feel_believed', 'maybe'],
		['a 3-point answer in standard mode', 'standard', 'feel_believed', 'sometimes'],
		['a 5-point answer in easy read', 'easy_read', 'feel_believed', 'strongly_agree'],
		['"I don\'t understand" in standard mode', 'standard', 'feel_believed', 'dont_understand'],
		['an option of another item', 'standard', 'who_would_you_talk_to', 'face_to_face'],
		['an unknown mode', 'paper', 'feel_believed', 'agree']
	])('a value not in the dictionary is refused with its line: %s', (_, mode, column, value) => {
		const allowed = dictionaryEntries().filter(
			(entry) => entry.column === column && entry.modes.includes(mode as never)
		);
		expect(allowed.map((entry) => entry.value)).not.toContain(value);
		const parsed = parseRespondentCsv(`mode,${column}\nstandard,\n\n${mode},${value}\nstandard,\n`);
		expect(parsed.problems).toEqual([
			{
				line: 4,
				column: column === 'feel_believed' && mode === 'paper' ? 'mode' : column,
				message: expect.any(String)
			}
		]);
	});

	it('is served to analysts as two CSV downloads', async () => {
		const { app, database } = await testApp();
		const cookie = await signedInAs(app, database, 'analyst');
		const template = await app.request('/api/v1/import/template.csv', { headers: { cookie } });
		expect(template.status).toBe(200);
		expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(template.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
		expect(await template.text()).toBe(templateCsv());
		const dictionary = await app.request('/api/v1/import/dictionary.csv', { headers: { cookie } });
		expect(dictionary.status).toBe(200);
		// A byte order mark first (text() drops it), then the dictionary.
		const bytes = new Uint8Array(await dictionary.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes)).toBe(dictionaryCsv());
	});
});

/**
 * Property tests of the baseline CSV importer (server/import/baseline-csv.ts and ImportService):
 * arbitrary text never throws out of the parser, every problem names a line that exists and the
 * line the bad record starts on, a file with any problem stores nothing (not even when replacing a
 * wave's data), and a valid file of either format imports exactly, text byte for byte.
 * Fixed seeds; the database cases build a real libSQL :memory: database with the real migrations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentQuestionnaire as q, type Answers, type Mode } from '#survey';
import {
	parseAggregateCsv,
	parseRespondentCsv,
	type ImportProblem
} from '../../server/import/baseline-csv.js';
import { ImportError, ImportService } from '../../server/services/import.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, dumpStoredTables, postResponses, testApp } from './helpers.js';
import {
	evilString,
	ITEM_CODES,
	itemByCode,
	MODES,
	readmeViolations,
	validAnswers
} from '../survey/arbitraries.js';

const SEED = 20_251_122;
const CLOCK = () => new Date('2026-11-22T12:00:00Z');

/** Lines as an editor counts them: CRLF, LF or a lone CR ends one. */
const lineBreaks = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;

// ---------------------------------------------------------------------------------------------
// A CSV file as a model (records of raw cell values) and its rendering, which knows the line each
// record starts on.

interface CsvModel {
	records: string[][];
	/** Cells written in quotes even when they need none. */
	quoteAll: boolean;
	eol: '\n' | '\r\n';
	bom: boolean;
	/** Empty lines before each record (the parser skips them; line numbers must not). */
	emptyBefore: number[];
	trailingEol: boolean;
}

function renderCell(value: string, quoteAll: boolean): string {
	return quoteAll || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function render(model: CsvModel): { text: string; lines: number[] } {
	let text = model.bom ? '\uFEFF' : '';
	let line = 1;
	const lines: number[] = [];
	model.records.forEach((cells, index) => {
		const empty = model.emptyBefore[index] ?? 0;
		text += model.eol.repeat(empty);
		line += empty;
		let record = cells.map((cell) => renderCell(cell, model.quoteAll)).join(',');
		// A record of one empty cell would be an empty line, which CSV readers skip.
		if (record === '') record = '""';
		lines.push(line);
		text += record + (index < model.records.length - 1 || model.trailingEol ? model.eol : '');
		line += lineBreaks(record) + 1;
	});
	return { text, lines };
}

const layout = (recordCount: number) =>
	fc.record({
		quoteAll: fc.boolean(),
		eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
		bom: fc.boolean(),
		emptyBefore: fc.array(
			fc.oneof(
				{ weight: 5, arbitrary: fc.constant(0) },
				{ weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }
			),
			{
				minLength: recordCount,
				maxLength: recordCount
			}
		),
		trailingEol: fc.boolean()
	});

// ---------------------------------------------------------------------------------------------
// Valid respondent-level files (README: a column per item code, ";" between multi-select values,
// an optional mode column, standard by default).

interface RespondentFile {
	model: CsvModel;
	expected: { mode: Mode; answers: Answers }[];
}

function respondentCell(
	code: string,
	value: Answers[string] | undefined,
	separator: string,
	pad: string
): string {
	if (value === undefined) return '';
	if (itemByCode(code).type === 'text') return value as string;
	return pad + (Array.isArray(value) ? value.join(separator) : value) + pad;
}

const respondentFile: fc.Arbitrary<RespondentFile> = fc
	.tuple(
		fc.shuffledSubarray([...ITEM_CODES], { minLength: 1 }),
		fc.option(fc.nat(), { nil: undefined })
	)
	.chain(([codes, modeAt]) => {
		const header = [...codes];
		if (modeAt !== undefined) header.splice(modeAt % (header.length + 1), 0, 'mode');
		const row = (
			modeAt === undefined ? fc.constant<Mode>('standard') : fc.constantFrom(...MODES)
		).chain((mode) =>
			fc.record({
				mode: fc.constant(mode),
				answers: validAnswers(mode),
				blankMode: fc.boolean(),
				separator: fc.constantFrom(';', '; ', ' ;'),
				pad: fc.constantFrom('', ' ')
			})
		);
		return fc.array(row, { maxLength: 25 }).chain((rows) =>
			layout(rows.length + 1).map((rest) => {
				const expected = rows.map(({ mode, answers }) => ({
					mode,
					answers: Object.fromEntries(
						Object.entries(answers).filter(([code]) => codes.includes(code))
					)
				}));
				const records = rows.map(({ mode, answers, blankMode, separator, pad }) =>
					header.map((column) =>
						column === 'mode'
							? mode === 'standard' && blankMode
								? ''
								: mode
							: respondentCell(column, answers[column], separator, pad)
					)
				);
				return { model: { ...rest, records: [header, ...records] }, expected };
			})
		);
	});

// ---------------------------------------------------------------------------------------------
// Valid aggregate files (README: item,option,group,group_value,count; group empty for overall;
// option _respondents for multi-select items).

interface AggregateRow {
	item: string;
	option: string;
	group: string;
	groupValue: string;
	count: string;
}
const AGGREGATE_COLUMNS = ['item', 'option', 'group', 'group_value', 'count'] as const;
const countable = q.items.filter((item) => item.type !== 'text');
const aboutYou = q.items.filter((item) => item.section === 'about_you');

const aggregateKey = fc.constantFrom(...countable).chain((item) =>
	fc.tuple(
		fc.constant(item.code),
		fc.constantFrom(
			...(item.type === 'agree' ? [...q.scales.agree5, ...q.scales.agree3] : item.options!),
			...item.specials,
			...(item.type === 'multi' ? ['_respondents'] : [])
		),
		fc.oneof(
			fc.constant(['', ''] as const),
			fc.constantFrom(...MODES).map((mode) => ['mode', mode] as const),
			fc
				.constantFrom(...aboutYou)
				.chain((group) =>
					fc
						.constantFrom(...group.options!, 'prefer_not', 'not_stated')
						.map((value) => [group.code, value] as const)
				)
		)
	)
);

const countText = fc
	.tuple(
		fc.oneof(fc.nat({ max: 1000 }), fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
		fc.constantFrom('', '0', '00')
	)
	.map(([count, zeros]) => zeros + String(count));

const aggregateFile: fc.Arbitrary<{ model: CsvModel; rows: AggregateRow[] }> = fc
	.tuple(
		fc.shuffledSubarray([...AGGREGATE_COLUMNS], { minLength: 5 }),
		fc.uniqueArray(fc.tuple(aggregateKey, countText), {
			selector: ([[item, option, [group, value]]]) => [item, option, group, value].join('|'),
			maxLength: 30
		}),
		fc.constantFrom('', ' ')
	)
	.chain(([header, keyed, pad]) => {
		const rows = keyed.map(([[item, option, [group, groupValue]], count]) => ({
			item,
			option,
			group,
			groupValue,
			count
		}));
		// Spaces around a value are not part of it (the importer trims them).
		const cell = (row: AggregateRow, column: (typeof AGGREGATE_COLUMNS)[number]) =>
			pad +
			{
				item: row.item,
				option: row.option,
				group: row.group,
				group_value: row.groupValue,
				count: row.count
			}[column] +
			pad;
		return layout(rows.length + 1).map((rest) => ({
			model: {
				...rest,
				records: [header, ...rows.map((row) => header.map((column) => cell(row, column)))]
			},
			rows
		}));
	});

// ---------------------------------------------------------------------------------------------
// Breaking a valid file in one place, and the line that must then be reported.

interface Broken {
	label: string;
	model: CsvModel;
	/** Index of the record whose start line must be reported. */
	record: number;
}

const badRespondentValue = (code: string) => {
	const item = itemByCode(code);
	if (item.type === 'text')
		return fc.constantFrom(
			'a\u0000b',
			'x'.repeat(2001),
			'left\u202Eright',
			'bell\u0007',
			'c1\u0090',
			'   '
		);
	if (item.type === 'multi')
		return fc.constantFrom(
			`${item.options![0]};unicorn`,
			`${item.options![0]};${item.options![0]}`,
			'prefer_not'
		);
	return fc.constantFrom('maybe', 'Agree!', 'dont_understand_', '["agree"]');
};

const brokenRespondentFile: fc.Arbitrary<Broken> = respondentFile
	.filter(({ model }) => model.records.length > 1)
	.chain(({ model }) => {
		const header = model.records[0]!;
		const dataRow = fc.integer({ min: 1, max: model.records.length - 1 });
		const breakings: fc.Arbitrary<Broken>[] = [
			fc
				.tuple(dataRow, fc.constantFrom(...header.filter((column) => column !== 'mode')))
				.chain(([row, column]) =>
					badRespondentValue(column).map((value) => ({
						label: `bad ${column}`,
						record: row,
						model: {
							...model,
							records: model.records.map((cells, index) =>
								index === row
									? cells.map((cell, at) => (header[at] === column ? value : cell))
									: cells
							)
						}
					}))
				),
			dataRow.map((row) => ({
				label: 'one cell too many',
				record: row,
				model: {
					...model,
					records: model.records.map((cells, index) => (index === row ? [...cells, 'x'] : cells))
				}
			})),
			fc.constantFrom('favourite_colour', '__proto__', 'Feel_Believed').map((unknown) => ({
				label: 'unknown column',
				record: 0,
				model: {
					...model,
					records: model.records.map((cells, index) =>
						index === 0 ? [...cells, unknown] : index > 0 ? [...cells, ''] : cells
					)
				}
			}))
		];
		if (header.includes('mode')) {
			breakings.push(
				dataRow.map((row) => ({
					label: 'bad mode',
					record: row,
					model: {
						...model,
						records: model.records.map((cells, index) =>
							index === row
								? cells.map((cell, at) => (header[at] === 'mode' ? 'fancy' : cell))
								: cells
						)
					}
				}))
			);
		}
		return fc.oneof(...breakings);
	});

const brokenAggregateFile: fc.Arbitrary<Broken> = aggregateFile
	.filter(({ rows }) => rows.length > 0)
	.chain(({ model, rows }) => {
		const header = model.records[0]!;
		const at = (column: string) => header.indexOf(column);
		const change = (row: number, column: string, value: string): CsvModel => ({
			...model,
			records: model.records.map((cells, index) =>
				index === row
					? cells.map((cell, position) => (position === at(column) ? value : cell))
					: cells
			)
		});
		const dataRow = fc.integer({ min: 1, max: rows.length });
		return fc.oneof(
			fc
				.tuple(
					dataRow,
					fc.constantFrom('-1', '1.5', '', 'ten', '1e3', '9007199254740992', '99999999999999999999')
				)
				.map(([row, count]) => ({
					label: `count ${count}`,
					record: row,
					model: change(row, 'count', count)
				})),
			fc
				.tuple(dataRow, fc.constantFrom('favourite_colour', 'what_would_help', '__proto__'))
				.map(([row, item]) => ({
					label: `item ${item}`,
					record: row,
					model: change(row, 'item', item)
				})),
			fc.tuple(dataRow, fc.constantFrom('maybe', 'unicorn')).map(([row, option]) => ({
				label: `option ${option}`,
				record: row,
				model: change(row, 'option', option)
			})),
			fc
				.tuple(
					dataRow,
					fc.constantFrom(
						['age_band', 'ancient'],
						['feel_believed', 'agree'],
						['', 'x'],
						['mode', 'fancy']
					)
				)
				.map(([row, [group, value]]) => ({
					label: `group ${group}=${value}`,
					record: row,
					model: {
						...change(row, 'group', group!),
						records: change(row, 'group', group!).records.map((cells, index) =>
							index === row
								? cells.map((cell, position) => (position === at('group_value') ? value! : cell))
								: cells
						)
					}
				})),
			dataRow.map((row) => ({
				label: 'a key repeated on a later line',
				record: model.records.length,
				model: {
					...model,
					records: [...model.records, model.records[row]!],
					emptyBefore: [...model.emptyBefore, 1]
				}
			}))
		);
	});

// ---------------------------------------------------------------------------------------------
// Arbitrary text and CSV-shaped garbage.

const garbageCell = fc.oneof(
	evilString,
	fc.constantFrom(
		'mode',
		'standard',
		'easy_read',
		'friend;teacher',
		'friend; no_one',
		'"',
		'""',
		'"a""b"',
		'\uFEFF',
		'🙂👩‍👩‍👧',
		'مرحبا، كيف حالك؟',
		'Zażółć gęślą jaźń',
		' ',
		'\t',
		'=1+1',
		'1',
		'-1',
		'_respondents'
	)
);
const garbageCsv = fc
	.tuple(
		fc.array(fc.array(garbageCell, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 8 }),
		fc.array(fc.constantFrom('\n', '\r\n', '\r', '\n\n', ''), { minLength: 8, maxLength: 8 }),
		fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }),
		fc.boolean()
	)
	.map(
		([records, eols, quotes, bom]) =>
			(bom ? '\uFEFF' : '') +
			records
				.map(
					(cells, row) =>
						cells.map((cell, at) => (quotes[row * 6 + at] ? `"${cell}"` : cell)).join(',') +
						eols[row]
				)
				.join('')
	);

function expectProblemsWellFormed(problems: ImportProblem[], text: string): void {
	for (const problem of problems) {
		expect(Number.isInteger(problem.line)).toBe(true);
		expect(problem.line).toBeGreaterThanOrEqual(1);
		// A line of the file (the one after a final line break counts: "the file is empty" is line 1).
		expect(problem.line).toBeLessThanOrEqual(lineBreaks(text) + 1);
		expect(typeof problem.message).toBe('string');
		expect(problem.message.length).toBeGreaterThan(0);
	}
}

/** Every answer the parser lets through is one the README allows, on its own, in the row's mode. */
function expectRowsValid(rows: { mode: Mode; answers: Answers }[]): void {
	for (const row of rows) {
		for (const [code, value] of Object.entries(row.answers)) {
			expect(readmeViolations(aResponse({ mode: row.mode, answers: { [code]: value } }))).toEqual(
				[]
			);
		}
	}
}

describe('baseline CSV parsers on arbitrary input', () => {
	it('never throw on any text or CSV-shaped garbage, and report problems with a real line and a message', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string({ unit: 'binary', maxLength: 300 }),
					fc.string({ unit: 'binary-ascii', maxLength: 300 }),
					garbageCsv
				),
				(text) => {
					const respondent = parseRespondentCsv(text);
					expectProblemsWellFormed(respondent.problems, text);
					expectRowsValid(respondent.rows);
					const aggregate = parseAggregateCsv(text);
					expectProblemsWellFormed(aggregate.problems, text);
					for (const row of aggregate.rows)
						expect(Number.isSafeInteger(row.count) && row.count >= 0).toBe(true);
				}
			),
			{ seed: SEED, numRuns: 2000 }
		);
	}, 60_000);

	it('never throw on garbage under a header of real item codes, and let only valid answers through', () => {
		const underHeader = fc
			.tuple(
				fc.shuffledSubarray(['mode', ...ITEM_CODES], { minLength: 1, maxLength: 6 }),
				garbageCsv,
				fc.constantFrom('\n', '\r\n')
			)
			.map(([header, body, eol]) => header.join(',') + eol + body);
		fc.assert(
			fc.property(underHeader, (text) => {
				const parsed = parseRespondentCsv(text);
				expectProblemsWellFormed(parsed.problems, text);
				expectRowsValid(parsed.rows);
			}),
			{ seed: SEED, numRuns: 1500 }
		);
	});

	it('parse every valid respondent-level file exactly: one row per data line, text byte for byte', () => {
		fc.assert(
			fc.property(respondentFile, ({ model, expected }) => {
				const { text } = render(model);
				const parsed = parseRespondentCsv(text);
				expect(parsed.problems).toEqual([]);
				expect(parsed.rows.map(({ mode, answers }) => ({ mode, answers }))).toEqual(expected);
				expect(parsed.rows.map((row) => row.line)).toEqual(render(model).lines.slice(1));
			}),
			{ seed: SEED, numRuns: 300 }
		);
	});

	it('parse every valid aggregate file exactly', () => {
		fc.assert(
			fc.property(aggregateFile, ({ model, rows }) => {
				const parsed = parseAggregateCsv(render(model).text);
				expect(parsed.problems).toEqual([]);
				expect(
					parsed.rows.map(({ item, option, group, groupValue, count }) => ({
						item,
						option,
						group,
						groupValue,
						count
					}))
				).toEqual(rows.map((row) => ({ ...row, count: Number(row.count) })));
			}),
			{ seed: SEED, numRuns: 300 }
		);
	});

	it.each([
		['respondent-level', brokenRespondentFile, parseRespondentCsv],
		['aggregate', brokenAggregateFile, parseAggregateCsv]
	] as const)(
		'report a broken %s file on the line the bad record starts on (empty lines and multi-line cells counted)',
		(_format, broken, parse) => {
			fc.assert(
				fc.property(broken as fc.Arbitrary<Broken>, ({ label, model, record }) => {
					const { text, lines } = render(model);
					const { problems } = parse(text);
					expect(problems.length, label).toBeGreaterThan(0);
					expectProblemsWellFormed(problems, text);
					expect(
						problems.map((problem) => problem.line),
						label
					).toContain(lines[record]);
				}),
				{ seed: SEED, numRuns: 400 }
			);
		}
	);
});

// ---------------------------------------------------------------------------------------------
// Through ImportService and a real database.

type Database = Awaited<ReturnType<typeof testApp>>['database'];
const dump = dumpStoredTables;

/** A database with live responses, a respondent-level 2019 and an aggregate 2020 already in it. */
async function populated() {
	const { app, database } = await testApp({ clock: CLOCK });
	const waves = new WavesService(database, CLOCK);
	for (const id of ['2019', '2020', '2021'])
		await waves.create({
			id,
			name: id,
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: false
		});
	const imports = new ImportService(database, waves, CLOCK);
	await imports.import(
		'2019',
		'respondent',
		'feel_believed,who_would_you_talk_to,what_would_help\nagree,friend;teacher,"More, please 🙂"\ndisagree,no_one,\n'
	);
	await imports.import(
		'2020',
		'aggregate',
		'item,option,group,group_value,count\nfeel_believed,agree,,,61\nfeel_believed,disagree,,,39\n'
	);
	await postResponses(app, {
		responses: [
			aResponse(),
			aResponse({ mode: 'send', answers: { staff_care: 'yes', care_experienced: 'yes' } })
		]
	});
	return { database, imports };
}

async function expectRefusedAndUnchanged(
	database: Database,
	attempt: () => Promise<unknown>,
	expectedProblems: ImportProblem[]
) {
	const before = await dump(database);
	const error = await attempt().then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ImportError);
	expect((error as ImportError).code).toBe('invalid_file');
	expect((error as ImportError).problems).toEqual(expectedProblems);
	expect(await dump(database)).toEqual(before);
}

describe('ImportService: all or nothing, and exact', () => {
	it.each([
		['respondent-level', 'respondent', brokenRespondentFile, parseRespondentCsv],
		['aggregate', 'aggregate', brokenAggregateFile, parseAggregateCsv]
	] as const)(
		'stores nothing from a broken %s file: not into an empty wave, not when replacing a wave with data',
		async (_label, format, broken, parse) => {
			await fc.assert(
				fc.asyncProperty(
					broken as fc.Arbitrary<Broken>,
					fc.constantFrom('2019', '2020', '2021'),
					async ({ model }, wave) => {
						const { database, imports } = await populated();
						const { text } = render(model);
						await expectRefusedAndUnchanged(
							database,
							() => imports.import(wave, format, text, { replace: true }),
							parse(text).problems
						);
						database.client.close();
					}
				),
				{ seed: SEED, numRuns: 25 }
			);
		},
		30_000
	);

	it('stores nothing from arbitrary text in either format', async () => {
		const { database, imports } = await populated();
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), garbageCsv),
				fc.constantFrom('respondent', 'aggregate') as fc.Arbitrary<'respondent' | 'aggregate'>,
				async (text, format) => {
					const problems = (
						format === 'respondent' ? parseRespondentCsv(text) : parseAggregateCsv(text)
					).problems;
					// Garbage that happens to be a valid file is not this test's business.
					fc.pre(problems.length > 0);
					await expectRefusedAndUnchanged(
						database,
						() => imports.import('2019', format, text, { replace: true }),
						problems
					);
				}
			),
			{ seed: SEED, numRuns: 150 }
		);
	}, 30_000);

	it('imports a valid respondent-level file exactly: a row per data line, modes, text byte for byte; replacing leaves other waves alone', async () => {
		await fc.assert(
			fc.asyncProperty(
				respondentFile,
				fc.constantFrom('2019', '2021'),
				async ({ model, expected }, wave) => {
					const { database, imports } = await populated();
					const others = (await dump(database)).responses!.filter(
						(row) => !row.includes(`"wave_id":"${wave}"`)
					);
					const { text } = render(model);
					expect(await imports.import(wave, 'respondent', text, { replace: true })).toEqual({
						imported: expected.length
					});
					const rows = (
						await database.client.execute({
							sql: 'SELECT mode, answers_json FROM responses WHERE wave_id = ? ORDER BY rowid',
							args: [wave]
						})
					).rows;
					const stored = rows.map((row) => ({
						mode: String(row.mode),
						answers: JSON.parse(String(row.answers_json)) as Answers
					}));
					expect(stored).toEqual(expected);
					// Byte for byte: the same UTF-16 code units, emoji, Arabic and line breaks included.
					for (const [index, row] of stored.entries()) {
						const text = expected[index]!.answers.what_would_help;
						if (text !== undefined) expect(row.answers.what_would_help === text).toBe(true);
					}
					expectRowsValid(stored as { mode: Mode; answers: Answers }[]);
					expect(
						(await dump(database)).responses!.filter((row) => !row.includes(`"wave_id":"${wave}"`))
					).toEqual(others);
					database.client.close();
				}
			),
			{ seed: SEED, numRuns: 30 }
		);
	}, 30_000);

	it('imports a valid aggregate file exactly', async () => {
		await fc.assert(
			fc.asyncProperty(aggregateFile, async ({ model, rows }) => {
				const { database, imports } = await populated();
				expect(
					await imports.import('2020', 'aggregate', render(model).text, { replace: true })
				).toEqual({ imported: rows.length });
				const stored = (
					await database.client.execute(
						"SELECT item_code, option, group_item, group_value, count FROM baseline_counts WHERE wave_id = '2020'"
					)
				).rows.map(
					(row) =>
						`${String(row.item_code)}|${String(row.option)}|${String(row.group_item)}|${String(row.group_value)}|${String(row.count)}`
				);
				expect(stored.sort()).toEqual(
					rows
						.map(
							(row) =>
								`${row.item}|${row.option}|${row.group}|${row.groupValue}|${BigInt(row.count)}`
						)
						.sort()
				);
				database.client.close();
			}),
			{ seed: SEED, numRuns: 30 }
		);
	}, 30_000);
});

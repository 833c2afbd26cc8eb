import { parse as parseStream, type Info } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import {
	currentQuestionnaire,
	findItem,
	isSpecialAnswer,
	validateAnswer,
	MODES,
	type Answers,
	type Mode,
	type Questionnaire
} from '#survey';

/** A problem in an imported file, always with the line it is on. */
export interface ImportProblem {
	line: number;
	column?: string;
	message: string;
}

export interface RespondentRow {
	line: number;
	mode: Mode;
	answers: Answers;
}

export interface AggregateRow {
	line: number;
	item: string;
	option: string;
	group: string;
	groupValue: string;
	count: number;
}

export type ParsedFile<T> = { rows: T[]; problems: ImportProblem[] };

interface Record {
	fields: string[];
	line: number;
}

/**
 * The line (1-based, as an editor numbers them: CRLF, LF or a lone CR ends a line) on which the
 * record that follows byte `offset` starts: after the line break that ended the previous record and
 * any empty lines the parser skipped. Offsets only grow, so one pass over the bytes serves a file.
 */
function recordLines(bytes: Uint8Array): (offset: number) => number {
	// A byte order mark is not part of any line.
	let position = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
	let line = 1;
	const step = () => {
		const byte = bytes[position];
		if (byte === 0x0a || (byte === 0x0d && bytes[position + 1] !== 0x0a)) line++;
		position++;
	};
	return (offset) => {
		while (position < offset && position < bytes.length) step();
		while (position < bytes.length && (bytes[position] === 0x0a || bytes[position] === 0x0d))
			step();
		return line;
	};
}

/** UTF-8 with or without BOM, CRLF or LF, quoted fields with commas and newlines (RFC 4180). */
function readRecords(text: string): { records: Record[]; problems: ImportProblem[] } {
	// csv-parse counts a CRLF inside a quoted value as two lines and does not count the empty lines
	// it skips before a record, so lines are worked out here from the byte offsets it reports.
	const lineAfter = recordLines(new TextEncoder().encode(text));
	try {
		const parsed = parse(text, {
			bom: true,
			skip_empty_lines: true,
			relax_column_count: true,
			info: true
		}) as unknown as {
			record: string[];
			info: { bytes: number };
		}[];
		// info.bytes is where a record ends; the next one starts after it.
		let previousEnd = 0;
		const records = parsed.map(({ record, info }) => {
			const line = lineAfter(previousEnd);
			previousEnd = info.bytes;
			return { fields: record, line };
		});
		return { records, problems: [] };
	} catch (error) {
		// A parse error carries the offset where the last whole record ended: the bad one starts after it.
		const details = error as { bytes?: number; message?: string };
		const message = (details.message ?? String(error)).replace(/,? at line \d+/, '');
		return {
			records: [],
			problems: [
				{ line: lineAfter(details.bytes ?? 0), message: `The file is not valid CSV: ${message}` }
			]
		};
	}
}

/** How long the yielding parser runs before letting other requests in (ms); see readRecordsYielding. */
const SLICE_MS = 10;
/** Bytes handed to csv-parse at a time: about 2 ms of parsing on this machine. */
const CHUNK_BYTES = 64 * 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * readRecords without holding the event loop: csv-parse's stream parser is fed 64 KB at a time,
 * and the loop is handed back (setImmediate) whenever SLICE_MS have passed, so /health and survey
 * pages are answered while a 10 MB file is read (issue 12 item 4; bench/server-figures.ts
 * measures /health during a 10 MB preview). A worker thread was not used: the server runs under
 * tsx and vitest, where a .ts worker file needs its own loader, and the production build bundles
 * the server into one file; yielding keeps one code path everywhere at the cost of a slightly
 * longer preview. Same options and the same line numbering as readRecords.
 */
async function readRecordsYielding(
	text: string
): Promise<{ records: Record[]; problems: ImportProblem[] }> {
	const bytes = new TextEncoder().encode(text);
	const lineAfter = recordLines(bytes);
	const records: Record[] = [];
	let previousEnd = 0;
	const parser = parseStream({
		bom: true,
		skip_empty_lines: true,
		relax_column_count: true,
		info: true
	});
	let failure: unknown = null;
	parser.on('data', ({ record, info }: { record: string[]; info: Info }) => {
		const line = lineAfter(previousEnd);
		previousEnd = info.bytes;
		records.push({ fields: record, line });
	});
	const ended = new Promise<void>((resolve) => {
		parser.on('end', resolve);
		parser.on('error', (error) => {
			failure = error;
			resolve();
		});
	});
	let sliceStart = performance.now();
	for (let offset = 0; offset < bytes.length && failure === null; offset += CHUNK_BYTES) {
		parser.write(
			Buffer.from(
				bytes.buffer,
				bytes.byteOffset + offset,
				Math.min(CHUNK_BYTES, bytes.length - offset)
			)
		);
		if (performance.now() - sliceStart > SLICE_MS) {
			await nextTurn();
			sliceStart = performance.now();
		}
	}
	if (failure === null) parser.end();
	await ended;
	if (failure !== null) {
		const details = failure as { bytes?: number; message?: string };
		const message = (details.message ?? String(failure)).replace(/,? at line \d+/, '');
		return {
			records: [],
			problems: [
				{ line: lineAfter(details.bytes ?? 0), message: `The file is not valid CSV: ${message}` }
			]
		};
	}
	return { records, problems: [] };
}

/** Runs a parser's steps to the end at once. */
function runAtOnce<T>(steps: Generator<void, T>): T {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/** Runs a parser's steps, handing the event loop back every SLICE_MS. */
async function runYielding<T>(steps: Generator<void, T>): Promise<T> {
	let sliceStart = performance.now();
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		if (performance.now() - sliceStart > SLICE_MS) {
			await nextTurn();
			sliceStart = performance.now();
		}
	}
}

/** Records checked between looks at the clock. */
const RECORDS_PER_STEP = 200;

function readHeader(records: Record[], problems: ImportProblem[]): string[] | null {
	const header = records[0];
	if (!header) {
		problems.push({ line: 1, message: 'The file is empty' });
		return null;
	}
	const names = header.fields.map((name) => name.trim());
	const seen = new Set<string>();
	for (const name of names) {
		if (seen.has(name))
			problems.push({ line: header.line, column: name, message: `Column "${name}" appears twice` });
		seen.add(name);
	}
	return names;
}

/**
 * Respondent-level file: one row per respondent, one column per item code (multi-select values
 * separated by ";"), an optional "mode" column (standard = 5-point scale, easy_read/send = 3-point).
 */
export function parseRespondentCsv(
	text: string,
	definition: Questionnaire = currentQuestionnaire
): ParsedFile<RespondentRow> {
	const { records, problems } = readRecords(text);
	if (problems.length > 0) return { rows: [], problems };
	return runAtOnce(respondentSteps(records, definition));
}

/** parseRespondentCsv without blocking the server (see readRecordsYielding): the same result. */
export async function parseRespondentCsvYielding(
	text: string,
	definition: Questionnaire = currentQuestionnaire
): Promise<ParsedFile<RespondentRow>> {
	const { records, problems } = await readRecordsYielding(text);
	if (problems.length > 0) return { rows: [], problems };
	return runYielding(respondentSteps(records, definition));
}

function* respondentSteps(
	records: Record[],
	definition: Questionnaire
): Generator<void, ParsedFile<RespondentRow>> {
	const problems: ImportProblem[] = [];
	const header = readHeader(records, problems);
	if (!header) return { rows: [], problems };
	for (const name of header) {
		if (name !== 'mode' && !findItem(definition, name)) {
			problems.push({
				line: records[0]!.line,
				column: name,
				message: `"${name}" is not an item code of the questionnaire (nor "mode")`
			});
		}
	}
	if (problems.length > 0) return { rows: [], problems };
	const rows: RespondentRow[] = [];
	for (const [index, record] of records.entries()) {
		if (index === 0) continue;
		if (index % RECORDS_PER_STEP === 0) yield;
		if (record.fields.length !== header.length) {
			problems.push({
				line: record.line,
				message: `Expected ${header.length} values but found ${record.fields.length}`
			});
			continue;
		}
		const modeIndex = header.indexOf('mode');
		const modeValue =
			modeIndex === -1 ? 'standard' : record.fields[modeIndex]?.trim() || 'standard';
		if (!MODES.includes(modeValue as Mode)) {
			problems.push({
				line: record.line,
				column: 'mode',
				message: `mode "${modeValue}" must be one of ${MODES.join(', ')}`
			});
			continue;
		}
		const mode = modeValue as Mode;
		const answers: Answers = {};
		let isRowValid = true;
		header.forEach((column, index) => {
			if (column === 'mode') return;
			const item = findItem(definition, column)!;
			const raw = record.fields[index] ?? '';
			// Free text is kept byte for byte; other values are trimmed.
			if (item.type === 'text' ? raw === '' : raw.trim() === '') return;
			const value =
				item.type === 'multi' && !isSpecialAnswer(raw.trim())
					? raw
							.split(';')
							.map((option) => option.trim())
							.filter(Boolean)
					: item.type === 'text'
						? raw
						: raw.trim();
			const issue = validateAnswer(definition, item, value, mode);
			if (issue) {
				problems.push({ line: record.line, column, message: issue.message });
				isRowValid = false;
			} else answers[column] = value;
		});
		if (isRowValid) rows.push({ line: record.line, mode, answers });
	}
	return { rows, problems };
}

const AGGREGATE_COLUMNS = ['item', 'option', 'group', 'group_value', 'count'];

/** Aggregate file: item,option,group,group_value,count (group empty for the overall figures). */
export function parseAggregateCsv(
	text: string,
	definition: Questionnaire = currentQuestionnaire
): ParsedFile<AggregateRow> {
	const { records, problems } = readRecords(text);
	if (problems.length > 0) return { rows: [], problems };
	return runAtOnce(aggregateSteps(records, definition));
}

/** parseAggregateCsv without blocking the server (see readRecordsYielding): the same result. */
export async function parseAggregateCsvYielding(
	text: string,
	definition: Questionnaire = currentQuestionnaire
): Promise<ParsedFile<AggregateRow>> {
	const { records, problems } = await readRecordsYielding(text);
	if (problems.length > 0) return { rows: [], problems };
	return runYielding(aggregateSteps(records, definition));
}

function* aggregateSteps(
	records: Record[],
	definition: Questionnaire
): Generator<void, ParsedFile<AggregateRow>> {
	const problems: ImportProblem[] = [];
	const header = readHeader(records, problems);
	if (!header) return { rows: [], problems };
	for (const name of header) {
		if (!AGGREGATE_COLUMNS.includes(name))
			problems.push({
				line: records[0]!.line,
				column: name,
				message: `Unknown column "${name}"; expected ${AGGREGATE_COLUMNS.join(',')}`
			});
	}
	for (const name of AGGREGATE_COLUMNS) {
		if (!header.includes(name))
			problems.push({ line: records[0]!.line, column: name, message: `Missing column "${name}"` });
	}
	if (problems.length > 0) return { rows: [], problems };
	const column = (record: Record, name: string) =>
		(record.fields[header.indexOf(name)] ?? '').trim();
	const allScaleValues = new Set([...definition.scales.agree5, ...definition.scales.agree3]);
	const seen = new Set<string>();
	const rows: AggregateRow[] = [];
	for (const [index, record] of records.entries()) {
		if (index === 0) continue;
		if (index % RECORDS_PER_STEP === 0) yield;
		const [itemCode, option, group, groupValue, countText] = AGGREGATE_COLUMNS.map((name) =>
			column(record, name)
		) as [string, string, string, string, string];
		const rowProblems: ImportProblem[] = [];
		const item = findItem(definition, itemCode);
		if (!item || item.type === 'text')
			rowProblems.push({
				line: record.line,
				column: 'item',
				message: `"${itemCode}" is not a countable item code`
			});
		else {
			const isOption =
				(item.type === 'agree' && allScaleValues.has(option)) ||
				(item.options ?? []).includes(option) ||
				item.specials.includes(option as never) ||
				(item.type === 'multi' && option === '_respondents');
			if (!isOption)
				rowProblems.push({
					line: record.line,
					column: 'option',
					message: `"${option}" is not an option of ${itemCode}`
				});
		}
		if (group !== '') {
			const groupItem = findItem(definition, group);
			const isGroupValid =
				group === 'mode'
					? MODES.includes(groupValue as Mode)
					: groupItem?.section === 'about_you' &&
						[...(groupItem.options ?? []), 'prefer_not', 'not_stated'].includes(groupValue);
			if (!isGroupValid)
				rowProblems.push({
					line: record.line,
					column: 'group_value',
					message: `"${group}=${groupValue}" is not a breakdown group`
				});
		} else if (groupValue !== '')
			rowProblems.push({
				line: record.line,
				column: 'group_value',
				message: 'group_value must be empty when group is empty'
			});
		// Beyond 2^53 a count would not be stored exactly.
		if (!/^\d+$/.test(countText) || !Number.isSafeInteger(Number(countText))) {
			rowProblems.push({
				line: record.line,
				column: 'count',
				message: `count "${countText}" must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`
			});
		}
		const key = [itemCode, option, group, groupValue].join('|');
		if (seen.has(key))
			rowProblems.push({
				line: record.line,
				message: `This item, option and group already appear on an earlier line`
			});
		seen.add(key);
		if (rowProblems.length > 0) problems.push(...rowProblems);
		else
			rows.push({
				line: record.line,
				item: itemCode,
				option,
				group,
				groupValue,
				count: Number(countText)
			});
	}
	return { rows, problems };
}

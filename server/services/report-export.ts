import { currentQuestionnaire, MODES, type Questionnaire } from '#survey';
import { csvLine } from '../lib/csv.js';
import type { Cell, Comparison } from '../stats/index.js';
import type { BenchmarkReport, RespondentExport } from './benchmark.service.js';
import type { Labels } from './labels.js';
import type { Wave } from './waves.service.js';

/**
 * The exports as one tidy table each (docs/exports.md): one header of stable codes, one row per
 * observation, no preamble; the illustrative flag and provenance are columns. Hidden cells carry
 * no number, only status = suppressed. Every cell goes through csvCell (formula-safe).
 */
export interface Column {
	name: string;
	type: 'text' | 'integer' | 'number' | 'boolean' | 'datetime';
	meaning: string;
	allowed: string;
}

export const REPORT_COLUMNS: readonly Column[] = [
	{
		name: 'report_wave',
		type: 'text',
		meaning: 'The wave this report is about (its code).',
		allowed: 'a wave code'
	},
	{
		name: 'baseline_waves',
		type: 'text',
		meaning: 'The waves it is compared with, separated by ";".',
		allowed: 'wave codes; empty for none'
	},
	{
		name: 'breakdown',
		type: 'text',
		meaning: 'What the groups break the young people down by (code).',
		allowed: 'mode, an about-you item code, or empty for none'
	},
	{
		name: 'breakdown_label',
		type: 'text',
		meaning: 'The breakdown in words (the question as asked).',
		allowed: 'text; empty for none'
	},
	{
		name: 'filters',
		type: 'text',
		meaning:
			'Filters restricting every wave to the same young people, GROUP:VALUE separated by ";".',
		allowed: 'e.g. mode:standard; empty for none'
	},
	{
		name: 'filters_label',
		type: 'text',
		meaning: 'The filters in words.',
		allowed: 'text; empty for none'
	},
	{ name: 'wave', type: 'text', meaning: 'The wave this row describes.', allowed: 'a wave code' },
	{ name: 'wave_label', type: 'text', meaning: "The wave's name.", allowed: 'text' },
	{
		name: 'wave_role',
		type: 'text',
		meaning: "Whether the row's wave is the report wave or a baseline.",
		allowed: 'current | baseline'
	},
	{
		name: 'illustrative',
		type: 'boolean',
		meaning: 'Invented figures for demonstration, not real survey results.',
		allowed: 'yes | no'
	},
	{
		name: 'provenance',
		type: 'text',
		meaning:
			"Where the wave's data came from: the imported file (name, SHA-256, rows, who, when) or the survey.",
		allowed: 'text'
	},
	{
		name: 'item',
		type: 'text',
		meaning: 'The question (stable item code).',
		allowed: 'an agree or multi-select item code of the questionnaire'
	},
	{
		name: 'item_label',
		type: 'text',
		meaning: 'The question as young people read it (standard English wording).',
		allowed: 'text'
	},
	{
		name: 'outcome',
		type: 'integer',
		meaning: 'The Be Supported outcome the item measures.',
		allowed: '13 | 14 | 15 | 16'
	},
	{ name: 'outcome_label', type: 'text', meaning: 'The outcome in words.', allowed: 'text' },
	{
		name: 'group',
		type: 'text',
		meaning: 'The group of young people (code); "all" without a breakdown.',
		allowed: 'all, an option code, prefer_not or not_stated'
	},
	{
		name: 'group_label',
		type: 'text',
		meaning: 'The group in words, as the questionnaire words the answer.',
		allowed: 'text'
	},
	{
		name: 'statistic_set',
		type: 'text',
		meaning:
			"What the row holds: an agree item's % positive in one wave, a multi-select option's % in one wave, or the change between the report wave and one baseline.",
		allowed: 'agree | multi_option | comparison'
	},
	{
		name: 'option',
		type: 'text',
		meaning: 'The multi-select option (code); empty otherwise.',
		allowed: 'an option code of the item'
	},
	{ name: 'option_label', type: 'text', meaning: 'The option in words.', allowed: 'text' },
	{
		name: 'status',
		type: 'text',
		meaning:
			'shown: the figures are given; suppressed: hidden to protect a small group (no number is given, whatever hid it); no_data: a comparison with no baseline figure.',
		allowed: 'shown | suppressed | no_data'
	},
	{
		name: 'n',
		type: 'integer',
		meaning:
			'agree: valid answers (the denominator, special answers excluded); multi_option: young people who chose at least one option.',
		allowed: '≥ 10; empty unless shown'
	},
	{
		name: 'positive',
		type: 'integer',
		meaning:
			'agree: positive answers (agree, strongly agree, yes); multi_option: young people who chose the option.',
		allowed: 'integer; empty unless shown'
	},
	{
		name: 'pct',
		type: 'number',
		meaning: 'positive ÷ n, as a proportion.',
		allowed: '0 to 1, 4 decimals; empty unless shown'
	},
	{
		name: 'ci_lower',
		type: 'number',
		meaning: 'Lower limit of the Wilson 95% interval of pct.',
		allowed: '0 to 1; empty unless shown'
	},
	{
		name: 'ci_upper',
		type: 'number',
		meaning: 'Upper limit of the Wilson 95% interval of pct.',
		allowed: '0 to 1; empty unless shown'
	},
	{
		name: 'low_base',
		type: 'boolean',
		meaning: 'agree: n is under 30, so read pct with care.',
		allowed: 'yes | no; empty unless a shown agree row'
	},
	{
		name: 'dont_know',
		type: 'integer',
		meaning: 'agree: "I don\'t know" answers (not in n).',
		allowed: 'integer ≥ 10; empty when hidden or not an agree row'
	},
	{
		name: 'dont_understand',
		type: 'integer',
		meaning: 'agree: "I don\'t understand the question" answers (not in n).',
		allowed: 'integer ≥ 10; empty when hidden or not an agree row'
	},
	{
		name: 'prefer_not',
		type: 'integer',
		meaning: 'agree: "I\'d prefer not to say" answers (not in n).',
		allowed: 'integer ≥ 10; empty when hidden or not an agree row'
	},
	{
		name: 'compared_with',
		type: 'text',
		meaning: 'comparison: the baseline wave (code).',
		allowed: 'a wave code; empty otherwise'
	},
	{
		name: 'difference_points',
		type: 'number',
		meaning: 'comparison: report wave pct minus baseline pct, in percentage points.',
		allowed: '-100 to 100, 2 decimals; empty unless shown'
	},
	{
		name: 'diff_ci_lower',
		type: 'number',
		meaning:
			'comparison: lower limit of the Newcombe hybrid score 95% interval of the difference, in points.',
		allowed: 'empty unless shown'
	},
	{
		name: 'diff_ci_upper',
		type: 'number',
		meaning: 'comparison: upper limit of that interval, in points.',
		allowed: 'empty unless shown'
	},
	{
		name: 'p_value',
		type: 'number',
		meaning: 'comparison: two-sided pooled two-proportion z-test p-value, unadjusted.',
		allowed: '0 to 1, 6 significant figures; empty unless shown'
	},
	{
		name: 'q_value',
		type: 'number',
		meaning:
			'comparison: Benjamini–Hochberg adjusted p-value over every shown comparison of this report.',
		allowed: '0 to 1; empty unless shown'
	},
	{
		name: 'significant',
		type: 'boolean',
		meaning: 'comparison: q_value < 0.05.',
		allowed: 'yes | no; empty unless shown'
	},
	{
		name: 'direction',
		type: 'text',
		meaning: 'comparison: the change, decided by q_value < 0.05.',
		allowed: 'improved | declined | no_significant_change; empty unless shown'
	},
	{
		name: 'headline',
		type: 'text',
		meaning: 'comparison: the plain-English sentence the dashboard shows.',
		allowed: 'text; empty otherwise'
	},
	{
		name: 'generated_at',
		type: 'datetime',
		meaning: 'When the report was produced (UTC, ISO 8601).',
		allowed: 'e.g. 2026-12-02T01:00:00.000Z'
	}
];

const round = (value: number, places: number) => Number(value.toFixed(places));
const precise = (value: number) => Number(value.toPrecision(6));
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Where a wave's data came from: the imported file (name, SHA-256, rows, who, when), or the survey. */
export function provenanceText(wave: Wave): string {
	const source = wave.provenance;
	if (!source) return `${wave.id}: collected by the survey`;
	return `${wave.id}: ${source.fileName} sha256 ${source.sha256} rows ${source.rows} by ${source.importedByEmail ?? source.importedBy} at ${source.importedAt}`;
}

type Row = Partial<Record<string, unknown>>;

const cellFigures = (cell: Cell): Row =>
	cell.status === 'shown'
		? {
				status: 'shown',
				n: cell.n,
				positive: cell.positive,
				pct: round(cell.pct, 4),
				ci_lower: round(cell.ci.lower, 4),
				ci_upper: round(cell.ci.upper, 4),
				low_base: yesNo(cell.lowBase),
				dont_know: cell.excluded.dont_know,
				dont_understand: cell.excluded.dont_understand,
				prefer_not: cell.excluded.prefer_not
			}
		: { status: 'suppressed' };

const comparisonFigures = (comparison: Comparison): Row =>
	comparison.status === 'shown'
		? {
				status: 'shown',
				difference_points: round(comparison.differencePoints, 2),
				diff_ci_lower: round(comparison.ci.lower, 2),
				diff_ci_upper: round(comparison.ci.upper, 2),
				p_value: precise(comparison.p),
				q_value: precise(comparison.q),
				significant: yesNo(comparison.significant),
				direction: comparison.direction
			}
		: { status: comparison.status };

/** The benchmark report as one tidy table (REPORT_COLUMNS). */
export function reportToCsv(report: BenchmarkReport): string {
	const waves = new Map([report.wave, ...report.baselines].map((wave) => [wave.id, wave]));
	const common: Row = {
		report_wave: report.wave.id,
		baseline_waves: report.baselines.map((wave) => wave.id).join(';'),
		breakdown: report.by ?? '',
		breakdown_label: report.byLabel ?? '',
		filters: report.filters.map((filter) => `${filter.group}:${filter.value}`).join(';'),
		filters_label: report.filters.map((filter) => filter.label).join('; '),
		generated_at: report.generatedAt
	};
	const waveColumns = (id: string): Row => {
		const wave = waves.get(id)!;
		return {
			wave: wave.id,
			wave_label: wave.name,
			wave_role: id === report.wave.id ? 'current' : 'baseline',
			illustrative: yesNo(wave.isIllustrative),
			provenance: provenanceText(wave)
		};
	};
	const lines = [csvLine(REPORT_COLUMNS.map((column) => column.name))];
	const push = (row: Row) =>
		lines.push(csvLine(REPORT_COLUMNS.map((column) => row[column.name] ?? '')));
	for (const item of report.agreeItems) {
		const itemColumns: Row = {
			item: item.item,
			item_label: item.label,
			outcome: item.outcome,
			outcome_label: item.outcomeLabel
		};
		for (const group of item.groups) {
			const groupColumns: Row = { group: group.group, group_label: group.label };
			for (const [id, cell] of Object.entries(group.cells))
				push({
					...common,
					...waveColumns(id),
					...itemColumns,
					...groupColumns,
					statistic_set: 'agree',
					...cellFigures(cell)
				});
			for (const [baseline, comparison] of Object.entries(group.comparisons))
				push({
					...common,
					...waveColumns(report.wave.id),
					...itemColumns,
					...groupColumns,
					statistic_set: 'comparison',
					compared_with: baseline,
					...comparisonFigures(comparison),
					headline: group.headlines[baseline]
				});
		}
	}
	for (const item of report.multiItems) {
		for (const group of item.groups) {
			for (const [id, cells] of Object.entries(group.waves)) {
				for (const option of cells.options) {
					const shown =
						option.status === 'shown' && cells.denominator.status === 'shown'
							? {
									status: 'shown',
									n: cells.denominator.n,
									positive: option.count,
									pct: round(option.pct!, 4),
									ci_lower: round(option.ci!.lower, 4),
									ci_upper: round(option.ci!.upper, 4)
								}
							: { status: 'suppressed' };
					push({
						...common,
						...waveColumns(id),
						item: item.item,
						item_label: item.label,
						outcome: item.outcome,
						outcome_label: item.outcomeLabel,
						group: group.group,
						group_label: group.label,
						statistic_set: 'multi_option',
						option: option.option,
						option_label: option.label,
						...shown
					});
				}
			}
		}
	}
	return lines.join('\r\n') + '\r\n';
}

/** The fixed columns of the respondent-level export, before one column per questionnaire item. */
export const RESPONDENT_COLUMNS: readonly Column[] = [
	{
		name: 'wave',
		type: 'text',
		meaning: 'The wave the response belongs to (code).',
		allowed: 'a wave code'
	},
	{ name: 'wave_label', type: 'text', meaning: "The wave's name.", allowed: 'text' },
	{
		name: 'illustrative',
		type: 'boolean',
		meaning: 'Invented responses for demonstration, not real survey data.',
		allowed: 'yes | no'
	},
	{
		name: 'provenance',
		type: 'text',
		meaning: "Where the wave's data came from: the imported file or the survey.",
		allowed: 'text'
	},
	{ name: 'id', type: 'text', meaning: "The response's identifier.", allowed: 'text' },
	{
		name: 'mode',
		type: 'text',
		meaning:
			'How the survey was done: standard (5-point scale), easy_read or send (3-point scale).',
		allowed: MODES.join(' | ')
	},
	{
		name: 'locale',
		type: 'text',
		meaning: 'The language the survey was done in.',
		// The engine's list: a language added there is in the dictionary without touching this.
		allowed: currentQuestionnaire.locales.join(' | ')
	},
	{
		name: 'session_code',
		type: 'text',
		meaning: 'The rep session it was done in, if any.',
		allowed: 'a session code; empty for none'
	},
	{
		name: 'received_at',
		type: 'datetime',
		meaning: 'When the server received it (UTC, ISO 8601).',
		allowed: 'datetime'
	},
	{ name: 'source', type: 'text', meaning: 'How it reached the server.', allowed: 'text' },
	{
		name: 'flags',
		type: 'text',
		meaning: 'Quality flags, separated by ";".',
		allowed: 'text; empty for none'
	}
];

export function respondentsToCsv(data: RespondentExport): string {
	const lines = [csvLine([...RESPONDENT_COLUMNS.map((column) => column.name), ...data.items])];
	const provenance = provenanceText(data.wave);
	for (const row of data.rows)
		lines.push(
			csvLine([
				data.wave.id,
				data.wave.name,
				yesNo(data.wave.isIllustrative),
				provenance,
				row.id,
				row.mode,
				row.locale,
				row.sessionCode,
				row.receivedAt,
				row.source,
				row.flags.join(';'),
				...data.items.map((code) => row.answers[code])
			])
		);
	return lines.join('\r\n') + '\r\n';
}

/** One item's column in the respondent-level export, with its wording and allowed values. */
function itemColumn(definition: Questionnaire, labels: Labels, code: string): Column {
	const item = definition.items.find((entry) => entry.code === code)!;
	const values = (codes: readonly string[]) =>
		codes.map((value) => `${value} (${labels.option(code, value)})`).join(' | ');
	const specials = item.specials.length ? ` | ${values(item.specials)}` : '';
	const scale = () => {
		const five = definition.scales.agree5.map(
			(value) => `${value} (${labels.scale('agree5', value)})`
		);
		const three = definition.scales.agree3.map(
			(value) => `${value} (${labels.scale('agree3', value)})`
		);
		return `standard mode: ${five.join(' | ')}; easy_read and send: ${three.join(' | ')}`;
	};
	const allowed =
		item.type === 'agree'
			? `${scale()}${specials}; empty when skipped`
			: item.type === 'multi'
				? `one or more of ${values(item.options ?? [])}, separated by ";"${specials}; empty when skipped`
				: item.type === 'single'
					? `${values(item.options ?? [])}${specials}; empty when skipped`
					: `free text, up to ${item.maxLength ?? 0} characters; empty when skipped`;
	return {
		name: code,
		type: 'text',
		meaning: `${labels.item(code)}${item.outcome ? ` (${labels.outcome(item.outcome)})` : ''}`,
		allowed
	};
}

/** The data dictionary of an export, as CSV: column, type, meaning, allowed values. */
export function dictionaryCsv(
	level: 'aggregate' | 'respondent',
	definition: Questionnaire,
	labels: Labels
): string {
	const columns =
		level === 'aggregate'
			? REPORT_COLUMNS
			: [
					...RESPONDENT_COLUMNS,
					...definition.items.map((item) => itemColumn(definition, labels, item.code))
				];
	const lines = [csvLine(['column', 'type', 'meaning', 'allowed_values'])];
	for (const column of columns)
		lines.push(csvLine([column.name, column.type, column.meaning, column.allowed]));
	return lines.join('\r\n') + '\r\n';
}

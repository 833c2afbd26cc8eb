import { SPECIAL_ANSWERS, type SpecialAnswer } from '#survey';
import {
	PROTECTION_WIDTH,
	complementarySuppression,
	hiddenRanges,
	isProtected,
	type Family,
	type Relation
} from './protection.js';
import { cellRanges, protectTwoWay, type Table } from './two-way.js';

/** ONS threshold rule: a count of fewer than 10 young people (zero included) is never shown. */
export const MIN_COUNT = 10;
/** A shown group this small in which everyone or no one gave an answer tells each member's answer. */
export const ATTRIBUTE_BASE = 30;
/**
 * What every hidden cell says, whatever hid it: a reader cannot tell a cell under 10 from a
 * complement, so a hidden cell is only known to be a count ≥ 0.
 */
export const HIDDEN_LABEL = 'not shown, to protect a small group';
/** Said only of a release's own total, the one hidden figure that is certainly under 10. */
export const FEWER_THAN_10 = 'fewer than 10';

/** The special answers, excluded from the denominator and counted apart: the engine's list. */
export const EXCLUDED_CATEGORIES = SPECIAL_ANSWERS;
export type ExcludedCategory = SpecialAnswer;

/** One agree item's counts for one group: valid answers, positive ones, and the special answers. */
export interface AgreeCounts {
	n: number;
	positive: number;
	excluded: Record<ExcludedCategory, number>;
}

export interface AgreeDecision {
	/** n, positive, % and interval are shown or hidden together. */
	shown: boolean;
	excludedShown: Record<ExcludedCategory, boolean>;
}

/** Everyone or no one in a small shown group gave the positive answer: each member's is known. */
function revealsEveryAnswer(count: number, base: number): boolean {
	return base < ATTRIBUTE_BASE && (count === 0 || count === base);
}

function agreeCellSafeAlone(counts: AgreeCounts): boolean {
	return counts.n >= MIN_COUNT && !revealsEveryAnswer(counts.positive, counts.n);
}

/** The overall cell of an agree item, decided on its own (it is published without a breakdown). */
export function decideAgreeOverall(counts: AgreeCounts): AgreeDecision {
	return {
		shown: agreeCellSafeAlone(counts),
		excludedShown: Object.fromEntries(
			EXCLUDED_CATEGORIES.map((category) => [
				category,
				agreeCellSafeAlone(counts) && counts.excluded[category] >= MIN_COUNT
			])
		) as Record<ExcludedCategory, boolean>
	};
}

/**
 * One agree item in one wave, broken down by groups that add up to the overall figure (a
 * "not stated" group included). The overall decision is the one the release without a breakdown
 * makes, so both releases agree; complements are chosen among the groups.
 */
export function protectAgree(
	overall: AgreeCounts,
	groups: readonly AgreeCounts[]
): { overall: AgreeDecision; groups: AgreeDecision[] } {
	const overallDecision = decideAgreeOverall(overall);
	const relation = (total: number, parts: number[]): Relation => ({
		total,
		totalShown: overallDecision.shown,
		parts
	});
	const cells: Family = {
		relations: [
			relation(
				overall.n,
				groups.map((group) => group.n)
			),
			relation(
				overall.positive,
				groups.map((group) => group.positive)
			),
			relation(
				overall.n - overall.positive,
				groups.map((group) => group.n - group.positive)
			)
		],
		primary: groups.map((group) => !agreeCellSafeAlone(group)),
		sizes: groups.map((group) => group.n)
	};
	const cellHidden = complementarySuppression(cells);
	const excludedHidden = Object.fromEntries(
		EXCLUDED_CATEGORIES.map((category) => {
			const parts = groups.map((group) => group.excluded[category]);
			const family: Family = {
				relations: [
					{
						total: overall.excluded[category],
						totalShown: overallDecision.excludedShown[category],
						parts
					}
				],
				// A hidden cell publishes none of its figures, its special answers included.
				primary: parts.map((part, index) => part < MIN_COUNT || cellHidden[index]!),
				sizes: groups.map((group) => group.n + group.excluded[category])
			};
			return [category, complementarySuppression(family)];
		})
	) as Record<ExcludedCategory, boolean[]>;
	return {
		overall: overallDecision,
		groups: groups.map((_, index) => ({
			shown: !cellHidden[index],
			excludedShown: Object.fromEntries(
				EXCLUDED_CATEGORIES.map((category) => [category, !excludedHidden[category][index]])
			) as Record<ExcludedCategory, boolean>
		}))
	};
}

/** One multi-select item's counts for one group: who answered it, and who chose each option. */
export interface MultiCounts {
	respondents: number;
	options: readonly number[];
}

export interface MultiDecision {
	respondentsShown: boolean;
	optionsShown: boolean[];
}

function optionSafeAlone(count: number, respondents: number): boolean {
	return count >= MIN_COUNT && !revealsEveryAnswer(count, respondents);
}

export function decideMultiOverall(counts: MultiCounts): MultiDecision {
	const respondentsShown = counts.respondents >= MIN_COUNT;
	return {
		respondentsShown,
		optionsShown: counts.options.map(
			(count) => respondentsShown && optionSafeAlone(count, counts.respondents)
		)
	};
}

/**
 * A multi-select item by groups: the respondents add up across groups, and so does each option's
 * count. A group's options are hidden with its respondents (a share of fewer than 10 is never
 * shown), and an option's count is at most its group's respondents, which a reader may use.
 */
export function protectMulti(
	overall: MultiCounts,
	groups: readonly MultiCounts[]
): { overall: MultiDecision; groups: MultiDecision[] } {
	const overallDecision = decideMultiOverall(overall);
	const respondents: Relation = {
		total: overall.respondents,
		totalShown: overallDecision.respondentsShown,
		parts: groups.map((group) => group.respondents)
	};
	const empty = groups.map((group) => group.respondents === 0);
	// A group's respondents bound its option counts, so an option can be pinned through them (10
	// of 10 chose it): such a group's respondents are hidden too, and the options decided again.
	const forced = groups.map((group) => group.respondents < MIN_COUNT);
	let respondentsHidden: boolean[];
	let optionsHidden: boolean[][];
	for (;;) {
		respondentsHidden = complementarySuppression({
			relations: [respondents],
			primary: forced,
			sizes: groups.map((group) => group.respondents)
		});
		const respondentsRange = hiddenRanges(respondents, respondentsHidden);
		const upper = groups.map((group, index) =>
			respondentsHidden[index] ? (respondentsRange.get(index)?.upper ?? null) : group.respondents
		);
		const bounds = upper.map((bound) => (bound !== null && Number.isFinite(bound) ? bound : null));
		const shownRespondents = groups.reduce(
			(sum, group, index) => (respondentsHidden[index] ? sum : sum + group.respondents),
			0
		);
		const poolCapacity = overallDecision.respondentsShown
			? overall.respondents - shownRespondents
			: null;
		const families = overall.options.map((total, option): Family => ({
			relations: [
				{
					total,
					totalShown: overallDecision.optionsShown[option]!,
					parts: groups.map((group) => group.options[option] ?? 0),
					upper: bounds,
					pooled: respondentsHidden,
					poolCapacity
				}
			],
			primary: groups.map(
				(group, index) =>
					respondentsHidden[index]! ||
					!optionSafeAlone(group.options[option] ?? 0, group.respondents)
			),
			sizes: groups.map((group) => group.respondents)
		}));
		optionsHidden = families.map((family) => complementarySuppression(family));
		let changed = false;
		families.forEach((family, option) => {
			const relation = family.relations[0]!;
			if (isProtected(relation, optionsHidden[option]!, empty)) return;
			for (const [index, range] of hiddenRanges(relation, optionsHidden[option]!)) {
				if (!empty[index] && range.upper - range.lower < PROTECTION_WIDTH && !forced[index])
					forced[index] = changed = true;
			}
		});
		if (!changed) break;
	}
	return {
		overall: overallDecision,
		groups: groups.map((_, index) => ({
			respondentsShown: !respondentsHidden[index],
			optionsShown: optionsHidden.map((hidden) => !hidden[index])
		}))
	};
}

/**
 * Plain counts of responses (live views): a total and breakdowns of it (by mode, by day), each
 * adding up to the total. Every count under 10 is hidden, with complements so none can be
 * worked out from the total.
 */
export function protectCounts(
	total: number,
	breakdowns: readonly (readonly number[])[]
): { totalShown: boolean; shown: boolean[][] } {
	const totalShown = total >= MIN_COUNT;
	return {
		totalShown,
		shown: breakdowns.map((parts) =>
			complementarySuppression({
				relations: [{ total, totalShown, parts }],
				primary: parts.map((part) => part < MIN_COUNT),
				sizes: parts
			}).map((hidden) => !hidden)
		)
	};
}

/** A single count published on its own (free-text answers, a session's responses). */
export function countShown(count: number): boolean {
	return count >= MIN_COUNT;
}

/**
 * A two-way table of counts for one item: the young people of each row group × column group
 * (a filter within a breakdown, or two filters), with both breakdowns and the overall figure.
 * cells[row][column].
 */
export interface TwoWayCounts<T> {
	overall: T;
	rows: readonly T[];
	columns: readonly T[];
	cells: readonly (readonly T[])[];
}

const grid = <T, U>(cells: readonly (readonly T[])[], pick: (cell: T) => U): U[][] =>
	cells.map((row) => row.map(pick));

/**
 * An agree item's two-way table. The margins are decided as the one-way breakdowns decide them
 * (so every release agrees), and the cells are protected as one table with those margins
 * (two-way.ts): positive and not-positive are two tables over the same cells (n is their sum, and
 * group sizes are not published, so nothing else links them).
 */
export function protectAgreeTwoWay(table: TwoWayCounts<AgreeCounts>): AgreeDecision[][] {
	const overallDecision = decideAgreeOverall(table.overall);
	const rowDecisions = protectAgree(table.overall, table.rows).groups;
	const columnDecisions = protectAgree(table.overall, table.columns).groups;
	const statistic = (
		pick: (counts: AgreeCounts) => number,
		shown: (decision: AgreeDecision) => boolean,
		totalShown: boolean
	): Table => ({
		cells: grid(table.cells, pick),
		rows: table.rows.map(pick),
		rowsShown: rowDecisions.map(shown),
		columns: table.columns.map(pick),
		columnsShown: columnDecisions.map(shown),
		total: pick(table.overall),
		totalShown
	});
	const cellHidden = protectTwoWay({
		tables: [
			statistic(
				(counts) => counts.positive,
				(decision) => decision.shown,
				overallDecision.shown
			),
			statistic(
				(counts) => counts.n - counts.positive,
				(decision) => decision.shown,
				overallDecision.shown
			)
		],
		primary: grid(table.cells, (counts) => !agreeCellSafeAlone(counts)),
		sizes: grid(table.cells, (counts) => counts.n),
		safeWhenAllHidden: true
	}).hidden;
	const excludedHidden = Object.fromEntries(
		EXCLUDED_CATEGORIES.map((category) => [
			category,
			protectTwoWay({
				tables: [
					statistic(
						(counts) => counts.excluded[category],
						(decision) => decision.excludedShown[category],
						overallDecision.excludedShown[category]
					)
				],
				// A hidden cell publishes none of its figures, its special answers included.
				primary: table.cells.map((row, rowIndex) =>
					row.map(
						(counts, column) =>
							counts.excluded[category] < MIN_COUNT || cellHidden[rowIndex]![column]!
					)
				),
				sizes: grid(table.cells, (counts) => counts.n + counts.excluded[category]),
				safeWhenAllHidden: true
			}).hidden
		])
	) as Record<ExcludedCategory, boolean[][]>;
	return table.cells.map((row, rowIndex) =>
		row.map((_, column) => ({
			shown: !cellHidden[rowIndex]![column],
			excludedShown: Object.fromEntries(
				EXCLUDED_CATEGORIES.map((category) => [
					category,
					!excludedHidden[category][rowIndex]![column]
				])
			) as Record<ExcludedCategory, boolean>
		}))
	);
}

/**
 * A multi-select item's two-way table: the respondents as one table (bounded below by each
 * option's count), then each option as a table bounded above by the cell's respondents. Where
 * an option stays narrow with every one of its cells hidden (the respondents shown beside it
 * bound it), those cells' respondents are hidden too and everything decided again.
 */
export function protectMultiTwoWay(table: TwoWayCounts<MultiCounts>): MultiDecision[][] {
	const overallDecision = decideMultiOverall(table.overall);
	const rowDecisions = protectMulti(table.overall, table.rows).groups;
	const columnDecisions = protectMulti(table.overall, table.columns).groups;
	const optionCount = table.overall.options.length;
	const forced = grid(table.cells, (counts) => counts.respondents < MIN_COUNT);
	const respondents = grid(table.cells, (counts) => counts.respondents);
	for (;;) {
		const respondentsTable: Table = {
			cells: respondents,
			rows: table.rows.map((counts) => counts.respondents),
			rowsShown: rowDecisions.map((decision) => decision.respondentsShown),
			columns: table.columns.map((counts) => counts.respondents),
			columnsShown: columnDecisions.map((decision) => decision.respondentsShown),
			total: table.overall.respondents,
			totalShown: overallDecision.respondentsShown,
			lower: grid(table.cells, (counts) => Math.max(0, ...counts.options))
		};
		const respondentsHidden = protectTwoWay({
			tables: [respondentsTable],
			primary: forced,
			sizes: respondents,
			safeWhenAllHidden: true
		}).hidden;
		// What a reader knows bounds each option: the respondents where shown, else the most the
		// hidden respondents can be (as protectMulti does for one-way breakdowns).
		const respondentsRanges = cellRanges(respondentsTable, respondentsHidden);
		const optionBound = respondents.map((row, rowIndex) =>
			row.map((value, column) => {
				const range = respondentsRanges[rowIndex]![column];
				return range ? (Number.isFinite(range.upper) ? range.upper : null) : value;
			})
		);
		const exposed: { row: number; column: number }[] = [];
		const optionsHidden = Array.from({ length: optionCount }, (_, option) => {
			const pick = (counts: MultiCounts) => counts.options[option] ?? 0;
			const protection = protectTwoWay({
				tables: [
					{
						cells: grid(table.cells, pick),
						rows: table.rows.map(pick),
						rowsShown: rowDecisions.map((decision) => decision.optionsShown[option]!),
						columns: table.columns.map(pick),
						columnsShown: columnDecisions.map((decision) => decision.optionsShown[option]!),
						total: pick(table.overall),
						totalShown: overallDecision.optionsShown[option]!,
						upper: optionBound
					}
				],
				primary: table.cells.map((row, rowIndex) =>
					row.map(
						(counts, column) =>
							respondentsHidden[rowIndex]![column]! ||
							!optionSafeAlone(pick(counts), counts.respondents)
					)
				),
				sizes: respondents,
				safeWhenAllHidden: false
			});
			exposed.push(...protection.exposed);
			return protection.hidden;
		});
		// Widen the respondents that bound an exposed option, step by step: its own cell, then its
		// row and column, then every cell (the bound then comes from the margins alone).
		const force = (cells: { row: number; column: number }[]) => {
			let changed = false;
			for (const { row, column } of cells)
				if (!forced[row]![column]) forced[row]![column] = changed = true;
			return changed;
		};
		const lines = exposed.flatMap(({ row, column }) =>
			table.cells.flatMap((values, r) =>
				values.flatMap((_, c) => (r === row || c === column ? [{ row: r, column: c }] : []))
			)
		);
		const every = table.cells.flatMap((values, row) =>
			values.map((_, column) => ({ row, column }))
		);
		const changed = exposed.length > 0 && (force(exposed) || force(lines) || force(every));
		if (!changed)
			return table.cells.map((row, rowIndex) =>
				row.map((_, column) => ({
					respondentsShown: !respondentsHidden[rowIndex]![column],
					optionsShown: optionsHidden.map((hidden) => !hidden[rowIndex]![column])
				}))
			);
	}
}

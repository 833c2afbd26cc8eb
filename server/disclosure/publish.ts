import {
	isLowBase,
	wilsonInterval,
	type Cell,
	type CellCounts,
	type OptionCell,
	type ShownCell
} from '../stats/index.js';
import {
	EXCLUDED_CATEGORIES,
	FEWER_THAN_10,
	HIDDEN_LABEL,
	countShown,
	protectAgree,
	protectCounts,
	protectMulti,
	protectAgreeTwoWay,
	protectMultiTwoWay,
	type AgreeDecision,
	type TwoWayCounts,
	type MultiCounts,
	type MultiDecision
} from './release.js';

/**
 * The figures a release publishes, built only from the decisions of release.ts: a hidden cell
 * carries no number at all, so nothing downstream (API, dashboard, CSV, print) can leak it.
 */
export interface HiddenCell {
	status: 'suppressed';
	label: typeof HIDDEN_LABEL;
}
export const HIDDEN: HiddenCell = Object.freeze({
	status: 'suppressed',
	label: HIDDEN_LABEL
}) as HiddenCell;

function agreeCell(counts: CellCounts, decision: AgreeDecision): Cell {
	if (!decision.shown) return { ...HIDDEN };
	const cell: ShownCell = {
		status: 'shown',
		n: counts.n,
		positive: counts.positive,
		pct: counts.positive / counts.n,
		ci: wilsonInterval(counts.positive, counts.n)!,
		lowBase: isLowBase(counts.n),
		excluded: Object.fromEntries(
			EXCLUDED_CATEGORIES.map((category) => [
				category,
				decision.excludedShown[category] ? counts.excluded[category] : null
			])
		) as ShownCell['excluded']
	};
	return cell;
}

/** An agree item in one wave: the overall cell and, for a breakdown, each group's. */
export function publishAgree(
	overall: CellCounts,
	groups: readonly CellCounts[] = []
): { overall: Cell; groups: Cell[] } {
	const decisions = protectAgree(overall, groups);
	return {
		overall: agreeCell(overall, decisions.overall),
		groups: groups.map((group, index) => agreeCell(group, decisions.groups[index]!))
	};
}

export interface MultiCell {
	denominator: Cell;
	options: OptionCell[];
}

function multiCell(
	options: readonly string[],
	counts: MultiCounts,
	decision: MultiDecision
): MultiCell {
	if (!decision.respondentsShown)
		return {
			denominator: { ...HIDDEN },
			options: options.map((option) => ({ option, status: 'suppressed' }))
		};
	const denominator: ShownCell = {
		status: 'shown',
		n: counts.respondents,
		positive: counts.respondents,
		pct: 1,
		ci: wilsonInterval(counts.respondents, counts.respondents)!,
		lowBase: isLowBase(counts.respondents),
		excluded: { dont_know: null, dont_understand: null, prefer_not: null }
	};
	return {
		denominator,
		options: options.map((option, index): OptionCell => {
			const count = counts.options[index] ?? 0;
			return decision.optionsShown[index]
				? {
						option,
						status: 'shown',
						count,
						pct: count / counts.respondents,
						ci: wilsonInterval(count, counts.respondents)!
					}
				: { option, status: 'suppressed' };
		})
	};
}

/** A multi-select item in one wave: % of those who answered it choosing each option. */
export function publishMulti(
	options: readonly string[],
	overall: MultiCounts,
	groups: readonly MultiCounts[] = []
): { overall: MultiCell; groups: MultiCell[] } {
	const decisions = protectMulti(overall, groups);
	return {
		overall: multiCell(options, overall, decisions.overall),
		groups: groups.map((group, index) => multiCell(options, group, decisions.groups[index]!))
	};
}

/** A published count: the number, or the label that replaces it. */
export type CountCell = { status: 'shown'; n: number } | { status: 'suppressed'; label: string };

/** A count published on its own: under 10 it is "fewer than 10" (true, and nothing else to combine). */
export function publishCount(count: number): CountCell {
	return countShown(count)
		? { status: 'shown', n: count }
		: { status: 'suppressed', label: FEWER_THAN_10 };
}

/** A total and breakdowns of it (live counts by mode and by day). */
export function publishCounts(
	total: number,
	breakdowns: readonly (readonly number[])[]
): { total: CountCell; breakdowns: CountCell[][] } {
	const decisions = protectCounts(total, breakdowns);
	return {
		total: decisions.totalShown
			? { status: 'shown', n: total }
			: { status: 'suppressed', label: FEWER_THAN_10 },
		breakdowns: breakdowns.map((parts, table) =>
			parts.map((n, index): CountCell =>
				decisions.shown[table]![index]
					? { status: 'shown', n }
					: { status: 'suppressed', label: HIDDEN_LABEL }
			)
		)
	};
}

/** A figure shown only where two protections of the same cell both show it. */
function bothShowAgree(first: Cell, second: Cell): Cell {
	if (first.status !== 'shown') return first;
	if (second.status !== 'shown') return second;
	const excluded = { ...first.excluded };
	for (const key of Object.keys(excluded) as (keyof typeof excluded)[])
		if (second.excluded[key] === null) excluded[key] = null;
	return { ...first, excluded };
}

const less = (overall: number, part: number) => overall - part;

/**
 * A filtered release (`filter=GROUP:VALUE`): the young people of one group of a breakdown, as a
 * release of its own. Its cell is the group's cell of the breakdown release (so the two agree,
 * and the breakdown's complements keep protecting it), and it is also protected with its
 * complement (everyone else) as the two parts of the overall figure: subtracting the filtered
 * release from the unfiltered one leaves a group that could itself be shown.
 */
export function publishAgreeWithin(
	overall: CellCounts,
	groups: readonly CellCounts[],
	index: number
): Cell {
	const part = groups[index]!;
	const rest: CellCounts = {
		n: less(overall.n, part.n),
		positive: less(overall.positive, part.positive),
		excluded: {
			dont_know: less(overall.excluded.dont_know, part.excluded.dont_know),
			dont_understand: less(overall.excluded.dont_understand, part.excluded.dont_understand),
			prefer_not: less(overall.excluded.prefer_not, part.excluded.prefer_not)
		}
	};
	return bothShowAgree(
		publishAgree(overall, groups).groups[index]!,
		publishAgree(overall, [part, rest]).groups[0]!
	);
}

/** The multi-select counterpart of publishAgreeWithin: each figure shown only where both show it. */
export function publishMultiWithin(
	options: readonly string[],
	overall: MultiCounts,
	groups: readonly MultiCounts[],
	index: number
): MultiCell {
	const part = groups[index]!;
	const rest: MultiCounts = {
		respondents: less(overall.respondents, part.respondents),
		options: overall.options.map((n, option) => less(n, part.options[option] ?? 0))
	};
	const inBreakdown = publishMulti(options, overall, groups).groups[index]!;
	const withRest = publishMulti(options, overall, [part, rest]).groups[0]!;
	if (inBreakdown.denominator.status !== 'shown') return inBreakdown;
	if (withRest.denominator.status !== 'shown') return withRest;
	return {
		denominator: inBreakdown.denominator,
		options: inBreakdown.options.map((option, position) =>
			withRest.options[position]!.status === 'shown' ? option : withRest.options[position]!
		)
	};
}

/**
 * A two-way table of an agree item (a filter within a breakdown, or two filters): every cell,
 * protected with both breakdowns and the overall figure. A request publishes one row or one
 * cell of it; the whole table is decided each time, so every request agrees with every other.
 */
export function publishAgreeTwoWay(table: TwoWayCounts<CellCounts>): Cell[][] {
	const decisions = protectAgreeTwoWay(table);
	return table.cells.map((row, rowIndex) =>
		row.map((counts, column) => agreeCell(counts, decisions[rowIndex]![column]!))
	);
}

/** The multi-select counterpart of publishAgreeTwoWay. */
export function publishMultiTwoWay(
	options: readonly string[],
	table: TwoWayCounts<MultiCounts>
): MultiCell[][] {
	const decisions = protectMultiTwoWay(table);
	return table.cells.map((row, rowIndex) =>
		row.map((counts, column) => multiCell(options, counts, decisions[rowIndex]![column]!))
	);
}

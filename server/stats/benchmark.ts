import { newcombeDifference, twoProportionZTest, wilsonInterval, type Interval } from './proportions.js';
import { isLowBase, MIN_CELL, suppressBreakdown, type SuppressionStatus } from './suppression.js';

/** Answers that are excluded from the denominator, reported separately (DESIGN.md §4). */
export interface ExcludedCounts {
	dont_know: number;
	dont_understand: number;
	prefer_not: number;
	skipped: number;
}

/** Counts for one item, one wave, one group: harmonised already (positive / valid n). */
export interface CellCounts {
	n: number;
	positive: number;
	excluded: ExcludedCounts;
}

export interface ShownCell {
	status: 'shown';
	n: number;
	positive: number;
	pct: number;
	ci: Interval;
	lowBase: boolean;
	/** Counts under 10 are withheld (null) as they describe fewer than 10 young people. */
	excluded: Record<keyof ExcludedCounts, number | null>;
}

export interface SuppressedCell {
	status: Exclude<SuppressionStatus, 'shown'>;
	/** What the dashboard shows instead of figures. */
	label: 'fewer than 10';
}

export type Cell = ShownCell | SuppressedCell;

export type Direction = 'improved' | 'declined' | 'no_significant_change';

export type Comparison =
	| {
			status: 'shown';
			/** This wave minus the baseline, in percentage points. */
			differencePoints: number;
			ci: Interval;
			p: number;
			z: number;
			significant: boolean;
			direction: Direction;
			comparable: boolean;
	  }
	| { status: 'suppressed' | 'no_data' };

export const SIGNIFICANCE = 0.05;

function withheldIfSmall(count: number): number | null {
	return count < MIN_CELL ? null : count;
}

function shownCell(counts: CellCounts): ShownCell {
	return {
		status: 'shown',
		n: counts.n,
		positive: counts.positive,
		pct: counts.positive / counts.n,
		ci: wilsonInterval(counts.positive, counts.n)!,
		lowBase: isLowBase(counts.n),
		excluded: {
			dont_know: withheldIfSmall(counts.excluded.dont_know),
			dont_understand: withheldIfSmall(counts.excluded.dont_understand),
			prefer_not: withheldIfSmall(counts.excluded.prefer_not),
			skipped: withheldIfSmall(counts.excluded.skipped)
		}
	};
}

/**
 * The cells of one breakdown for one wave, with suppression applied. Suppressed cells carry no
 * figures at all, so nothing downstream (API, dashboard, export) can leak them.
 */
export function buildCells(groups: ReadonlyMap<string, CellCounts>): Map<string, Cell> {
	const statuses = suppressBreakdown([...groups].map(([group, counts]) => ({ group, n: counts.n })));
	const cells = new Map<string, Cell>();
	for (const [group, counts] of groups) {
		const status = statuses.get(group) ?? 'suppressed_primary';
		cells.set(group, status === 'shown' ? shownCell(counts) : { status, label: 'fewer than 10' });
	}
	return cells;
}

/** A wave against a baseline for one group; suppressed when either side is. */
export function compareCells(current: Cell | undefined, baseline: Cell | undefined, comparable = true): Comparison {
	if (!current || !baseline) return { status: 'no_data' };
	if (current.status !== 'shown' || baseline.status !== 'shown') return { status: 'suppressed' };
	const difference = newcombeDifference(current.positive, current.n, baseline.positive, baseline.n)!;
	const test = twoProportionZTest(current.positive, current.n, baseline.positive, baseline.n)!;
	const significant = test.p < SIGNIFICANCE;
	return {
		status: 'shown',
		differencePoints: difference.difference * 100,
		ci: { lower: difference.lower * 100, upper: difference.upper * 100 },
		p: test.p,
		z: test.z,
		significant,
		direction: !significant ? 'no_significant_change' : difference.difference > 0 ? 'improved' : 'declined',
		comparable
	};
}

/** Multi-select: % of respondents who chose at least one option that chose each option. */
export interface OptionCell {
	option: string;
	status: 'shown' | 'suppressed';
	count?: number;
	pct?: number;
	ci?: Interval;
}

export function buildOptionCells(respondents: number, optionCounts: ReadonlyMap<string, number>): { denominator: Cell; options: OptionCell[] } {
	if (respondents < MIN_CELL) {
		return {
			denominator: { status: 'suppressed_primary', label: 'fewer than 10' },
			options: [...optionCounts.keys()].map((option) => ({ option, status: 'suppressed' }))
		};
	}
	const denominator = shownCell({ n: respondents, positive: respondents, excluded: { dont_know: 0, dont_understand: 0, prefer_not: 0, skipped: 0 } });
	// Options overlap (several may be chosen), so one option cannot be derived from the others;
	// an option chosen by fewer than 10 is still withheld because it counts children.
	const options = [...optionCounts].map(([option, count]): OptionCell =>
		count < MIN_CELL
			? { option, status: 'suppressed' }
			: { option, status: 'shown', count, pct: count / respondents, ci: wilsonInterval(count, respondents)! }
	);
	return { denominator, options };
}

import { newcombeDifference, twoProportionZTest, type Interval } from './proportions.js';

/** Answers that are excluded from the denominator, reported separately (DESIGN.md §4). */
export interface ExcludedCounts {
	dont_know: number;
	dont_understand: number;
	prefer_not: number;
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

/**
 * A cell withheld by server/disclosure. Every hidden cell looks the same, whether it held fewer
 * than 10 or was hidden to protect one that did.
 */
export interface SuppressedCell {
	status: 'suppressed';
	/** What the dashboard shows instead of figures. */
	label: string;
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

/** A wave against a baseline for one group; suppressed when either side is. */
export function compareCells(
	current: Cell | undefined,
	baseline: Cell | undefined,
	comparable = true
): Comparison {
	if (!current || !baseline) return { status: 'no_data' };
	if (current.status !== 'shown' || baseline.status !== 'shown') return { status: 'suppressed' };
	const difference = newcombeDifference(
		current.positive,
		current.n,
		baseline.positive,
		baseline.n
	)!;
	const test = twoProportionZTest(current.positive, current.n, baseline.positive, baseline.n)!;
	const significant = test.p < SIGNIFICANCE;
	return {
		status: 'shown',
		differencePoints: difference.difference * 100,
		ci: { lower: difference.lower * 100, upper: difference.upper * 100 },
		p: test.p,
		z: test.z,
		significant,
		direction: !significant
			? 'no_significant_change'
			: difference.difference > 0
				? 'improved'
				: 'declined',
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

import { benjaminiHochberg } from './multiple.js';
import { newcombeDifference, twoProportionZTest, type Interval } from './proportions.js';

/** Answers excluded from the denominator, reported separately (the engine's `harmonise.ts` decides). */
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
			/** Two-sided pooled z-test p-value, unadjusted. */
			p: number;
			/**
			 * Benjamini–Hochberg adjusted p-value over the report's family of shown comparisons
			 * (adjustComparisons); a comparison made on its own is a family of one, q = p.
			 */
			q: number;
			z: number;
			/** q < 0.05. */
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
	return withQ(
		{
			status: 'shown',
			differencePoints: difference.difference * 100,
			ci: { lower: difference.lower * 100, upper: difference.upper * 100 },
			p: test.p,
			q: test.p,
			z: test.z,
			significant: false,
			direction: 'no_significant_change',
			comparable
		},
		test.p
	);
}

export type ShownComparison = Extract<Comparison, { status: 'shown' }>;

/** The comparison with its q-value set, and significance and direction decided by it. */
function withQ(comparison: ShownComparison, q: number): ShownComparison {
	const significant = q < SIGNIFICANCE;
	return {
		...comparison,
		q,
		significant,
		direction: !significant
			? 'no_significant_change'
			: comparison.differencePoints > 0
				? 'improved'
				: 'declined'
	};
}

/**
 * Adjusts a family of comparisons for multiple testing (Benjamini–Hochberg, multiple.ts): every
 * shown comparison gets its q-value, and significance and direction are decided by q < 0.05.
 * Hidden and no-data comparisons have no p-value and are not in the family. Input order is kept.
 */
export function adjustComparisons(comparisons: readonly Comparison[]): Comparison[] {
	const shown = comparisons.flatMap((comparison, index) =>
		comparison.status === 'shown' ? [index] : []
	);
	const q = benjaminiHochberg(shown.map((index) => (comparisons[index] as ShownComparison).p));
	const adjusted = [...comparisons];
	shown.forEach((index, rank) => {
		adjusted[index] = withQ(comparisons[index] as ShownComparison, q[rank]!);
	});
	return adjusted;
}

/** Multi-select: % of respondents who chose at least one option that chose each option. */
export interface OptionCell {
	option: string;
	status: 'shown' | 'suppressed';
	count?: number;
	pct?: number;
	ci?: Interval;
}

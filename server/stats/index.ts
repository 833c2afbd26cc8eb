/** Benchmark statistics: pure maths, no database and no HTTP. See README.md for each method's source. */
export { erfc, normalCdf, twoSidedP, Z_95 } from './normal.js';
export { wilsonInterval, newcombeDifference, twoProportionZTest } from './proportions.js';
export type { Interval, Difference } from './proportions.js';
export { MIN_CELL, LOW_BASE, isLowBase } from './suppression.js';
export { compareCells, adjustComparisons, SIGNIFICANCE } from './benchmark.js';
export { benjaminiHochberg } from './multiple.js';
export type {
	Cell,
	ShownCell,
	SuppressedCell,
	CellCounts,
	ExcludedCounts,
	Comparison,
	ShownComparison,
	Direction,
	OptionCell
} from './benchmark.js';
export { headline, ITEM_PHRASES } from './headline.js';
export type { HeadlineContext } from './headline.js';

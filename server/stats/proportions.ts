import { twoSidedP, Z_95 } from './normal.js';

export interface Interval {
	lower: number;
	upper: number;
}

/**
 * Wilson score interval for a proportion (Wilson 1927; method 3 of Newcombe 1998a,
 * Stat Med 17:857–872). Null when n = 0.
 */
export function wilsonInterval(positive: number, n: number, z = Z_95): Interval | null {
	if (n <= 0) return null;
	const p = positive / n;
	const z2 = z * z;
	const denominator = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denominator;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
	// Exact at the edges (p = 0 gives lower 0, p = 1 gives upper 1), free of rounding noise.
	return {
		lower: positive === 0 ? 0 : Math.max(0, centre - half),
		upper: positive === n ? 1 : Math.min(1, centre + half)
	};
}

export interface Difference extends Interval {
	difference: number;
}

/**
 * Difference p1 − p2 with Newcombe's hybrid score interval (method 10 of Newcombe 1998b,
 * "Interval estimation for the difference between independent proportions", Stat Med
 * 17:873–890): the Wilson limits of each proportion combined as
 *   L = d − √((p1 − l1)² + (u2 − p2)²),  U = d + √((u1 − p1)² + (p2 − l2)²).
 */
export function newcombeDifference(
	x1: number,
	n1: number,
	x2: number,
	n2: number,
	z = Z_95
): Difference | null {
	const first = wilsonInterval(x1, n1, z);
	const second = wilsonInterval(x2, n2, z);
	if (!first || !second) return null;
	const p1 = x1 / n1;
	const p2 = x2 / n2;
	const difference = p1 - p2;
	return {
		difference,
		lower: difference - Math.sqrt((p1 - first.lower) ** 2 + (second.upper - p2) ** 2),
		upper: difference + Math.sqrt((first.upper - p1) ** 2 + (p2 - second.lower) ** 2)
	};
}

/**
 * Two-proportion z-test with the pooled standard error, two-sided. Equals R's
 * prop.test(correct = FALSE), whose X-squared is z². When the pooled proportion is 0 or 1 both
 * groups are identical (all or none positive): there is no evidence of a difference, so z = 0 and
 * p = 1 rather than 0/0.
 */
export function twoProportionZTest(
	x1: number,
	n1: number,
	x2: number,
	n2: number
): { z: number; p: number } | null {
	if (n1 <= 0 || n2 <= 0) return null;
	const pooled = (x1 + x2) / (n1 + n2);
	const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
	if (variance <= 0) return { z: 0, p: 1 };
	const z = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
	return { z, p: twoSidedP(z) };
}

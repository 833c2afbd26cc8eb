import { describe, expect, it } from 'vitest';
import {
	erfc,
	newcombeDifference,
	normalCdf,
	twoProportionZTest,
	wilsonInterval
} from '../../server/stats/index.js';

/*
 * Reference values. "Newcombe 1998a/b" are the published tables (Stat Med 17:857–872 Table I,
 * method 3; Stat Med 17:873–890 Table II, method 10), given there to 4 decimals. Values marked
 * "python" were computed independently with this script (Python 3.11, math.erfc), not with the
 * code under test:
 *
 *   z = 1.959963984540054
 *   def wilson(x, n):
 *       p = x/n; d = 1 + z*z/n; c = (p + z*z/(2*n))/d; h = z*sqrt(p*(1-p)/n + z*z/(4*n*n))/d
 *       return (0 if x == 0 else c-h, 1 if x == n else c+h)
 *   def newcombe(x1, n1, x2, n2):
 *       p1, p2 = x1/n1, x2/n2; l1, u1 = wilson(x1, n1); l2, u2 = wilson(x2, n2); d = p1-p2
 *       return d, d - sqrt((p1-l1)**2 + (u2-p2)**2), d + sqrt((u1-p1)**2 + (p2-l2)**2)
 *   def ztest(x1, n1, x2, n2):
 *       p = (x1+x2)/(n1+n2); s = sqrt(p*(1-p)*(1/n1 + 1/n2)); zz = (x1/n1 - x2/n2)/s
 *       return zz, erfc(abs(zz)/sqrt(2))
 *
 * R's prop.test(c(x1, x2), c(n1, n2), correct = FALSE) gives the same p (its X-squared is z²).
 */

describe('normal distribution', () => {
	it.each([
		[1.96, 0.9750021048517795],
		[-5, 2.866515718791946e-7],
		[-8, 6.220960574271819e-16],
		[-0.5, 0.3085375387259869],
		[-2.5, 0.006209665325776139],
		[0, 0.5]
	])('Φ(%f) = %f (python: 0.5·erfc(−z/√2))', (z, expected) => {
		expect(Math.abs(normalCdf(z) - expected) / expected).toBeLessThan(1e-12);
	});

	it('keeps erfc continuous where the method changes (x = 2) and symmetric', () => {
		expect(Math.abs(erfc(1.9999999) - erfc(2.0000001))).toBeLessThan(1e-8);
		expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 15);
	});
});

describe('Wilson score interval', () => {
	it.each([
		// Newcombe 1998a Table I (method 3): 81/263 0.2553–0.3662; 15/148 0.0624–0.1605; 0/20 0–0.1611; 1/29 0.0061–0.1718
		[81, 263, 0.2552885199, 0.366209577],
		[15, 148, 0.0623863995, 0.1604872417],
		[0, 20, 0, 0.1611251581],
		[1, 29, 0.0061132143, 0.1717552188],
		// python: edges p = 1 at n = 10 and n = 9, and p = 0.5 at n = 10
		[10, 10, 0.7224672001, 1],
		[9, 9, 0.7008549516, 1],
		[5, 10, 0.2365930905, 0.7634069095]
	])('%i/%i → %f to %f', (x, n, lower, upper) => {
		const interval = wilsonInterval(x, n)!;
		expect(interval.lower).toBeCloseTo(lower, 9);
		expect(interval.upper).toBeCloseTo(upper, 9);
	});

	it('is undefined for n = 0 and exact at p = 0 and p = 1', () => {
		expect(wilsonInterval(0, 0)).toBeNull();
		expect(wilsonInterval(0, 1)!.lower).toBe(0);
		expect(wilsonInterval(1, 1)!.upper).toBe(1);
	});
});

describe("Newcombe's hybrid score interval for a difference", () => {
	it.each([
		// Newcombe 1998b Table II (method 10): (a) 0.0524 to 0.3339, (b) 0.1705 to 0.8090,
		// (d) −0.0381 to 0.1926, (e) −0.1611 to 0.2775; full precision from python.
		[56, 70, 48, 80, 0.2, 0.052431472, 0.333872654],
		[9, 10, 3, 10, 0.6, 0.1705227239, 0.8090179735],
		[5, 56, 0, 29, 0.0892857143, -0.0381371479, 0.1925600139],
		[0, 10, 0, 20, 0, -0.1611251581, 0.2775327999],
		// python
		[6, 7, 2, 7, 0.5714285714, 0.0582279275, 0.8062496375],
		[0, 10, 0, 10, 0, -0.2775327999, 0.2775327999],
		[10, 10, 0, 20, 1, 0.6790860371, 1],
		[340, 500, 305, 500, 0.07, 0.010683294, 0.1286314744],
		[61, 100, 68, 100, -0.07, -0.1986017034, 0.0619328432]
	])('%i/%i − %i/%i = %f, %f to %f', (x1, n1, x2, n2, difference, lower, upper) => {
		const result = newcombeDifference(x1, n1, x2, n2)!;
		expect(result.difference).toBeCloseTo(difference, 9);
		expect(result.lower).toBeCloseTo(lower, 8);
		expect(result.upper).toBeCloseTo(upper, 8);
	});
});

describe('pooled two-proportion z-test', () => {
	it.each([
		// python (see the script above)
		[340, 500, 305, 500, 2.31299136003, 0.0207231141768],
		[56, 70, 48, 80, 2.65017195126, 0.0080450813682],
		[30, 50, 25, 50, 1.00503781526, 0.314878641336],
		[68, 100, 61, 100, 1.03440118248, 0.300948651842],
		[612, 900, 540, 880, 2.92952160672, 0.00339484210238]
	])('%i/%i vs %i/%i: z = %f, p = %f', (x1, n1, x2, n2, z, p) => {
		const result = twoProportionZTest(x1, n1, x2, n2)!;
		expect(result.z).toBeCloseTo(z, 9);
		expect(Math.abs(result.p - p) / p).toBeLessThan(1e-6);
	});

	it('gives p = 1 when everyone (or no one) in both groups is positive', () => {
		expect(twoProportionZTest(10, 10, 20, 20)).toEqual({ z: 0, p: 1 });
		expect(twoProportionZTest(0, 10, 0, 20)).toEqual({ z: 0, p: 1 });
	});
});

/**
 * The standard normal distribution, accurate to double precision far into the tails.
 * erfc is computed by its Maclaurin series for |x| < 2 (as 1 − erf) and by its continued fraction
 * (evaluated with the modified Lentz method) for |x| ≥ 2, where the series would lose precision.
 * Sources: Abramowitz & Stegun 7.1.5 (series) and 7.1.14 (continued fraction).
 */

/** z for a two-sided 95% interval: Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

const SQRT_PI = Math.sqrt(Math.PI);

function erfSeries(x: number): number {
	// erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
	let term = x;
	let sum = x;
	for (let n = 1; n < 200; n++) {
		term *= (-x * x) / n;
		const next = term / (2 * n + 1);
		sum += next;
		if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
	}
	return (2 / SQRT_PI) * sum;
}

function erfcContinuedFraction(x: number): number {
	// erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
	const tiny = 1e-300;
	let f = x;
	let c = x;
	let d = 0;
	for (let n = 1; n < 500; n++) {
		const a = n / 2;
		d = x + a * d;
		d = Math.abs(d) < tiny ? tiny : d;
		c = x + a / c;
		c = Math.abs(c) < tiny ? tiny : c;
		d = 1 / d;
		const delta = c * d;
		f *= delta;
		if (Math.abs(delta - 1) < 1e-16) break;
	}
	return Math.exp(-x * x) / SQRT_PI / f;
}

/** The complementary error function. */
export function erfc(x: number): number {
	if (Number.isNaN(x)) return NaN;
	if (x < 0) return 2 - erfc(-x);
	if (x < 2) return 1 - erfSeries(x);
	if (x > 27) return 0;
	return erfcContinuedFraction(x);
}

/** Φ(z), the standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
	return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal test statistic: 2·(1 − Φ(|z|)). */
export function twoSidedP(z: number): number {
	return erfc(Math.abs(z) / Math.SQRT2);
}

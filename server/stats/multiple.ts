/**
 * Benjamini–Hochberg step-up adjusted p-values ("q-values"): with the m p-values sorted
 * ascending, q₍ᵢ₎ = min over j ≥ i of m·p₍ⱼ₎/j, capped at 1, returned in input order.
 * Rejecting every hypothesis with q < α controls the false discovery rate at α for independent
 * (or positively dependent) tests. Benjamini & Hochberg (1995), "Controlling the false discovery
 * rate", JRSS B 57:289–300; equals statsmodels `multipletests(p, method="fdr_bh")[1]`.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
	const m = pValues.length;
	for (const p of pValues)
		if (!(p >= 0 && p <= 1)) throw new RangeError(`a p-value must be in [0, 1], not ${p}`);
	// Ascending by p; ties keep input order (their q-values are equal either way).
	const order = pValues.map((_, index) => index).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
	const q = new Array<number>(m);
	let running = 1;
	for (let rank = m; rank >= 1; rank--) {
		const index = order[rank - 1]!;
		running = Math.min(running, (m * pValues[index]!) / rank);
		q[index] = running;
	}
	return q;
}

import { describe, expect, it } from 'vitest';
import { adjustComparisons, benjaminiHochberg, compareCells } from '../../server/stats/index.js';
import { publishAgree } from '../../server/disclosure/index.js';

/** The closed-form definition, written out independently: q(i) = min over j ≥ i of m·p(j)/j. */
function closedForm(pValues: number[]): number[] {
	const m = pValues.length;
	const sorted = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
	const q = new Array<number>(m);
	for (let i = 0; i < m; i++) {
		let smallest = Infinity;
		for (let j = i; j < m; j++) smallest = Math.min(smallest, (m * sorted[j]!.p) / (j + 1));
		q[sorted[i]!.index] = Math.min(1, smallest);
	}
	return q;
}

describe('Benjamini–Hochberg q-values', () => {
	it('reproduces the worked example of Benjamini & Hochberg (1995), JRSS B 57:289, §4', () => {
		const p = [
			0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
			0.6528, 0.759, 1.0
		];
		// m·p(j)/j by hand, then the running minimum from the largest p down (statsmodels fdr_bh).
		const expected = [
			0.0015,
			0.003,
			0.0095,
			0.035625,
			0.0603,
			(15 * 0.0298) / 7,
			(15 * 0.0298) / 7,
			0.0645,
			0.0765,
			0.486,
			(15 * 0.4262) / 11,
			(15 * 0.5719) / 12,
			(15 * 0.6528) / 13,
			(15 * 0.759) / 14,
			1
		];
		const q = benjaminiHochberg(p);
		q.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 12));
		// The paper rejects the four smallest at a false discovery rate of 0.05.
		expect(q.filter((value) => value < 0.05)).toHaveLength(4);
		expect(q.slice(0, 4).every((value) => value < 0.05)).toBe(true);
	});

	it('returns q-values in input order, equal to the closed form on shuffled input', () => {
		const p = [0.04, 0.001, 0.5, 0.03, 0.02, 0.9, 0.011];
		const q = benjaminiHochberg(p);
		expect(q).toEqual(closedForm(p).map((value) => expect.closeTo(value, 14)));
		// 0.001 is smallest: 7·0.001/1 = 0.007.
		expect(q[1]).toBeCloseTo(0.007, 14);
		// 0.02 is rank 3 of 7: the minimum of 7·p(j)/j over ranks 3 to 7.
		expect(q[4]).toBeCloseTo(
			Math.min((7 * 0.02) / 3, (7 * 0.03) / 4, (7 * 0.04) / 5, (7 * 0.5) / 6, (7 * 0.9) / 7),
			14
		);
	});

	it('gives tied p-values the same q-value', () => {
		const p = [0.01, 0.01, 0.01, 0.2];
		const q = benjaminiHochberg(p);
		expect(q[0]).toBeCloseTo((4 * 0.01) / 3, 14);
		expect(q[1]).toBe(q[0]);
		expect(q[2]).toBe(q[0]);
		expect(q[3]).toBeCloseTo(0.2, 14);
		expect(q).toEqual(closedForm(p).map((value) => expect.closeTo(value, 14)));
	});

	it('caps at 1 and keeps p = 1 at 1', () => {
		expect(benjaminiHochberg([1, 1, 0.9])).toEqual([1, 1, 1]);
		const q = benjaminiHochberg([0.6, 0.7, 1]);
		expect(q[2]).toBe(1);
		expect(q[0]).toBeCloseTo(Math.min(3 * 0.6, (3 * 0.7) / 2, 1), 14);
	});

	it('leaves a family of one unchanged, and an empty family empty', () => {
		expect(benjaminiHochberg([0.037])).toEqual([0.037]);
		expect(benjaminiHochberg([1])).toEqual([1]);
		expect(benjaminiHochberg([])).toEqual([]);
	});

	it('matches the closed form on random families, ties included', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) ** 3;
		for (let round = 0; round < 50; round++) {
			const m = 1 + Math.floor(random() * 400);
			const p = Array.from({ length: m }, () => Math.round(random() * 1000) / 1000);
			const q = benjaminiHochberg(p);
			closedForm(p).forEach((value, index) => expect(q[index]).toBeCloseTo(value, 12));
		}
	});

	it('rejects values that are not p-values', () => {
		expect(() => benjaminiHochberg([0.5, NaN])).toThrow(RangeError);
		expect(() => benjaminiHochberg([1.2])).toThrow(RangeError);
	});
});

describe('adjusted comparisons', () => {
	const cell = (positive: number, n: number) =>
		publishAgree({ n, positive, excluded: { dont_know: 0, dont_understand: 0, prefer_not: 0 } })
			.overall;

	it('decides significance and direction by q, keeping p, and skips hidden comparisons', () => {
		// One clear change and many null ones: the marginal one (p ≈ 0.02) does not survive.
		const clear = compareCells(cell(300, 400), cell(200, 400));
		const marginal = compareCells(cell(240, 400), cell(207, 400));
		const nulls = Array.from({ length: 18 }, () => compareCells(cell(200, 400), cell(201, 400)));
		const hidden = compareCells(cell(3, 5), cell(200, 400));
		expect(marginal.status === 'shown' && marginal.p < 0.05 && marginal.direction).toBe('improved');
		const adjusted = adjustComparisons([clear, marginal, hidden, ...nulls]);
		const family = [clear, marginal, ...nulls].map((c) => (c.status === 'shown' ? c.p : NaN));
		const q = closedForm(family);
		expect(adjusted[2]).toEqual({ status: 'suppressed' });
		expect(adjusted[0]).toMatchObject({ significant: true, direction: 'improved' });
		expect(adjusted[0]).toMatchObject({ q: expect.closeTo(q[0]!, 14) });
		expect(adjusted[1]).toMatchObject({
			p: (marginal as { p: number }).p,
			q: expect.closeTo(q[1]!, 14),
			significant: false,
			direction: 'no_significant_change'
		});
		expect(q[1]).toBeGreaterThanOrEqual(0.05);
	});

	it('a comparison made alone is a family of one: q = p', () => {
		const alone = compareCells(cell(230, 400), cell(207, 400));
		expect(alone.status === 'shown' && alone.q === alone.p).toBe(true);
	});
});

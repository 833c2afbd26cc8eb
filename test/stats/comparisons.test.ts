import { describe, expect, it } from 'vitest';
import { publishAgree } from '../../server/disclosure/index.js';
import { compareCells, headline, type CellCounts } from '../../server/stats/index.js';

const counts = (n: number, positive = Math.floor(n / 2)): CellCounts => ({
	n,
	positive,
	excluded: { dont_know: 12, dont_understand: 3, prefer_not: 0 }
});

describe('comparisons and headlines', () => {
	const cell = (n: number, positive: number) => publishAgree(counts(n, positive)).overall;

	it('labels a significant increase as improved, with the headline in plain English', () => {
		const now = cell(500, 340);
		const then = cell(500, 305);
		const comparison = compareCells(now, then);
		expect(comparison).toMatchObject({ status: 'shown', direction: 'improved', significant: true });
		if (comparison.status === 'shown') {
			expect(comparison.differencePoints).toBeCloseTo(7, 9);
			expect(comparison.p).toBeCloseTo(0.0207231141768, 9);
		}
		expect(headline('know_who_to_talk_to', now, then, comparison, '2019')).toBe(
			'More young people know who to talk to than in 2019 (68% vs 61%, a significant increase)'
		);
	});

	it('labels a significant decrease and no significant change', () => {
		const declined = compareCells(cell(500, 305), cell(500, 340));
		expect(declined).toMatchObject({ direction: 'declined' });
		expect(headline('feel_believed', cell(500, 305), cell(500, 340), declined, '2020')).toBe(
			'Fewer young people feel believed by adults than in 2020 (61% vs 68%, a significant decrease)'
		);
		const same = compareCells(cell(100, 68), cell(100, 61));
		expect(same).toMatchObject({ direction: 'no_significant_change', significant: false });
		expect(headline('staff_care', cell(100, 68), cell(100, 61), same, '2019')).toContain(
			'no significant change'
		);
	});

	it('suppresses a comparison when either side is hidden, and says why in the headline', () => {
		const shown = cell(100, 70);
		const small = cell(9, 5);
		expect(compareCells(shown, small)).toEqual({ status: 'suppressed' });
		expect(compareCells(small, shown)).toEqual({ status: 'suppressed' });
		expect(compareCells(shown, undefined)).toEqual({ status: 'no_data' });
		expect(
			headline('staff_care', small, cell(100, 61), compareCells(small, cell(100, 61)), '2019')
		).toBe('Not shown for this group, to protect a small group (compared with 2019)');
	});
});

describe('headlines in a report', () => {
	const cell = (n: number, positive: number) =>
		publishAgree({
			n,
			positive,
			excluded: { dont_know: 0, dont_understand: 0, prefer_not: 0 }
		}).overall;

	it('say when significance was adjusted for many comparisons, and when scales are pooled', () => {
		const current = cell(400, 272);
		const before = cell(400, 200);
		const comparison = compareCells(current, before);
		expect(
			headline('know_who_to_talk_to', current, before, comparison, '2019', {
				family: 30,
				pooledScales: true
			})
		).toBe(
			'More young people know who to talk to than in 2019 (68% vs 50%, a significant increase after adjusting for 30 comparisons; this wave pools 5-point and 3-point answers)'
		);
		expect(
			headline('know_who_to_talk_to', current, before, comparison, '2019', { family: 1 })
		).toBe(
			'More young people know who to talk to than in 2019 (68% vs 50%, a significant increase)'
		);
	});
});

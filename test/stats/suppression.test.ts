import { describe, expect, it } from 'vitest';
import { buildCells, buildOptionCells, compareCells, headline, suppressBreakdown, type CellCounts } from '../../server/stats/index.js';

const counts = (n: number, positive = Math.floor(n / 2)): CellCounts => ({
	n,
	positive,
	excluded: { dont_know: 12, dont_understand: 3, prefer_not: 0, skipped: 40 }
});

describe('suppression', () => {
	it.each([
		[9, 'suppressed_primary'],
		[10, 'shown'],
		[0, 'suppressed_primary']
	])('a group of %i is %s', (n, status) => {
		// Two large groups alongside, so secondary suppression takes the smaller large one if needed.
		const result = suppressBreakdown([
			{ group: 'a', n },
			{ group: 'b', n: 100 },
			{ group: 'c', n: 200 }
		]);
		expect(result.get('a')).toBe(status);
	});

	it('flags n = 29 as low base and n = 30 as not', () => {
		const cells = buildCells(new Map([['a', counts(29)], ['b', counts(30)]]));
		expect(cells.get('a')).toMatchObject({ status: 'shown', lowBase: true });
		expect(cells.get('b')).toMatchObject({ status: 'shown', lowBase: false });
	});

	it('suppresses the next smallest group when only one group is hidden', () => {
		const result = suppressBreakdown([
			{ group: 'care', n: 6 },
			{ group: 'not_care', n: 400 },
			{ group: 'not_stated', n: 35 }
		]);
		expect(Object.fromEntries(result)).toEqual({ care: 'suppressed_primary', not_care: 'shown', not_stated: 'suppressed_secondary' });
	});

	it('needs no secondary suppression when two non-empty groups are hidden, and ignores empty ones', () => {
		expect(Object.fromEntries(suppressBreakdown([{ group: 'a', n: 3 }, { group: 'b', n: 4 }, { group: 'c', n: 90 }]))).toEqual({
			a: 'suppressed_primary',
			b: 'suppressed_primary',
			c: 'shown'
		});
		expect(suppressBreakdown([{ group: 'a', n: 0 }, { group: 'b', n: 4 }, { group: 'c', n: 90 }, { group: 'd', n: 50 }]).get('d')).toBe(
			'suppressed_secondary'
		);
	});

	it('never lets one hidden group be derived as the total minus the shown groups', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
		for (let run = 0; run < 2000; run++) {
			const cells = Array.from({ length: 2 + Math.floor(random() * 5) }, (_, index) => ({ group: `g${index}`, n: Math.floor(random() * 40) }));
			const result = suppressBreakdown(cells);
			const hidden = cells.filter((cell) => result.get(cell.group) !== 'shown' && cell.n > 0);
			// One hidden group is only possible when nothing else is shown, and then the overall
			// figure (the same people) is itself under 10 and suppressed.
			if (hidden.length === 1) expect(cells.reduce((sum, cell) => sum + cell.n, 0)).toBeLessThan(10);
			for (const cell of cells) if (cell.n < 10) expect(result.get(cell.group)).not.toBe('shown');
		}
	});

	it('removes every figure from a suppressed cell, and withholds small excluded counts', () => {
		const cells = buildCells(new Map([['small', counts(9, 4)], ['a', counts(50)], ['b', counts(60)]]));
		expect(cells.get('small')).toEqual({ status: 'suppressed_primary', label: 'fewer than 10' });
		expect(cells.get('a')).toEqual({ status: 'suppressed_secondary', label: 'fewer than 10' });
		expect(cells.get('b')).toMatchObject({ status: 'shown', excluded: { dont_know: 12, dont_understand: null, prefer_not: null, skipped: 40 } });
	});

	it('suppresses a comparison when either side is suppressed', () => {
		const shown = buildCells(new Map([['all', counts(100, 70)]])).get('all');
		const hidden = buildCells(new Map([['all', counts(5, 2)]])).get('all');
		expect(compareCells(shown, hidden)).toEqual({ status: 'suppressed' });
		expect(compareCells(hidden, shown)).toEqual({ status: 'suppressed' });
		expect(compareCells(shown, undefined)).toEqual({ status: 'no_data' });
	});

	it('suppresses multi-select options chosen by fewer than 10, and everything under a small denominator', () => {
		const { options } = buildOptionCells(120, new Map([['friend', 60], ['helpline', 4]]));
		expect(options).toEqual([
			{ option: 'friend', status: 'shown', count: 60, pct: 0.5, ci: expect.any(Object) },
			{ option: 'helpline', status: 'suppressed' }
		]);
		expect(buildOptionCells(8, new Map([['friend', 8]])).options).toEqual([{ option: 'friend', status: 'suppressed' }]);
	});
});

describe('comparisons and headlines', () => {
	const cell = (n: number, positive: number) => buildCells(new Map([['all', counts(n, positive)]])).get('all')!;

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
		expect(headline('staff_care', cell(100, 68), cell(100, 61), same, '2019')).toContain('no significant change');
	});

	it('says there are not enough answers when a figure is suppressed', () => {
		const small = cell(9, 5);
		expect(headline('staff_care', small, cell(100, 61), compareCells(small, cell(100, 61)), '2019')).toBe(
			'Not enough answers to compare with 2019 (fewer than 10)'
		);
	});
});

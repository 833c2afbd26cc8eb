import { describe, expect, it } from 'vitest';
import {
	HIDDEN_LABEL,
	publishAgree,
	publishCounts,
	publishMulti,
	protectAgree
} from '../../server/disclosure/index.js';
import type { CellCounts } from '../../server/stats/index.js';

const agree = (n: number, positive = Math.floor(n / 2), dontKnow = 0): CellCounts => ({
	n,
	positive,
	excluded: { dont_know: dontKnow, dont_understand: 0, prefer_not: 0 }
});
const sum = (cells: CellCounts[]): CellCounts => ({
	n: cells.reduce((total, cell) => total + cell.n, 0),
	positive: cells.reduce((total, cell) => total + cell.positive, 0),
	excluded: {
		dont_know: cells.reduce((total, cell) => total + cell.excluded.dont_know, 0),
		dont_understand: 0,
		prefer_not: 0
	}
});
const shown = (cells: { status: string }[]) => cells.map((cell) => cell.status === 'shown');

describe('one release, protected as a whole', () => {
	it('hides a small group together with the next smallest, so overall minus the rest is not its figure', () => {
		const groups = [agree(353), agree(366), agree(32), agree(31), agree(36), agree(3, 2)];
		const { groups: cells } = publishAgree(sum(groups), groups);
		expect(shown(cells)).toEqual([true, true, true, false, true, false]);
	});

	it('two hidden groups of one person each get a third, so neither can be read off', () => {
		const groups = [agree(1, 1), agree(1, 0), agree(50), agree(60)];
		expect(shown(publishAgree(sum(groups), groups).groups)).toEqual([false, false, false, true]);
	});

	it('a remainder of one after the shown groups (41 − 20 − 20) is hidden with another group', () => {
		const groups = [agree(20, 9), agree(20, 11), agree(1, 1)];
		const cells = publishAgree(sum(groups), groups).groups;
		expect(cells.filter((cell) => cell.status !== 'shown').length).toBeGreaterThanOrEqual(2);
		expect(cells[2]!.status).toBe('suppressed');
	});

	it('hides a shown group under 30 in which everyone, or no one, answered positively', () => {
		const groups = [agree(20, 20), agree(25, 0), agree(100, 60), agree(120, 50)];
		const decisions = protectAgree(sum(groups), groups).groups.map((decision) => decision.shown);
		expect(decisions.slice(0, 2)).toEqual([false, false]);
		// A group of 30 or more in which everyone agreed is shown: its members are not few.
		expect(shown(publishAgree(agree(30, 30)).groups)).toEqual([]);
		expect(publishAgree(agree(30, 30)).overall.status).toBe('shown');
		expect(publishAgree(agree(29, 29)).overall.status).toBe('suppressed');
	});

	it('every hidden cell looks the same and carries no figure, whatever hid it', () => {
		const groups = [agree(3, 1), agree(40), agree(50)];
		const cells = publishAgree(sum(groups), groups).groups;
		expect(cells[0]).toEqual({ status: 'suppressed', label: HIDDEN_LABEL });
		expect(cells[1]).toEqual({ status: 'suppressed', label: HIDDEN_LABEL });
	});

	it('withholds small special-answer counts with complements across groups', () => {
		const groups = [agree(100, 50, 12), agree(100, 50, 3), agree(100, 50, 30)];
		const cells = publishAgree(sum(groups), groups).groups;
		const dontKnow = cells.map((cell) =>
			cell.status === 'shown' ? cell.excluded.dont_know : 'hidden'
		);
		expect(dontKnow).toEqual([null, null, 30]);
	});

	it('changes nothing where nothing needs hiding', () => {
		const groups = [agree(200, 120, 15), agree(180, 90, 12)];
		const cells = publishAgree(sum(groups), groups).groups;
		expect(cells).toMatchObject([
			{ status: 'shown', n: 200, positive: 120, pct: 0.6, excluded: { dont_know: 15 } },
			{ status: 'shown', n: 180, positive: 90, pct: 0.5, excluded: { dont_know: 12 } }
		]);
	});

	it('multi-select: a group whose option count could be subtracted out is protected across groups', () => {
		const groups = [
			{ respondents: 353, options: [200, 40] },
			{ respondents: 366, options: [210, 35] },
			{ respondents: 3, options: [3, 0] }
		];
		const overall = { respondents: 722, options: [413, 75] };
		const cells = publishMulti(['friend', 'helpline'], overall, groups).groups;
		expect(cells[2]!.denominator.status).toBe('suppressed');
		// The smallest other group is hidden too, so 722 − 353 is no longer the small group's figure.
		expect(cells.filter((cell) => cell.denominator.status !== 'shown').length).toBe(2);
		expect(
			cells
				.flatMap((cell) => cell.options)
				.filter((option) => option.status === 'shown')
				.every((option) => (option.count ?? 0) >= 10)
		).toBe(true);
	});

	it('live counts: a total under 10 says "fewer than 10"; a small mode is hidden with a complement', () => {
		expect(publishCounts(7, [[7, 0, 0]]).total).toEqual({
			status: 'suppressed',
			label: 'fewer than 10'
		});
		const live = publishCounts(60, [[50, 9, 1]]);
		expect(live.total).toEqual({ status: 'shown', n: 60 });
		expect(live.breakdowns[0]!.map((cell) => cell.status)).toEqual([
			'shown',
			'suppressed',
			'suppressed'
		]);
		const busy = publishCounts(130, [[100, 20, 10]]);
		expect(busy.breakdowns[0]!.every((cell) => cell.status === 'shown')).toBe(true);
	});
});

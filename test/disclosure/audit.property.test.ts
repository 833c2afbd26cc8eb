import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	EXCLUDED_CATEGORIES,
	publishAgree,
	publishAgreeWithin,
	publishCounts,
	publishMulti,
	publishMultiWithin,
	type MultiCounts
} from '../../server/disclosure/index.js';
import type { CellCounts } from '../../server/stats/index.js';
import { auditRanges, type AuditModel, type AuditRange } from './lp-audit.js';

/**
 * For generated releases, an LP over what is published (shown figures, the additive relations,
 * counts ≥ 0) must leave every hidden count a range of at least 5 (not knowable to ±2), unless
 * its group is empty, or every group of the relation is hidden and its range is all of
 * [0, total] (the breakdown then says nothing the total did not). And nothing shown rests on
 * fewer than 10, nor tells every member's answer in a group under 30.
 */
const size = fc.oneof(
	fc.constantFrom(0, 1, 2, 3, 8, 9, 10, 11, 29, 30, 31),
	fc.nat({ max: 60 }),
	fc.nat({ max: 400 })
);
const partOf = (whole: number) =>
	fc.oneof(fc.constant(0), fc.constant(whole), fc.nat({ max: whole }));
const small = fc.oneof(fc.nat({ max: 12 }), fc.nat({ max: 40 }));

const agreeGroup: fc.Arbitrary<CellCounts> = size.chain((n) =>
	fc.record({
		n: fc.constant(n),
		positive: partOf(n),
		excluded: fc.record({ dont_know: small, dont_understand: small, prefer_not: small })
	})
);
const multiGroup = (options: number): fc.Arbitrary<MultiCounts> =>
	size.chain((respondents) =>
		fc.record({
			respondents: fc.constant(respondents),
			options: fc.array(partOf(respondents), { minLength: options, maxLength: options })
		})
	);

function total(groups: readonly CellCounts[]): CellCounts {
	const sum = (pick: (group: CellCounts) => number) =>
		groups.reduce((acc, group) => acc + pick(group), 0);
	return {
		n: sum((group) => group.n),
		positive: sum((group) => group.positive),
		excluded: {
			dont_know: sum((g) => g.excluded.dont_know),
			dont_understand: sum((g) => g.excluded.dont_understand),
			prefer_not: sum((g) => g.excluded.prefer_not)
		}
	};
}

interface Checked {
	range: AuditRange;
	empty: boolean;
	/** Every part of the relation is hidden; the relation's published total (null when hidden). */
	allHiddenTotal: number | null;
}

function expectProtected(checked: Checked[]) {
	for (const { range, empty, allHiddenTotal } of checked) {
		if (empty) continue;
		const width = range.upper - range.lower;
		const whole = allHiddenTotal !== null && range.lower === 0 && range.upper === allHiddenTotal;
		expect(
			width >= 5 || whole,
			`${range.name} = ${range.value} can be worked out to [${range.lower}, ${range.upper}]`
		).toBe(true);
	}
}

/**
 * The audit model of an agree item's release, built only from what it publishes; with
 * `filtered`, a reader also holds every filtered release (filter=GROUP:VALUE, one per group) and
 * the overall figures, so whatever a filtered release shows is added as a known value.
 */
function auditAgree(overall: CellCounts, groups: CellCounts[], filtered = false): Checked[] {
	const published = publishAgree(overall, groups);
	const model: AuditModel = { hidden: new Map(), equalities: [], inequalities: [] };
	const relation = (
		pick: (group: CellCounts) => number,
		name: string,
		totalShown: number | null
	) => {
		const terms: Record<string, number> = {};
		let shownSum = 0;
		groups.forEach((group, index) => {
			const cell = published.groups[index]!;
			const hidden =
				cell.status !== 'shown' ||
				(name !== 'n' &&
					name !== 'pos' &&
					cell.excluded[name as (typeof EXCLUDED_CATEGORIES)[number]] === null);
			if (cell.status === 'shown' && !hidden) {
				shownSum +=
					name === 'n'
						? cell.n
						: name === 'pos'
							? cell.positive
							: cell.excluded[name as (typeof EXCLUDED_CATEGORIES)[number]]!;
				return;
			}
			model.hidden.set(`${name}${index}`, pick(group));
			terms[`${name}${index}`] = 1;
		});
		if (totalShown !== null && Object.keys(terms).length > 0)
			model.equalities.push({ terms, equals: totalShown - shownSum });
		return Object.keys(terms).length === groups.length ? totalShown : null;
	};
	const overallCell = published.overall;
	const allHidden = new Map<string, number | null>();
	allHidden.set(
		'n',
		relation((g) => g.n, 'n', overallCell.status === 'shown' ? overallCell.n : null)
	);
	allHidden.set(
		'pos',
		relation((g) => g.positive, 'pos', overallCell.status === 'shown' ? overallCell.positive : null)
	);
	for (const category of EXCLUDED_CATEGORIES) {
		allHidden.set(
			category,
			relation(
				(g) => g.excluded[category],
				category,
				overallCell.status === 'shown' ? overallCell.excluded[category] : null
			)
		);
	}
	groups.forEach((_, index) => {
		const cell = published.groups[index]!;
		// Not positive = n − positive ≥ 0, and positive ≥ 0: what a reader knows of a hidden cell.
		if (cell.status !== 'shown')
			model.inequalities.push({ terms: { [`pos${index}`]: 1, [`n${index}`]: -1 }, atMost: 0 });
		else {
			expect(cell.n).toBeGreaterThanOrEqual(10);
			if (cell.n < 30) expect(cell.positive > 0 && cell.positive < cell.n).toBe(true);
			for (const category of EXCLUDED_CATEGORIES)
				if (cell.excluded[category] !== null)
					expect(cell.excluded[category]).toBeGreaterThanOrEqual(10);
		}
	});
	if (filtered)
		groups.forEach((group, index) => {
			const cell = publishAgreeWithin(overall, groups, index);
			if (cell.status !== 'shown') return;
			const known = (name: string, value: number) => {
				if (model.hidden.has(`${name}${index}`))
					model.equalities.push({ terms: { [`${name}${index}`]: 1 }, equals: value });
			};
			known('n', cell.n);
			known('pos', cell.positive);
			// The filtered release minus the overall one: everyone else must be a showable group.
			const restN = overall.n - cell.n;
			const restPositive = overall.positive - cell.positive;
			expect(restN === 0 || restN >= 10, `rest of ${index}: ${restN}`).toBe(true);
			if (restN > 0 && restN < 30) expect(restPositive > 0 && restPositive < restN).toBe(true);
			for (const category of EXCLUDED_CATEGORIES) {
				const value = cell.excluded[category];
				if (value === null) continue;
				known(category, value);
				const rest = overall.excluded[category] - value;
				expect(rest === 0 || rest >= 10, `${category} rest of ${index}: ${rest}`).toBe(true);
			}
			expect(group.n).toBe(cell.n);
		});
	// Not positive also adds up across groups: n − positive of each hidden cell.
	return auditRanges(model).map((range) => {
		const name = range.name.replace(/\d+$/, '');
		const index = Number(range.name.slice(name.length));
		const group = groups[index]!;
		const empty =
			name === 'n' || name === 'pos'
				? group.n === 0
				: group.n + group.excluded[name as (typeof EXCLUDED_CATEGORIES)[number]] === 0;
		return { range, empty, allHiddenTotal: allHidden.get(name) ?? null };
	});
}

function auditMulti(overall: MultiCounts, groups: MultiCounts[], filtered = false): Checked[] {
	const options = overall.options.map((_, index) => `o${index}`);
	const published = publishMulti(options, overall, groups);
	const model: AuditModel = { hidden: new Map(), equalities: [], inequalities: [] };
	const allHidden = new Map<string, number | null>();
	const respondentsTotal =
		published.overall.denominator.status === 'shown' ? published.overall.denominator.n : null;
	const terms: Record<string, number> = {};
	let shownSum = 0;
	groups.forEach((group, index) => {
		const cell = published.groups[index]!.denominator;
		if (cell.status === 'shown') {
			shownSum += cell.n;
			expect(cell.n).toBeGreaterThanOrEqual(10);
		} else {
			model.hidden.set(`r${index}`, group.respondents);
			terms[`r${index}`] = 1;
		}
	});
	if (respondentsTotal !== null && Object.keys(terms).length > 0)
		model.equalities.push({ terms, equals: respondentsTotal - shownSum });
	allHidden.set('r', Object.keys(terms).length === groups.length ? respondentsTotal : null);
	options.forEach((_, option) => {
		const overallOption = published.overall.options[option]!;
		const optionTerms: Record<string, number> = {};
		let optionShown = 0;
		groups.forEach((group, index) => {
			const cell = published.groups[index]!;
			const shown = cell.options[option]!;
			if (shown.status === 'shown') {
				optionShown += shown.count!;
				expect(shown.count).toBeGreaterThanOrEqual(10);
				if (cell.denominator.status === 'shown' && cell.denominator.n < 30)
					expect(shown.count).toBeLessThan(cell.denominator.n);
				return;
			}
			const name = `x${option}_${index}`;
			model.hidden.set(name, group.options[option]!);
			optionTerms[name] = 1;
			// An option's count is at most its group's respondents.
			if (cell.denominator.status === 'shown')
				model.inequalities.push({ terms: { [name]: 1 }, atMost: cell.denominator.n });
			else model.inequalities.push({ terms: { [name]: 1, [`r${index}`]: -1 }, atMost: 0 });
		});
		const optionTotal = overallOption.status === 'shown' ? overallOption.count! : null;
		if (optionTotal !== null && Object.keys(optionTerms).length > 0)
			model.equalities.push({ terms: optionTerms, equals: optionTotal - optionShown });
		allHidden.set(
			`x${option}_`,
			Object.keys(optionTerms).length === groups.length ? optionTotal : null
		);
	});
	if (filtered)
		groups.forEach((_, index) => {
			const cell = publishMultiWithin(options, overall, groups, index);
			if (cell.denominator.status !== 'shown') return;
			if (model.hidden.has(`r${index}`))
				model.equalities.push({ terms: { [`r${index}`]: 1 }, equals: cell.denominator.n });
			const rest = overall.respondents - cell.denominator.n;
			expect(rest === 0 || rest >= 10, `respondents rest of ${index}: ${rest}`).toBe(true);
			cell.options.forEach((option, position) => {
				if (option.status !== 'shown') return;
				const name = `x${position}_${index}`;
				if (model.hidden.has(name))
					model.equalities.push({ terms: { [name]: 1 }, equals: option.count! });
				const left = overall.options[position]! - option.count!;
				expect(left === 0 || left >= 10, `${name} rest: ${left}`).toBe(true);
				if (rest > 0 && rest < 30) expect(left > 0 && left < rest).toBe(true);
			});
		});
	return auditRanges(model).map((range) => {
		const index = Number(range.name.split(/[_r]/).at(-1));
		const key = range.name.startsWith('r') ? 'r' : range.name.replace(/\d+$/, '');
		return {
			range,
			empty: groups[index]!.respondents === 0,
			allHiddenTotal: allHidden.get(key) ?? null
		};
	});
}

describe('disclosure audit (an LP over everything one release publishes)', () => {
	it('agree items by group: no hidden count can be worked out to within ±2', () => {
		fc.assert(
			fc.property(fc.array(agreeGroup, { minLength: 2, maxLength: 6 }), (groups) => {
				expectProtected(auditAgree(total(groups), groups));
			}),
			{ numRuns: 300, seed: 20261201 }
		);
	});

	it('multi-select items by group: no hidden respondents or option count can be worked out', () => {
		fc.assert(
			fc.property(fc.array(multiGroup(3), { minLength: 2, maxLength: 6 }), (groups) => {
				const overall: MultiCounts = {
					respondents: groups.reduce((sum, group) => sum + group.respondents, 0),
					options: [0, 1, 2].map((option) =>
						groups.reduce((sum, group) => sum + group.options[option]!, 0)
					)
				};
				// Keep the generated data consistent: an option is chosen by at most those who answered.
				expectProtected(auditMulti(overall, groups));
			}),
			{ numRuns: 300, seed: 20261202 }
		);
	});

	it('filtered releases (filter=GROUP:VALUE) with the breakdown and the overall: nothing hidden is worked out, and the rest is a showable group', () => {
		fc.assert(
			fc.property(fc.array(agreeGroup, { minLength: 2, maxLength: 6 }), (groups) => {
				expectProtected(auditAgree(total(groups), groups, true));
			}),
			{ numRuns: 300, seed: 20261204 }
		);
		fc.assert(
			fc.property(fc.array(multiGroup(3), { minLength: 2, maxLength: 6 }), (groups) => {
				const overall: MultiCounts = {
					respondents: groups.reduce((sum, group) => sum + group.respondents, 0),
					options: [0, 1, 2].map((option) =>
						groups.reduce((sum, group) => sum + group.options[option]!, 0)
					)
				};
				expectProtected(auditMulti(overall, groups, true));
			}),
			{ numRuns: 300, seed: 20261205 }
		);
	});

	it('live counts by mode and by day: no hidden count can be worked out', () => {
		fc.assert(
			fc.property(
				fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 }),
				fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 5 }),
				(modes, daysSeed) => {
					const grand = modes.reduce((sum, n) => sum + n, 0);
					// Days share the same total: spread it over the generated days' weights.
					const weight = daysSeed.reduce((sum, n) => sum + n, 0) || 1;
					const days = daysSeed.map((n) => Math.floor((n * grand) / weight));
					days[0]! += grand - days.reduce((sum, n) => sum + n, 0);
					const published = publishCounts(grand, [modes, days]);
					for (const [table, parts] of [modes, days].entries()) {
						const model: AuditModel = { hidden: new Map(), equalities: [], inequalities: [] };
						const terms: Record<string, number> = {};
						let shown = 0;
						parts.forEach((n, index) => {
							const cell = published.breakdowns[table]![index]!;
							if (cell.status === 'shown') {
								expect(cell.n).toBeGreaterThanOrEqual(10);
								shown += cell.n;
							} else {
								model.hidden.set(`c${index}`, n);
								terms[`c${index}`] = 1;
							}
						});
						if (published.total.status === 'shown' && Object.keys(terms).length > 0)
							model.equalities.push({ terms, equals: grand - shown });
						const allHiddenTotal =
							Object.keys(terms).length === parts.length && published.total.status === 'shown'
								? grand
								: null;
						expectProtected(
							auditRanges(model).map((range) => ({
								range,
								empty: parts[Number(range.name.slice(1))] === 0,
								allHiddenTotal
							}))
						);
					}
				}
			),
			{ numRuns: 200, seed: 20261203 }
		);
	});
});

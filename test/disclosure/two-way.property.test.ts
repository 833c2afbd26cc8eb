import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	publishAgree,
	publishAgreeTwoWay,
	publishMulti,
	publishMultiTwoWay,
	type MultiCounts
} from '../../server/disclosure/index.js';
import type { CellCounts } from '../../server/stats/index.js';
import { auditRanges, type AuditModel, type AuditRange } from './lp-audit.js';

/**
 * Two-way tables (a filter within a breakdown, or two filters), audited by an LP that shares no
 * code with server/disclosure, over everything a reader holds at once: the overall figure, the
 * breakdown by rows, the breakdown by columns and every cell the two-way table shows. Every
 * hidden cell must keep a range of at least 5, unless its group is empty or the two-way table
 * tells nothing about it beyond the breakdowns; a hidden margin of an agree item keeps exactly
 * the range the breakdowns alone leave it (a multi-select's may narrow, as shown respondents bound
 * options, but stays at least 5 wide); nothing shown rests on fewer than 10 or tells every member's answer
 * in a group under 30.
 */
const size = fc.oneof(
	fc.constantFrom(0, 0, 1, 2, 3, 8, 9, 10, 11, 29, 30, 31),
	fc.nat({ max: 45 }),
	fc.nat({ max: 200 })
);
const partOf = (whole: number) =>
	fc.oneof(fc.constant(0), fc.constant(whole), fc.nat({ max: whole }));
const agreeCell: fc.Arbitrary<CellCounts> = size.chain((n) =>
	fc.record({
		n: fc.constant(n),
		positive: partOf(n),
		excluded: fc.record({
			dont_know: fc.oneof(fc.nat({ max: 12 }), fc.nat({ max: 40 })),
			dont_understand: fc.constant(0),
			prefer_not: fc.constant(0)
		})
	})
);
const multiCell: fc.Arbitrary<MultiCounts> = size.chain((respondents) =>
	fc.record({
		respondents: fc.constant(respondents),
		options: fc.tuple(partOf(respondents), partOf(respondents))
	})
);
const table = <T>(cell: fc.Arbitrary<T>) =>
	fc
		.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
		.chain(([rows, columns]) =>
			fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
				minLength: rows,
				maxLength: rows
			})
		);

function sumAgree(cells: readonly CellCounts[]): CellCounts {
	const sum = (pick: (cell: CellCounts) => number) => cells.reduce((acc, c) => acc + pick(c), 0);
	return {
		n: sum((c) => c.n),
		positive: sum((c) => c.positive),
		excluded: {
			dont_know: sum((c) => c.excluded.dont_know),
			dont_understand: 0,
			prefer_not: 0
		}
	};
}
function sumMulti(cells: readonly MultiCounts[]): MultiCounts {
	return {
		respondents: cells.reduce((acc, c) => acc + c.respondents, 0),
		options: [0, 1].map((option) => cells.reduce((acc, c) => acc + c.options[option]!, 0))
	};
}
const columnsOf = <T>(cells: T[][]) =>
	cells[0]!.map((_, column) => cells.map((row) => row[column]!));

/** Positions: a cell [row, column], a row margin [row, -1], a column margin [-1, column], total [-1, -1]. */
type Known = (row: number, column: number) => number | null;
const name = (quantity: string, row: number, column: number) => `${quantity}|${row}|${column}`;

/**
 * Adds one quantity of a two-way table to an LP model: an unknown for each figure not shown,
 * and the relations (each row and column adds up to its margin, the margins to the total).
 */
function addQuantity(
	model: AuditModel,
	quantity: string,
	rows: number,
	columns: number,
	truth: (row: number, column: number) => number,
	known: Known
) {
	const term = (row: number, column: number, sign: number, terms: Record<string, number>) => {
		const value = known(row, column);
		if (value !== null) return -sign * value;
		const key = name(quantity, row, column);
		model.hidden.set(key, truth(row, column));
		terms[key] = (terms[key] ?? 0) + sign;
		return 0;
	};
	const relation = (parts: [number, number][], whole: [number, number]) => {
		const terms: Record<string, number> = {};
		let equals = 0;
		for (const [row, column] of parts) equals += term(row, column, 1, terms);
		equals += term(whole[0], whole[1], -1, terms);
		if (Object.keys(terms).length > 0) model.equalities.push({ terms, equals });
	};
	const rowIndexes = [...Array(rows).keys()];
	const columnIndexes = [...Array(columns).keys()];
	for (const row of rowIndexes)
		relation(
			columnIndexes.map((column) => [row, column]),
			[row, -1]
		);
	for (const column of columnIndexes)
		relation(
			rowIndexes.map((row) => [row, column]),
			[-1, column]
		);
	relation(
		rowIndexes.map((row) => [row, -1]),
		[-1, -1]
	);
	relation(
		columnIndexes.map((column) => [-1, column]),
		[-1, -1]
	);
}

/** The figure at a position: a cell, a row or column margin (-1 for the other), or the total. */
function at<T>(
	row: number,
	column: number,
	total: T,
	rows: readonly T[],
	columns: readonly T[],
	cells: readonly (readonly T[])[]
): T {
	if (row < 0) return column < 0 ? total : columns[column]!;
	return column < 0 ? rows[row]! : cells[row]![column]!;
}

const empty = (): AuditModel => ({ hidden: new Map(), equalities: [], inequalities: [] });
const byName = (ranges: AuditRange[]) => new Map(ranges.map((range) => [range.name, range]));
const position = (key: string) => key.split('|').slice(1).map(Number) as [number, number];

/**
 * Compares the audit with the table's cells published against the audit with none of them
 * (what the breakdowns alone leave): with `marginsExact` margins must not narrow at all; every
 * other hidden figure must stay at least 5 wide unless its group is empty or the table narrowed
 * it not at all.
 */
function expectTwoWayProtected(
	withTable: AuditModel,
	withoutTable: AuditModel,
	isEmpty: (key: string) => boolean,
	marginsExact: boolean
) {
	const before = byName(auditRanges(withoutTable));
	for (const range of auditRanges(withTable)) {
		const [row, column] = position(range.name);
		const alone = before.get(range.name)!;
		const unchanged = alone.lower === range.lower && alone.upper === range.upper;
		if (row < 0 || column < 0) {
			if (marginsExact) expect(unchanged, `${range.name} narrowed by the two-way table`).toBe(true);
			if (marginsExact || unchanged) continue;
		} else if (isEmpty(range.name) || unchanged) continue;
		expect(
			range.upper - range.lower,
			`${range.name} = ${range.value} can be worked out to [${range.lower}, ${range.upper}]`
		).toBeGreaterThanOrEqual(5);
	}
}

function auditAgreeTable(cells: CellCounts[][]) {
	const rows = cells.map(sumAgree);
	const columns = columnsOf(cells).map(sumAgree);
	const overall = sumAgree(rows);
	const byRows = publishAgree(overall, rows);
	const byColumns = publishAgree(overall, columns);
	const published = publishAgreeTwoWay({ overall, rows, columns, cells });
	const cellAt = (row: number, column: number) =>
		at(row, column, byRows.overall, byRows.groups, byColumns.groups, published);
	const truthAt = (row: number, column: number) => at(row, column, overall, rows, columns, cells);
	for (const [row, values] of published.entries())
		for (const [column, cell] of values.entries()) {
			if (cell.status !== 'shown') continue;
			expect(cell.n).toBe(cells[row]![column]!.n);
			expect(cell.n).toBeGreaterThanOrEqual(10);
			if (cell.n < 30) expect(cell.positive > 0 && cell.positive < cell.n).toBe(true);
			if (cell.excluded.dont_know !== null)
				expect(cell.excluded.dont_know).toBeGreaterThanOrEqual(10);
		}
	const quantities: [
		string,
		(counts: CellCounts) => number,
		(cell: ReturnType<typeof cellAt>) => number | null,
		(counts: CellCounts) => number
	][] = [
		[
			'pos',
			(c) => c.positive,
			(cell) => (cell.status === 'shown' ? cell.positive : null),
			(c) => c.n
		],
		[
			'neg',
			(c) => c.n - c.positive,
			(cell) => (cell.status === 'shown' ? cell.n - cell.positive : null),
			(c) => c.n
		],
		[
			'dk',
			(c) => c.excluded.dont_know,
			(cell) => (cell.status === 'shown' ? cell.excluded.dont_know : null),
			(c) => c.n + c.excluded.dont_know
		]
	];
	for (const [quantity, truth, shown, sizeOf] of quantities) {
		const withTable = empty();
		const withoutTable = empty();
		const truthOf = (row: number, column: number) => truth(truthAt(row, column));
		addQuantity(withTable, quantity, rows.length, columns.length, truthOf, (row, column) =>
			shown(cellAt(row, column))
		);
		addQuantity(withoutTable, quantity, rows.length, columns.length, truthOf, (row, column) =>
			row >= 0 && column >= 0 ? null : shown(cellAt(row, column))
		);
		expectTwoWayProtected(
			withTable,
			withoutTable,
			(key) => {
				const [row, column] = position(key);
				return sizeOf(cells[row]![column]!) === 0;
			},
			true
		);
	}
}

function auditMultiTable(cells: MultiCounts[][]) {
	const options = ['a', 'b'];
	const rows = cells.map(sumMulti);
	const columns = columnsOf(cells).map(sumMulti);
	const overall = sumMulti(rows);
	const byRows = publishMulti(options, overall, rows);
	const byColumns = publishMulti(options, overall, columns);
	const published = publishMultiTwoWay(options, { overall, rows, columns, cells });
	const cellAt = (row: number, column: number) =>
		at(row, column, byRows.overall, byRows.groups, byColumns.groups, published);
	const truthAt = (row: number, column: number) => at(row, column, overall, rows, columns, cells);
	for (const values of published)
		for (const cell of values) {
			if (cell.denominator.status !== 'shown') continue;
			expect(cell.denominator.n).toBeGreaterThanOrEqual(10);
			for (const option of cell.options) {
				if (option.status !== 'shown') continue;
				expect(option.count).toBeGreaterThanOrEqual(10);
				if (cell.denominator.n < 30) expect(option.count).toBeLessThan(cell.denominator.n);
			}
		}
	const build = (withCells: boolean) => {
		const model = empty();
		const visible = (row: number, column: number) => withCells || row < 0 || column < 0;
		addQuantity(
			model,
			'r',
			rows.length,
			columns.length,
			(row, column) => truthAt(row, column).respondents,
			(row, column) => {
				const cell = cellAt(row, column).denominator;
				return visible(row, column) && cell.status === 'shown' ? cell.n : null;
			}
		);
		options.forEach((_, option) => {
			addQuantity(
				model,
				`o${option}`,
				rows.length,
				columns.length,
				(row, column) => truthAt(row, column).options[option]!,
				(row, column) => {
					const cell = cellAt(row, column).options[option]!;
					return visible(row, column) && cell.status === 'shown' ? cell.count! : null;
				}
			);
			// An option is chosen by at most the cell's (or margin's) respondents.
			for (let row = -1; row < rows.length; row++)
				for (let column = -1; column < columns.length; column++) {
					const optionKey = name(`o${option}`, row, column);
					const respondentsKey = name('r', row, column);
					if (!model.hidden.has(optionKey)) continue;
					if (model.hidden.has(respondentsKey))
						model.inequalities.push({
							terms: { [optionKey]: 1, [respondentsKey]: -1 },
							atMost: 0
						});
					else
						model.inequalities.push({
							terms: { [optionKey]: 1 },
							atMost: truthAt(row, column).respondents
						});
				}
		});
		return model;
	};
	expectTwoWayProtected(
		build(true),
		build(false),
		(key) => {
			const [row, column] = position(key);
			return cells[row]![column]!.respondents === 0;
		},
		false
	);
}

describe('two-way tables: an independent LP audit of everything published together', () => {
	it('agree items: no hidden cell is worked out, no hidden margin narrowed', () => {
		fc.assert(
			fc.property(table(agreeCell), (cells) => auditAgreeTable(cells)),
			{
				numRuns: Number(process.env.TWO_WAY_RUNS ?? 120),
				seed: Number(process.env.TWO_WAY_SEED ?? 20261210)
			}
		);
	}, 600_000);

	it('multi-select items: respondents and options, with option ≤ respondents', () => {
		fc.assert(
			fc.property(table(multiCell), (cells) => auditMultiTable(cells)),
			{
				numRuns: Number(process.env.TWO_WAY_RUNS ?? 80),
				seed: Number(process.env.TWO_WAY_SEED ?? 20261211)
			}
		);
	}, 600_000);

	it('a small cell and its complements: the example a reader would try first', () => {
		// Girls in easy read: 4 young people. Every row and column margin is shown.
		const cell = (n: number, positive: number): CellCounts => ({
			n,
			positive,
			excluded: { dont_know: 0, dont_understand: 0, prefer_not: 0 }
		});
		const cells = [
			[cell(60, 40), cell(55, 30)],
			[cell(4, 2), cell(40, 20)]
		];
		const rows = cells.map(sumAgree);
		const columns = columnsOf(cells).map(sumAgree);
		const published = publishAgreeTwoWay({ overall: sumAgree(rows), rows, columns, cells });
		// With both margins shown, hiding only the small cell would leave it to subtraction: its
		// row, its column and the opposite corner are hidden with it.
		expect(published.map((row) => row.map((c) => c.status))).toEqual([
			['suppressed', 'suppressed'],
			['suppressed', 'suppressed']
		]);
		auditAgreeTable(cells);
	});
});

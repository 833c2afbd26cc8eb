/**
 * Two-way tables: the cells of a cross-classification (a filter within a breakdown, or two
 * filters), protected as one table together with both of its margins, which a reader also has
 * (the one-way breakdowns). Pure arithmetic: no database, no HTTP.
 *
 * A table with its margins is a network (Hundepool et al., "Statistical Disclosure Control",
 * Wiley 2012, §4.3 on auditing; the network view of two-way tables is Cox's, "Network models
 * for complementary cell suppression", JASA 1995): the grand total flows from a source to each
 * row margin, through the cells to the column margins, and back. Every relation a reader can use
 * (a row adds up to its margin, a column to its margin, the margins to the total) is the flow
 * balance at one node. A shown figure is a fixed flow; a hidden one is free within its bounds.
 * The largest a hidden cell can be is its value plus the most flow that can go round a cycle
 * through it (a maximum flow in the residual network), and the smallest its value less the most
 * that can go the other way: exactly the interval an attacker's linear program would find.
 */
import { PROTECTION_WIDTH, isProtected, type Range } from './protection.js';

/** One statistic of a two-way table (for example the positive answers): true values. */
export interface Table {
	/** cells[row][column] */
	cells: readonly (readonly number[])[];
	rows: readonly number[];
	rowsShown: readonly boolean[];
	columns: readonly number[];
	columnsShown: readonly boolean[];
	total: number;
	totalShown: boolean;
	/**
	 * Bounds on each cell at least as tight as what a reader knows (an option is chosen by at most
	 * the cell's respondents): tighter bounds only narrow the ranges found, so the audit stays on
	 * the safe side.
	 */
	lower?: readonly (readonly number[])[];
	upper?: readonly (readonly (number | null)[])[];
}

/** Stands for "no bound": larger than any count a table holds. */
const UNBOUNDED = 1e9;

/** Edmonds–Karp maximum flow on a small dense residual network (a few dozen nodes). */
function maximumFlow(capacity: Float64Array, size: number, from: number, to: number): number {
	const residual = Float64Array.from(capacity);
	const previous = new Int32Array(size);
	let flow = 0;
	for (;;) {
		previous.fill(-1);
		previous[from] = from;
		const queue = [from];
		for (let head = 0; head < queue.length && previous[to] === -1; head++) {
			const node = queue[head]!;
			for (let next = 0; next < size; next++)
				if (previous[next] === -1 && residual[node * size + next]! > 0) {
					previous[next] = node;
					queue.push(next);
				}
		}
		if (previous[to] === -1) return flow;
		let push = Number.POSITIVE_INFINITY;
		for (let node = to; node !== from; node = previous[node]!)
			push = Math.min(push, residual[previous[node]! * size + node]!);
		for (let node = to; node !== from; node = previous[node]!) {
			residual[previous[node]! * size + node]! -= push;
			residual[node * size + previous[node]!]! += push;
		}
		flow += push;
		if (flow >= UNBOUNDED) return flow;
	}
}

/**
 * The interval a reader can work out for each hidden cell, from the shown cells and margins and
 * every relation between them. A row or column whose margin is hidden must be hidden in full
 * (protectTwoWay makes it so), so the table says nothing new about a hidden margin.
 */
export function cellRanges(
	table: Table,
	hidden: readonly (readonly boolean[])[]
): (Range | null)[][] {
	const rowCount = table.rows.length;
	const columnCount = table.columns.length;
	const source = 0;
	const sink = 1;
	const rowNode = (row: number) => 2 + row;
	const columnNode = (column: number) => 2 + rowCount + column;
	const size = 2 + rowCount + columnCount;
	const capacity = new Float64Array(size * size);
	// A free flow `value` within [lower, upper] on from → to: it can rise by upper − value and
	// fall by value − lower (the reverse arc).
	const free = (from: number, to: number, value: number, lower = 0, upper = UNBOUNDED) => {
		capacity[from * size + to] = upper - value;
		capacity[to * size + from] = value - lower;
	};
	if (!table.totalShown) free(sink, source, table.total);
	table.rows.forEach((value, row) => {
		if (!table.rowsShown[row]) free(source, rowNode(row), value);
	});
	table.columns.forEach((value, column) => {
		if (!table.columnsShown[column]) free(columnNode(column), sink, value);
	});
	const bounds = (row: number, column: number) => ({
		lower: table.lower?.[row]?.[column] ?? 0,
		upper: table.upper?.[row]?.[column] ?? UNBOUNDED
	});
	for (let row = 0; row < rowCount; row++)
		for (let column = 0; column < columnCount; column++) {
			if (!hidden[row]![column]) continue;
			const { lower, upper } = bounds(row, column);
			free(rowNode(row), columnNode(column), table.cells[row]![column]!, lower, upper);
		}
	return table.cells.map((values, row) =>
		values.map((value, column) => {
			if (!hidden[row]![column]) return null;
			const { lower, upper } = bounds(row, column);
			const forward = rowNode(row) * size + columnNode(column);
			const backward = columnNode(column) * size + rowNode(row);
			const saved = [capacity[forward]!, capacity[backward]!];
			capacity[forward] = 0;
			capacity[backward] = 0;
			const rise = Math.min(
				upper - value,
				maximumFlow(capacity, size, columnNode(column), rowNode(row))
			);
			const fall = Math.min(
				value - lower,
				maximumFlow(capacity, size, rowNode(row), columnNode(column))
			);
			capacity[forward] = saved[0]!;
			capacity[backward] = saved[1]!;
			return {
				lower: value - fall,
				upper: rise >= UNBOUNDED / 2 ? Number.POSITIVE_INFINITY : value + rise
			};
		})
	);
}

export interface TwoWayFamily {
	/** Statistics over the same cells; a cell is shown or hidden in all of them at once. */
	tables: readonly Table[];
	/** Cells that must be hidden (fewer than 10, or everyone/no one gave one answer). */
	primary: readonly (readonly boolean[])[];
	/** Each cell's size (its young people): complements are chosen smallest first. */
	sizes: readonly (readonly number[])[];
	/**
	 * A table all of whose cells are hidden publishes nothing the margins did not: true when the
	 * tables have no bounds that shown figures elsewhere give (agree items), false for options,
	 * whose respondents may be shown.
	 */
	safeWhenAllHidden: boolean;
}

export interface TwoWayProtection {
	hidden: boolean[][];
	/** Hidden cells still narrower than PROTECTION_WIDTH (only when every cell is hidden). */
	exposed: { row: number; column: number }[];
}

/**
 * Complementary suppression for a two-way table: start from the primary cells and every cell of
 * a row or column whose margin is hidden; while a row or column, taken alone, leaves a hidden cell
 * narrow, or the exact audit (cellRanges) does, hide the smallest shown cell in the same row or
 * column that adds to what is hidden there. Each step hides one more cell, so it ends.
 */
export function protectTwoWay(family: TwoWayFamily): TwoWayProtection {
	const rowCount = family.primary.length;
	const columnCount = family.primary[0]?.length ?? 0;
	const hidden = family.primary.map((row, rowIndex) =>
		row.map(
			(primary, column) =>
				primary ||
				family.tables.some((table) => !table.rowsShown[rowIndex] || !table.columnsShown[column])
		)
	);
	const empty = (row: number, column: number) => family.sizes[row]![column] === 0;
	const allHidden = () => hidden.every((row) => row.every(Boolean));
	/** Hides the smallest shown cell among `candidates`, preferring one that holds some of `table`. */
	const hideOne = (candidates: [number, number][], table: Table): boolean => {
		const shown = candidates
			.filter(([row, column]) => !hidden[row]![column])
			.sort(
				([rowA, columnA], [rowB, columnB]) =>
					family.sizes[rowA]![columnA]! - family.sizes[rowB]![columnB]! ||
					rowA - rowB ||
					columnA - columnB
			);
		const choice = shown.find(([row, column]) => table.cells[row]![column]! > 0) ?? shown[0];
		if (!choice) return false;
		hidden[choice[0]]![choice[1]] = true;
		return true;
	};
	const everyCell: [number, number][] = [];
	for (let row = 0; row < rowCount; row++)
		for (let column = 0; column < columnCount; column++) everyCell.push([row, column]);
	const lineOf = (row: number, column: number): [number, number][] =>
		everyCell.filter(([r, c]) => r === row || c === column);

	for (;;) {
		if (allHidden()) break;
		// Each row and column alone (cheap, and necessary): protection.ts's one-relation rule.
		let step = false;
		for (const table of family.tables) {
			for (let row = 0; row < rowCount && !step; row++) {
				const relation = {
					total: table.rows[row]!,
					totalShown: table.rowsShown[row]!,
					parts: table.cells[row]!,
					upper: table.upper?.[row]
				};
				const emptyParts = hidden[row]!.map((_, column) => empty(row, column));
				if (!isProtected(relation, hidden[row]!, emptyParts))
					step = hideOne(
						everyCell.filter(([r]) => r === row),
						table
					);
			}
			for (let column = 0; column < columnCount && !step; column++) {
				const relation = {
					total: table.columns[column]!,
					totalShown: table.columnsShown[column]!,
					parts: table.cells.map((values) => values[column]!),
					upper: table.upper?.map((values) => values[column] ?? null)
				};
				const hiddenParts = hidden.map((values) => values[column]!);
				const emptyParts = hidden.map((_, row) => empty(row, column));
				if (!isProtected(relation, hiddenParts, emptyParts))
					step = hideOne(
						everyCell.filter(([, c]) => c === column),
						table
					);
			}
			if (step) break;
		}
		if (step) continue;
		// The exact audit over the whole table and its margins.
		const narrow = firstNarrowCell(family, hidden);
		if (!narrow) break;
		if (!hideOne(lineOf(narrow.row, narrow.column), narrow.table)) hideOne(everyCell, narrow.table);
	}
	const exposed = allHidden() && !family.safeWhenAllHidden ? narrowCells(family, hidden) : [];
	return { hidden, exposed };
}

function narrowCells(
	family: TwoWayFamily,
	hidden: readonly (readonly boolean[])[]
): { row: number; column: number; table: Table }[] {
	const found: { row: number; column: number; table: Table }[] = [];
	for (const table of family.tables) {
		const ranges = cellRanges(table, hidden);
		ranges.forEach((values, row) =>
			values.forEach((range, column) => {
				if (
					range &&
					family.sizes[row]![column]! > 0 &&
					range.upper - range.lower < PROTECTION_WIDTH
				)
					found.push({ row, column, table });
			})
		);
	}
	return found;
}

function firstNarrowCell(
	family: TwoWayFamily,
	hidden: readonly (readonly boolean[])[]
): { row: number; column: number; table: Table } | null {
	return narrowCells(family, hidden)[0] ?? null;
}

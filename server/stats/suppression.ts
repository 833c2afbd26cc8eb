/**
 * Statistical disclosure control (DESIGN.md §7). The threshold rule: a cell describing fewer than
 * 10 young people is not shown (ONS "10 threshold rule"; UK LLC, including zeros); fewer than 30 is
 * a low base. Secondary suppression stops a hidden cell being worked out as the total minus the
 * others (UK LLC: suppress at least two cells).
 */
export const MIN_CELL = 10;
export const LOW_BASE = 30;

export type SuppressionStatus = 'shown' | 'suppressed_primary' | 'suppressed_secondary';

export interface SizedCell {
	group: string;
	n: number;
}

/**
 * Decides which cells of one breakdown (the groups of one item in one wave, which add up to the
 * overall figure) may be shown.
 *
 * Rule: every cell with n < 10 is suppressed (primary). If exactly one suppressed cell has anyone
 * in it (n > 0), its figures could be derived as the overall total minus the shown cells, so the
 * smallest shown cell is suppressed too (secondary). With two or more non-empty hidden cells only
 * their sum can be derived, which is not any one group's figure.
 */
export function suppressBreakdown(cells: readonly SizedCell[]): Map<string, SuppressionStatus> {
	const status = new Map<string, SuppressionStatus>();
	for (const cell of cells) status.set(cell.group, cell.n < MIN_CELL ? 'suppressed_primary' : 'shown');
	const hiddenWithPeople = cells.filter((cell) => status.get(cell.group) !== 'shown' && cell.n > 0);
	if (hiddenWithPeople.length === 1) {
		const nextSmallest = cells
			.filter((cell) => status.get(cell.group) === 'shown')
			.sort((a, b) => a.n - b.n || a.group.localeCompare(b.group))[0];
		if (nextSmallest) status.set(nextSmallest.group, 'suppressed_secondary');
	}
	return status;
}

export function isLowBase(n: number): boolean {
	return n >= MIN_CELL && n < LOW_BASE;
}

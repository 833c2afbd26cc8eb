/** Size thresholds (server/disclosure/README.md, steps 1 and 2); which cells are hidden is decided by server/disclosure. */
export const MIN_CELL = 10;
export const LOW_BASE = 30;

export function isLowBase(n: number): boolean {
	return n >= MIN_CELL && n < LOW_BASE;
}

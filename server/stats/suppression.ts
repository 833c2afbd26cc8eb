/** Size thresholds (server/disclosure/README.md, steps 1 and 2); server/disclosure decides what is hidden. */
export const MIN_CELL = 10;
export const LOW_BASE = 30;

export function isLowBase(n: number): boolean {
	return n >= MIN_CELL && n < LOW_BASE;
}

/**
 * Disclosure control: every figure that leaves the server passes through here (benchmark, CSV,
 * print report, session results, live counts, free-text counts, the "You said" snapshot).
 * Pure TypeScript: no database, no Hono. README.md says what it protects against and how.
 */
export {
	PROTECTION_WIDTH,
	hiddenRanges,
	isProtected,
	complementarySuppression
} from './protection.js';
export type { Relation, Range, Family } from './protection.js';
export {
	MIN_COUNT,
	ATTRIBUTE_BASE,
	HIDDEN_LABEL,
	FEWER_THAN_10,
	EXCLUDED_CATEGORIES,
	protectAgree,
	protectMulti,
	protectCounts,
	countShown,
	decideAgreeOverall,
	decideMultiOverall,
	protectAgreeTwoWay,
	protectMultiTwoWay
} from './release.js';
export { cellRanges, protectTwoWay } from './two-way.js';
export type { Table, TwoWayFamily, TwoWayProtection } from './two-way.js';
export type {
	AgreeCounts,
	AgreeDecision,
	MultiCounts,
	MultiDecision,
	ExcludedCategory,
	TwoWayCounts
} from './release.js';
export {
	HIDDEN,
	publishAgree,
	publishAgreeWithin,
	publishMulti,
	publishMultiWithin,
	publishCount,
	publishCounts,
	publishAgreeTwoWay,
	publishMultiTwoWay
} from './publish.js';
export type { HiddenCell, MultiCell, CountCell } from './publish.js';

/**
 * Complementary (secondary) cell suppression over additive relations, the method statistical
 * offices use for frequency tables (Hundepool et al., "Statistical Disclosure Control", Wiley 2012,
 * ch. 4; Statistics Netherlands' τ-ARGUS "hypercube" and "modular" methods; ONS / GSS guidance on
 * disclosure control for tables). Pure arithmetic: no database, no HTTP.
 *
 * A release is modelled as families of relations over the same units (the groups of a breakdown):
 * each relation says total = Σ parts, and a unit is shown or hidden across every relation of its
 * family at once (an agree item's n, positive and not-positive belong to one cell). A reader knows
 * every shown figure, every shown total, and that a hidden count is a whole number ≥ 0 — hidden
 * cells carry one label, so nothing tells a reader which ones hold fewer than 10 — and, where
 * given, an upper bound (an option chosen by at most the group's respondents).
 */

/** A hidden count must not be pinned to within ±2: its feasible range spans at least 5. */
export const PROTECTION_WIDTH = 5;

export interface Relation {
	/** The true total (the overall figure the parts add up to). */
	total: number;
	/** Whether the total itself is published (decided by the release that publishes it alone). */
	totalShown: boolean;
	/** The true value of each unit's part, in unit order. */
	parts: readonly number[];
	/**
	 * An upper bound on each part that a reader can work out from another relation (for example a
	 * multi-select option's count is at most the group's respondents), or null for none.
	 */
	upper?: readonly (number | null)[];
	/**
	 * Parts that share one bound: their sum is at most `poolCapacity` (the options of groups whose
	 * respondents are hidden add up to at most those groups' respondents together).
	 */
	pooled?: readonly boolean[];
	poolCapacity?: number | null;
}

export interface Range {
	lower: number;
	upper: number;
}

/**
 * What a reader can work out about each hidden part of one relation. For a single equality with
 * box bounds 0 ≤ x_i ≤ u_i and Σ_hidden x_i = S, the feasible range of x_i is exactly
 * [max(0, S − Σ_{j≠i} u_j), min(u_i, S)] (every value between is reachable, as the constraint
 * set is a transportation polytope with integral vertices). Without a shown total S is unknown
 * and only the bounds apply.
 */
export function hiddenRanges(relation: Relation, hidden: readonly boolean[]): Map<number, Range> {
	const ranges = new Map<number, Range>();
	const bound = (index: number) => relation.upper?.[index] ?? Number.POSITIVE_INFINITY;
	const hiddenIndexes = relation.parts.flatMap((_, index) => (hidden[index] ? [index] : []));
	if (hiddenIndexes.length === 0) return ranges;
	if (!relation.totalShown) {
		for (const index of hiddenIndexes) ranges.set(index, { lower: 0, upper: bound(index) });
		return ranges;
	}
	const shownSum = relation.parts.reduce(
		(sum, part, index) => (hidden[index] ? sum : sum + part),
		0
	);
	const remainder = relation.total - shownSum;
	const pooled = (index: number) => relation.pooled?.[index] === true;
	const capacity = relation.poolCapacity ?? Number.POSITIVE_INFINITY;
	for (const index of hiddenIndexes) {
		let othersBound = 0;
		let poolBound = 0;
		for (const other of hiddenIndexes) {
			if (other === index) continue;
			if (pooled(other)) poolBound += bound(other);
			else othersBound += bound(other);
		}
		// Pooled parts can absorb at most the pool's capacity between them (all of it when this
		// part is outside the pool; a part inside it leaves the others what it does not use,
		// which bounds nothing further, as the whole system stays feasible).
		othersBound += pooled(index) ? poolBound : Math.min(poolBound, capacity);
		ranges.set(index, {
			lower: Math.max(0, remainder - othersBound),
			upper: Math.min(bound(index), remainder)
		});
	}
	return ranges;
}

/**
 * A relation is safe when no hidden part can be worked out to within ±2. Two exceptions: a unit
 * with nobody in it (an empty group describes no young person), and a relation whose parts are
 * all hidden with each one's range the whole of [0, total] — the breakdown then tells the reader
 * nothing that the total, published on its own, did not already say.
 */
export function isProtected(
	relation: Relation,
	hidden: readonly boolean[],
	empty: readonly boolean[] = []
): boolean {
	const ranges = hiddenRanges(relation, hidden);
	const allHidden = relation.parts.every((_, index) => hidden[index]);
	for (const [index, range] of ranges) {
		if (empty[index] || range.upper - range.lower >= PROTECTION_WIDTH) continue;
		const bound = relation.upper?.[index] ?? Number.POSITIVE_INFINITY;
		if (
			allHidden &&
			relation.totalShown &&
			range.lower === 0 &&
			range.upper === Math.min(bound, relation.total)
		)
			continue;
		return false;
	}
	return true;
}

export interface Family {
	/** Relations over the same units; hiding a unit hides its part in every relation. */
	relations: readonly Relation[];
	/** Units that must be hidden (fewer than 10, or everyone/no one gave one answer). */
	primary: readonly boolean[];
	/**
	 * Each unit's size (the group's respondents to the item): complements are chosen smallest
	 * first, so the least information is lost; a unit of size 0 has nobody to protect.
	 */
	sizes: readonly number[];
}

/**
 * Chooses the complements for one family: while some relation is unsafe, hide the smallest shown
 * unit that adds to the hidden sum of an unsafe relation (or, when none does, the smallest shown
 * unit). Each step hides one more unit, so it ends: safe, or with every unit hidden (which the
 * multi-select caller in release.ts checks again, as option bounds can still pin a part there).
 */
export function complementarySuppression(family: Family): boolean[] {
	const hidden = [...family.primary];
	const empty = family.sizes.map((size) => size === 0);
	for (;;) {
		const unsafe = family.relations.filter((relation) => !isProtected(relation, hidden, empty));
		if (unsafe.length === 0) return hidden;
		const shown = family.sizes
			.map((size, index) => ({ size, index }))
			.filter(({ index }) => !hidden[index])
			.sort((a, b) => a.size - b.size || a.index - b.index);
		if (shown.length === 0) return hidden;
		const adding =
			shown.find(({ index }) => unsafe.some((relation) => relation.parts[index]! > 0)) ?? shown[0]!;
		hidden[adding.index] = true;
	}
}

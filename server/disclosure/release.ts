import { SPECIAL_ANSWERS, type SpecialAnswer } from '#survey';
import {
	PROTECTION_WIDTH,
	complementarySuppression,
	hiddenRanges,
	isProtected,
	type Family,
	type Relation
} from './protection.js';

/** ONS threshold rule: a count of fewer than 10 young people (zero included) is never shown. */
export const MIN_COUNT = 10;
/** A shown group this small in which everyone or no one gave an answer tells each member's answer. */
export const ATTRIBUTE_BASE = 30;
/**
 * What every hidden cell says, whatever hid it: a reader cannot tell a cell under 10 from a
 * complement, so a hidden cell is only known to be a count ≥ 0.
 */
export const HIDDEN_LABEL = 'not shown, to protect a small group';
/** Said only of a release's own total, the one hidden figure that is certainly under 10. */
export const FEWER_THAN_10 = 'fewer than 10';

/** The special answers, excluded from the denominator and counted apart: the engine's list. */
export const EXCLUDED_CATEGORIES = SPECIAL_ANSWERS;
export type ExcludedCategory = SpecialAnswer;

/** One agree item's counts for one group: valid answers, positive ones, and the special answers. */
export interface AgreeCounts {
	n: number;
	positive: number;
	excluded: Record<ExcludedCategory, number>;
}

export interface AgreeDecision {
	/** n, positive, % and interval are shown or hidden together. */
	shown: boolean;
	excludedShown: Record<ExcludedCategory, boolean>;
}

/** Everyone or no one in a small shown group gave the positive answer: each member's is known. */
function revealsEveryAnswer(count: number, base: number): boolean {
	return base < ATTRIBUTE_BASE && (count === 0 || count === base);
}

function agreeCellSafeAlone(counts: AgreeCounts): boolean {
	return counts.n >= MIN_COUNT && !revealsEveryAnswer(counts.positive, counts.n);
}

/** The overall cell of an agree item, decided on its own (it is published without a breakdown). */
export function decideAgreeOverall(counts: AgreeCounts): AgreeDecision {
	return {
		shown: agreeCellSafeAlone(counts),
		excludedShown: Object.fromEntries(
			EXCLUDED_CATEGORIES.map((category) => [
				category,
				agreeCellSafeAlone(counts) && counts.excluded[category] >= MIN_COUNT
			])
		) as Record<ExcludedCategory, boolean>
	};
}

/**
 * One agree item in one wave, broken down by groups that add up to the overall figure (a
 * "not stated" group included). The overall decision is the one the release without a breakdown
 * makes, so both releases agree; complements are chosen among the groups.
 */
export function protectAgree(
	overall: AgreeCounts,
	groups: readonly AgreeCounts[]
): { overall: AgreeDecision; groups: AgreeDecision[] } {
	const overallDecision = decideAgreeOverall(overall);
	const relation = (total: number, parts: number[]): Relation => ({
		total,
		totalShown: overallDecision.shown,
		parts
	});
	const cells: Family = {
		relations: [
			relation(
				overall.n,
				groups.map((group) => group.n)
			),
			relation(
				overall.positive,
				groups.map((group) => group.positive)
			),
			relation(
				overall.n - overall.positive,
				groups.map((group) => group.n - group.positive)
			)
		],
		primary: groups.map((group) => !agreeCellSafeAlone(group)),
		sizes: groups.map((group) => group.n)
	};
	const cellHidden = complementarySuppression(cells);
	const excludedHidden = Object.fromEntries(
		EXCLUDED_CATEGORIES.map((category) => {
			const parts = groups.map((group) => group.excluded[category]);
			const family: Family = {
				relations: [
					{
						total: overall.excluded[category],
						totalShown: overallDecision.excludedShown[category],
						parts
					}
				],
				// A hidden cell publishes none of its figures, its special answers included.
				primary: parts.map((part, index) => part < MIN_COUNT || cellHidden[index]!),
				sizes: groups.map((group) => group.n + group.excluded[category])
			};
			return [category, complementarySuppression(family)];
		})
	) as Record<ExcludedCategory, boolean[]>;
	return {
		overall: overallDecision,
		groups: groups.map((_, index) => ({
			shown: !cellHidden[index],
			excludedShown: Object.fromEntries(
				EXCLUDED_CATEGORIES.map((category) => [category, !excludedHidden[category][index]])
			) as Record<ExcludedCategory, boolean>
		}))
	};
}

/** One multi-select item's counts for one group: who answered it, and who chose each option. */
export interface MultiCounts {
	respondents: number;
	options: readonly number[];
}

export interface MultiDecision {
	respondentsShown: boolean;
	optionsShown: boolean[];
}

function optionSafeAlone(count: number, respondents: number): boolean {
	return count >= MIN_COUNT && !revealsEveryAnswer(count, respondents);
}

export function decideMultiOverall(counts: MultiCounts): MultiDecision {
	const respondentsShown = counts.respondents >= MIN_COUNT;
	return {
		respondentsShown,
		optionsShown: counts.options.map(
			(count) => respondentsShown && optionSafeAlone(count, counts.respondents)
		)
	};
}

/**
 * A multi-select item by groups: the respondents add up across groups, and so does each option's
 * count. A group's options are hidden with its respondents (a share of fewer than 10 is never
 * shown), and an option's count is at most its group's respondents, which a reader may use.
 */
export function protectMulti(
	overall: MultiCounts,
	groups: readonly MultiCounts[]
): { overall: MultiDecision; groups: MultiDecision[] } {
	const overallDecision = decideMultiOverall(overall);
	const respondents: Relation = {
		total: overall.respondents,
		totalShown: overallDecision.respondentsShown,
		parts: groups.map((group) => group.respondents)
	};
	const empty = groups.map((group) => group.respondents === 0);
	// A group's respondents bound its option counts, so an option can be pinned through them (10
	// of 10 chose it): such a group's respondents are hidden too, and the options decided again.
	const forced = groups.map((group) => group.respondents < MIN_COUNT);
	let respondentsHidden: boolean[];
	let optionsHidden: boolean[][];
	for (;;) {
		respondentsHidden = complementarySuppression({
			relations: [respondents],
			primary: forced,
			sizes: groups.map((group) => group.respondents)
		});
		const respondentsRange = hiddenRanges(respondents, respondentsHidden);
		const upper = groups.map((group, index) =>
			respondentsHidden[index] ? (respondentsRange.get(index)?.upper ?? null) : group.respondents
		);
		const bounds = upper.map((bound) => (bound !== null && Number.isFinite(bound) ? bound : null));
		const shownRespondents = groups.reduce(
			(sum, group, index) => (respondentsHidden[index] ? sum : sum + group.respondents),
			0
		);
		const poolCapacity = overallDecision.respondentsShown
			? overall.respondents - shownRespondents
			: null;
		const families = overall.options.map((total, option): Family => ({
			relations: [
				{
					total,
					totalShown: overallDecision.optionsShown[option]!,
					parts: groups.map((group) => group.options[option] ?? 0),
					upper: bounds,
					pooled: respondentsHidden,
					poolCapacity
				}
			],
			primary: groups.map(
				(group, index) =>
					respondentsHidden[index]! ||
					!optionSafeAlone(group.options[option] ?? 0, group.respondents)
			),
			sizes: groups.map((group) => group.respondents)
		}));
		optionsHidden = families.map((family) => complementarySuppression(family));
		let changed = false;
		families.forEach((family, option) => {
			const relation = family.relations[0]!;
			if (isProtected(relation, optionsHidden[option]!, empty)) return;
			for (const [index, range] of hiddenRanges(relation, optionsHidden[option]!)) {
				if (!empty[index] && range.upper - range.lower < PROTECTION_WIDTH && !forced[index])
					forced[index] = changed = true;
			}
		});
		if (!changed) break;
	}
	return {
		overall: overallDecision,
		groups: groups.map((_, index) => ({
			respondentsShown: !respondentsHidden[index],
			optionsShown: optionsHidden.map((hidden) => !hidden[index])
		}))
	};
}

/**
 * Plain counts of responses (live views): a total and breakdowns of it (by mode, by day), each
 * adding up to the total. Every count under 10 is hidden, with complements so none can be
 * worked out from the total.
 */
export function protectCounts(
	total: number,
	breakdowns: readonly (readonly number[])[]
): { totalShown: boolean; shown: boolean[][] } {
	const totalShown = total >= MIN_COUNT;
	return {
		totalShown,
		shown: breakdowns.map((parts) =>
			complementarySuppression({
				relations: [{ total, totalShown, parts }],
				primary: parts.map((part) => part < MIN_COUNT),
				sizes: parts
			}).map((hidden) => !hidden)
		)
	};
}

/** A single count published on its own (free-text answers, a session's responses). */
export function countShown(count: number): boolean {
	return count >= MIN_COUNT;
}

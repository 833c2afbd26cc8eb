import { findItem } from './model.js';
import type { AnswerValue, Harmonised, Questionnaire } from './types.js';

/**
 * Positive answers for benchmarking (the engine README, src/lib/survey/README.md): strongly_agree or agree on agree5, yes on agree3.
 * This is what makes the standard (agree5) and easy-read/SEND (agree3) modes, and the 2019/2020
 * waves, comparable.
 */
const POSITIVE = new Set(['strongly_agree', 'agree', 'yes']);
const NOT_POSITIVE = new Set(['neither', 'disagree', 'strongly_disagree', 'sometimes', 'no']);

/**
 * Reduces an agree answer to positive / not positive. dont_know, dont_understand, prefer_not and
 * skipped (undefined) are excluded from the denominator and reported separately as counts.
 */
export function harmonise(
	definition: Questionnaire,
	code: string,
	value: AnswerValue | undefined
): Harmonised {
	const item = findItem(definition, code);
	if (!item || item.type !== 'agree' || typeof value !== 'string') return 'excluded';
	return harmoniseAgreeValue(value);
}

/**
 * The same rule for one value already known to answer an agree item, e.g. a row of the server's
 * answer counts (item, value, count), where the item has been checked once for the whole row set.
 */
export function harmoniseAgreeValue(value: string): Harmonised {
	if (POSITIVE.has(value)) return 'positive';
	if (NOT_POSITIVE.has(value)) return 'not_positive';
	return 'excluded';
}

/**
 * For multi-select items: the options chosen, or null when the respondent is not in the
 * denominator (skipped, dont_know, dont_understand).
 */
export function chosenOptions(value: AnswerValue | undefined): string[] | null {
	return Array.isArray(value) && value.length > 0 ? value : null;
}

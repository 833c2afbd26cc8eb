import { findItem } from './model.js';
import { validateAnswer } from './validate.js';
import type { Answers, Mode, Questionnaire } from './types.js';

/**
 * Keeps the answers that are still valid in `mode` and lists those that must be asked again.
 * Scales are never mapped silently (e.g. "neither" is not "sometimes"): an agree answer given on
 * the other scale, or "I don't understand" on switching to standard, is asked again.
 */
export function reconcileAnswersForMode(
	definition: Questionnaire,
	answers: Answers,
	mode: Mode
): { answers: Answers; askAgain: string[] } {
	const kept: Answers = {};
	const askAgain: string[] = [];
	for (const [code, value] of Object.entries(answers)) {
		const item = findItem(definition, code);
		if (!item) continue;
		if (validateAnswer(definition, item, value, mode) === null) kept[code] = value;
		else askAgain.push(code);
	}
	return { answers: kept, askAgain };
}

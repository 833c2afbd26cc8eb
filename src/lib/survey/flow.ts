import type { Answers, Item, Questionnaire } from './types.js';

/** Is this item asked, given the answers so far? */
export function isItemShown(item: Item, answers: Answers): boolean {
	if (!item.showIf) return true;
	const decider = answers[item.showIf.item];
	return typeof decider !== 'string' || !item.showIf.hiddenWhen.includes(decider);
}

/** The items this respondent is asked, in order. */
export function visibleItems(definition: Questionnaire, answers: Answers): Item[] {
	return definition.items.filter((item) => isItemShown(item, answers));
}

/** The item after `code`, or null when the next step is "check your answers". */
export function nextItem(
	definition: Questionnaire,
	answers: Answers,
	code: string | null
): Item | null {
	const items = visibleItems(definition, answers);
	if (code === null) return items[0] ?? null;
	const index = items.findIndex((item) => item.code === code);
	// An item that has just become hidden still has a place in the full order: continue after it.
	if (index === -1) {
		const fullIndex = definition.items.findIndex((item) => item.code === code);
		return items.find((item) => definition.items.indexOf(item) > fullIndex) ?? null;
	}
	return items[index + 1] ?? null;
}

/** The item before `code`, or null when it is the first. */
export function previousItem(
	definition: Questionnaire,
	answers: Answers,
	code: string
): Item | null {
	const items = visibleItems(definition, answers);
	const fullIndex = definition.items.findIndex((item) => item.code === code);
	const before = items.filter((item) => definition.items.indexOf(item) < fullIndex);
	return before[before.length - 1] ?? null;
}

/**
 * Position of `code` for "Question 3 of 20", 1-based. Only the questions everyone is asked are
 * counted; a follow-up (an item with `showIf`) shares the number of the question it follows. So
 * the total never changes under the respondent's feet: counting the visible items made "9 of 21"
 * become "10 of 20" when an answer dropped the follow-up.
 */
export function progressOf(
	definition: Questionnaire,
	code: string
): { position: number; total: number } {
	const counted = definition.items.filter((item) => !item.showIf);
	const byCode = new Map(definition.items.map((item) => [item.code, item]));
	// A follow-up of a follow-up takes the number of the first question of the chain.
	let numbered = code;
	for (let item = byCode.get(code); item?.showIf; item = byCode.get(item.showIf.item))
		numbered = item.showIf.item;
	return {
		position: counted.findIndex((candidate) => candidate.code === numbered) + 1,
		total: counted.length
	};
}

/** Drops answers to items that are no longer asked (e.g. after changing an earlier answer). */
export function pruneHiddenAnswers(definition: Questionnaire, answers: Answers): Answers {
	const shown = new Set(visibleItems(definition, answers).map((item) => item.code));
	return Object.fromEntries(Object.entries(answers).filter(([code]) => shown.has(code)));
}

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

/** Position of `code` among the visible items, 1-based, for "Question 3 of 20". */
export function progressOf(
	definition: Questionnaire,
	answers: Answers,
	code: string
): { position: number; total: number } {
	const items = visibleItems(definition, answers);
	return { position: items.findIndex((item) => item.code === code) + 1, total: items.length };
}

/** Drops answers to items that are no longer asked (e.g. after changing an earlier answer). */
export function pruneHiddenAnswers(definition: Questionnaire, answers: Answers): Answers {
	const shown = new Set(visibleItems(definition, answers).map((item) => item.code));
	return Object.fromEntries(Object.entries(answers).filter(([code]) => shown.has(code)));
}

import type { Item, Mode, Questionnaire, SpecialAnswer } from './types.js';

export function findItem(definition: Questionnaire, code: string): Item | undefined {
	return definition.items.find((item) => item.code === code);
}

/** The options a respondent in this mode chooses from (the scale for agree items). */
export function optionsFor(definition: Questionnaire, item: Item, mode: Mode): readonly string[] {
	if (item.type === 'agree') return definition.scales[definition.scaleForMode[mode]];
	return item.options ?? [];
}

/** "I don't understand" is offered only in easy-read and SEND modes (the engine README, src/lib/survey/README.md). */
export function specialsFor(item: Item, mode: Mode): readonly SpecialAnswer[] {
	return item.specials.filter((special) => special !== 'dont_understand' || mode !== 'standard');
}

/** Every special answer, in the order reports list them. */
export const SPECIAL_ANSWERS: readonly SpecialAnswer[] = [
	'dont_know',
	'dont_understand',
	'prefer_not'
];

export function isSpecialAnswer(value: unknown): value is SpecialAnswer {
	return (SPECIAL_ANSWERS as readonly unknown[]).includes(value);
}

/**
 * The survey engine: the complete contract between the questionnaire, the app and the server.
 * Plain TypeScript with no Svelte, no DOM and no storage; import only from this file.
 */
export * from './types.js';
export { beSupportedV1 } from './definitions/be-supported-v1.js';
export { findItem, optionsFor, specialsFor, isSpecialAnswer, SPECIAL_ANSWERS } from './model.js';
export {
	isItemShown,
	visibleItems,
	nextItem,
	previousItem,
	progressOf,
	pruneHiddenAnswers
} from './flow.js';
export {
	validateAnswer,
	validateResponse,
	hasClockSkew,
	buildResponse,
	SESSION_CODE,
	normaliseSessionCode
} from './validate.js';
export type { ValidationResult } from './validate.js';
export { harmonise, harmoniseAgreeValue, chosenOptions } from './harmonise.js';
export { reconcileAnswersForMode } from './modes.js';

import { beSupportedV1 } from './definitions/be-supported-v1.js';
/** The questionnaire this build publishes. */
export const currentQuestionnaire = beSupportedV1;
export {
	MAX_SENTENCE_WORDS,
	splitSentences,
	countWords,
	findLongSentence,
	longSentenceMessage,
	outcomesOf
} from './easy-read.js';
export type { LongSentence } from './easy-read.js';

/** The contract of the survey engine. Plain data; no Svelte, no DOM, no storage. */

export type Mode = 'standard' | 'easy_read' | 'send';
export const MODES: readonly Mode[] = ['standard', 'easy_read', 'send'];

export type Outcome = 13 | 14 | 15 | 16;
export type Section = 'questions' | 'about_you';

/** agree items use the mode's scale; multi/single items have their own options; text is free. */
export type ItemType = 'agree' | 'multi' | 'single' | 'text';
export type ScaleId = 'agree5' | 'agree3';

/** Answers that are not an option of the item. Skipping is the absence of an answer. */
export type SpecialAnswer = 'dont_know' | 'dont_understand' | 'prefer_not';

export interface ShowIf {
	/** The item whose answer decides. */
	item: string;
	/** The item is hidden when that answer is one of these values. */
	hiddenWhen: readonly string[];
}

export interface Item {
	/** Stable across waves: the benchmark joins on it. Wording may change, codes may not. */
	code: string;
	section: Section;
	type: ItemType;
	/** The Be Supported outcome it measures; null for "about you" and the cross-cutting text item. */
	outcome: Outcome | null;
	/** Options of multi and single items, in display order. */
	options?: readonly string[];
	/** Options of a multi item that cannot be combined with others (e.g. "no one"). */
	exclusive?: readonly string[];
	/** Maximum length of a text answer, in characters (code points). */
	maxLength?: number;
	/** Special answers this item accepts in addition to its options (per mode, see specialAnswers). */
	specials: readonly SpecialAnswer[];
	showIf?: ShowIf;
}

export interface Questionnaire {
	id: string;
	/** Bumped when anything a respondent sees or may answer changes. */
	version: string;
	scales: Record<ScaleId, readonly string[]>;
	/** Which scale each mode shows for agree items. */
	scaleForMode: Record<Mode, ScaleId>;
	/** Which locales may be recorded with a response. */
	locales: readonly string[];
	items: readonly Item[];
}

export type AnswerValue = string | string[];
export type Answers = Record<string, AnswerValue>;

/** A completed response, as the client sends it and the server stores it. */
export interface SurveyResponse {
	id: string;
	questionnaireVersion: string;
	mode: Mode;
	locale: string;
	sessionCode?: string;
	startedAt: string;
	completedAt: string;
	answers: Answers;
}

export interface ValidationIssue {
	/** Dotted path of the offending field, e.g. "answers.feel_believed" or "completedAt". */
	field: string;
	/** Machine-readable reason, e.g. "not_an_option". */
	code: string;
	/** Plain-English reason for staff and logs. */
	message: string;
}

export type Harmonised = 'positive' | 'not_positive' | 'excluded';

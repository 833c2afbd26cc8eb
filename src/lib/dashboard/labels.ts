import { currentQuestionnaire, MODES } from '#survey';
import type { LabelSet } from './api';

/**
 * The words a person reads for every code in a report: the server's labels (GET /api/v1/labels
 * and the report's own `label` fields) where it sends them, otherwise the questionnaire's i18n
 * wording. Codes stay the stable keys; no screen shows one.
 */
export interface Translate {
	t: (key: string) => string;
	has: (key: string) => boolean;
}

/** The Engagement Team's outcome statements (the local area's SEND outcomes 13–16). */
export const OUTCOME_TITLES: Record<number, string> = {
	13: 'I know who to speak to, and I will be listened to and believed',
	14: 'I can get information in a way that suits me',
	15: 'I have inspiring role models',
	16: 'The staff I talk to are experienced and caring'
};

/** Breakdowns by who answered: the about-you items and the way the survey was done. */
export const BREAKDOWNS = [
	'age_band',
	'gender',
	'send',
	'care_experienced',
	'young_carer',
	'district',
	'setting',
	'mode'
] as const;

// Short names for a breakdown: the question ("How old are you?") reads badly as a column title.
const GROUP_NAMES: Record<string, string> = {
	age_band: 'Age',
	gender: 'Gender',
	send: 'Special educational needs or disability (SEND)',
	care_experienced: 'In care now or before',
	young_carer: 'Young carer',
	district: 'Where they live',
	setting: 'Where they did the survey',
	mode: 'Way of doing the survey'
};

const MODE_NAMES: Record<string, string> = {
	standard: 'Standard (5-point answers)',
	easy_read: 'Easy read (3-point answers)',
	send: 'Symbols and read aloud (3-point answers)'
};

// Groups every breakdown has beyond the item's own options (server/services/benchmark.service.ts).
const EXTRA_VALUES: Record<string, string> = {
	all: 'Everyone',
	prefer_not: 'Preferred not to say',
	not_stated: 'Not recorded'
};

/** "a_b" → "a b": only when no wording exists anywhere (an unknown code from a newer server). */
const spelled = (code: string) => code.replace(/_/g, ' ');

export class ReportLabels {
	#translate: Translate;
	#server: LabelSet | null;

	constructor(translate: Translate, server: LabelSet | null = null) {
		this.#translate = translate;
		this.#server = server;
	}

	#question(code: string): string | null {
		const key = `questionnaire:items.${code}.question`;
		return this.#translate.has(key) ? this.#translate.t(key) : null;
	}

	/** An item's wording ("I know who to talk to if I am worried or need help"). */
	item(code: string, fromReport?: string): string {
		return (
			fromReport ??
			this.#server?.items.find((item) => item.code === code)?.label ??
			this.#question(code) ??
			spelled(code)
		);
	}

	outcome(number: number, fromReport?: string | null): string {
		return fromReport ?? OUTCOME_TITLES[number] ?? `Outcome ${number}`;
	}

	/**
	 * A breakdown's name ("Age"): the short name for headings and pickers first; the server's label
	 * is the question itself ("How old are you?"), used for a breakdown without a short name.
	 */
	group(code: string, fromReport?: string | null): string {
		return (
			GROUP_NAMES[code] ??
			fromReport ??
			this.#server?.groups.find((group) => group.code === code)?.label ??
			this.#question(code) ??
			spelled(code)
		);
	}

	/** One value of a breakdown ("14 to 16", "Non-binary", "Cherwell (for example …)"). */
	value(group: string, code: string, fromReport?: string): string {
		if (fromReport) return fromReport;
		const server = this.#server?.groups
			.find((entry) => entry.code === group)
			?.values.find((value) => value.code === code)?.label;
		if (server) return server;
		if (group === 'mode' && MODE_NAMES[code]) return MODE_NAMES[code];
		if (EXTRA_VALUES[code]) return EXTRA_VALUES[code];
		const key = `questionnaire:items.${group}.options.${code}`;
		return this.#translate.has(key) ? this.#translate.t(key) : spelled(code);
	}

	/** An option of a multi-select item ("A youth worker"). */
	option(item: string, code: string, fromReport?: string): string {
		if (fromReport) return fromReport;
		const key = `questionnaire:items.${item}.options.${code}`;
		return this.#translate.has(key) ? this.#translate.t(key) : spelled(code);
	}

	mode(code: string): string {
		return this.value('mode', code);
	}

	/** The setting picker of the sessions page: `settings` of /api/v1/labels, else the item's options. */
	settings(): { code: string; label: string }[] {
		return this.#server?.settings ?? this.#options('setting');
	}

	districts(): { code: string; label: string }[] {
		return this.#server?.districts ?? this.#options('district');
	}

	#options(item: string): { code: string; label: string }[] {
		const options = currentQuestionnaire.items.find((entry) => entry.code === item)?.options ?? [];
		return options.map((code) => ({ code, label: this.value(item, code) }));
	}

	/** Every mode the survey has, for pickers. */
	modes(): { code: string; label: string }[] {
		return MODES.map((code) => ({ code, label: this.mode(code) }));
	}
}

import type { i18n, TOptions } from 'i18next';
import { createI18n, DEFAULT_LOCALE } from '$lib/i18n';

/** The respondent's language. Components call `locale.t(key)`; reading it tracks the language. */
export class LocaleState {
	#i18n: i18n;
	#language = $state<string>(DEFAULT_LOCALE);

	constructor(instance: i18n = createI18n()) {
		this.#i18n = instance;
		this.#language = instance.language;
	}

	get language(): string {
		return this.#language;
	}

	get dir(): 'ltr' | 'rtl' {
		return this.#i18n.dir(this.#language);
	}

	t = (key: string, options?: TOptions): string => {
		// Reading #language makes every caller re-render when the language changes.
		void this.#language;
		return this.#i18n.t(key, options) as string;
	};

	/** True when a key exists and is not empty, e.g. to leave out an empty hint. */
	has = (key: string, options?: TOptions): boolean => {
		void this.#language;
		return this.#i18n.exists(key, options) && this.#i18n.t(key, options) !== '';
	};

	/**
	 * Questionnaire wording for a mode: easy-read and SEND modes use the easy-read resources
	 * (namespace "easy") and fall back to the standard wording where they have none.
	 */
	q = (key: string, mode: string, options?: TOptions): string =>
		this.t(key, { ...options, ns: mode === 'standard' ? ['questionnaire'] : ['easy', 'questionnaire'] });

	/** Interface wording for a mode: easy-read versions of screens where they exist. */
	u = (key: string, mode: string, options?: TOptions): string =>
		this.t(key, { ...options, ns: mode === 'standard' ? ['ui'] : ['easy', 'ui'] });

	hasQ = (key: string, mode: string): boolean =>
		this.has(key, { ns: mode === 'standard' ? ['questionnaire'] : ['easy', 'questionnaire'] });

	async setLanguage(language: string): Promise<void> {
		await this.#i18n.changeLanguage(language);
		this.#language = language;
	}
}

export const locale = new LocaleState();

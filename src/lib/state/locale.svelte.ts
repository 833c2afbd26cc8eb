import {
	addEnglishEasyRead,
	addLanguage,
	createTranslator,
	DEFAULT_LOCALE,
	isLocale,
	type Translator,
	type TranslateOptions as TOptions
} from '$lib/i18n';

/** The respondent's language. Components call `locale.t(key)`; reading it tracks the language. */
export class LocaleState {
	#translator: Translator;
	#language = $state<string>(DEFAULT_LOCALE);
	/** Bumped when wording arrives (e.g. the easy-read namespace), so what reads it re-renders. */
	#loaded = $state(0);

	constructor(instance: Translator = createTranslator()) {
		this.#translator = instance;
		this.#language = instance.language;
	}

	get language(): string {
		return this.#language;
	}

	get dir(): 'ltr' | 'rtl' {
		return this.#translator.dir(this.#language);
	}

	t = (key: string, options?: TOptions): string => {
		// Reading these makes every caller re-render when the language or the loaded wording changes.
		void this.#language;
		void this.#loaded;
		return this.#translator.t(key, options);
	};

	/** True when a key exists and is not empty, e.g. to leave out an empty hint. */
	has = (key: string, options?: TOptions): boolean => {
		void this.#language;
		void this.#loaded;
		return this.#translator.exists(key, options) && this.#translator.t(key, options) !== '';
	};

	/**
	 * Questionnaire wording for a mode: easy-read and SEND modes use the easy-read resources
	 * (namespace "easy") and fall back to the standard wording where they have none.
	 */
	q = (key: string, mode: string, options?: TOptions): string =>
		this.t(key, {
			...options,
			ns: mode === 'standard' ? ['questionnaire'] : ['easy', 'questionnaire']
		});

	/** Interface wording for a mode: easy-read versions of screens where they exist. */
	u = (key: string, mode: string, options?: TOptions): string =>
		this.t(key, { ...options, ns: mode === 'standard' ? ['ui'] : ['easy', 'ui'] });

	hasQ = (key: string, mode: string): boolean =>
		this.has(key, { ns: mode === 'standard' ? ['questionnaire'] : ['easy', 'questionnaire'] });

	/** Easy-read wording is loaded when an easy-read or SEND mode is used (until then: standard). */
	/** True once the easy-read wording is here (until then easy-read screens use the standard one). */
	get hasEasyRead(): boolean {
		void this.#loaded;
		return (
			this.#translator.hasNamespace(DEFAULT_LOCALE, 'easy') ||
			this.#translator.hasNamespace(this.#language, 'easy')
		);
	}

	async loadEasyRead(): Promise<void> {
		if (this.#translator.hasNamespace(DEFAULT_LOCALE, 'easy')) return;
		await addEnglishEasyRead(this.#translator);
		this.#loaded += 1;
	}

	#requested = '';

	async setLanguage(language: string): Promise<void> {
		if (!isLocale(language)) return;
		// Only the latest choice applies, however the downloads of two languages finish.
		this.#requested = language;
		await addLanguage(this.#translator, language);
		if (this.#requested !== language) return;
		this.#translator.language = language;
		this.#language = language;
	}
}

export const locale = new LocaleState();

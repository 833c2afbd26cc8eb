import {
	addEnglishEasyRead,
	addEnglishLaterWording,
	addLanguage,
	createI18n,
	DEFAULT_LOCALE,
	isLocale,
	type I18n,
	type TranslateOptions as TOptions
} from '$lib/i18n';

/**
 * The respondent's language over the app's i18next instance. Components call `locale.t(key)`;
 * reading it tracks the language and the loaded wording (i18next itself is not reactive).
 */
export class LocaleState {
	#i18n: I18n;
	#language = $state<string>(DEFAULT_LOCALE);
	/** Bumped when wording arrives (e.g. the easy-read namespace), so what reads it re-renders. */
	#loaded = $state(0);

	constructor(instance: I18n = createI18n()) {
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
		// Reading these makes every caller re-render when the language or the loaded wording changes.
		void this.#language;
		void this.#loaded;
		return this.#i18n.t(key, options) as string;
	};

	/** True when a key exists and is not empty, e.g. to leave out an empty hint. */
	has = (key: string, options?: TOptions): boolean => {
		void this.#language;
		void this.#loaded;
		return this.#i18n.exists(key, options) && this.#i18n.t(key, options) !== '';
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

	/** True once the easy-read wording is here (until then easy-read screens use the standard one). */
	get hasEasyRead(): boolean {
		void this.#loaded;
		return (
			this.#i18n.hasResourceBundle(DEFAULT_LOCALE, 'easy') ||
			this.#i18n.hasResourceBundle(this.#language, 'easy')
		);
	}

	/** Easy-read wording is loaded when an easy-read or SEND mode is used (until then: standard). */
	async loadEasyRead(): Promise<void> {
		if (this.#i18n.hasResourceBundle(DEFAULT_LOCALE, 'easy')) return;
		await addEnglishEasyRead(this.#i18n);
		this.#loaded += 1;
	}

	#laterWording: Promise<void> | null = null;

	/**
	 * The rest of the English interface wording (about, help, settings, check answers, done…):
	 * started once the first question is shown, and awaited by each screen that shows it before it
	 * renders, so none shows a raw key. Every other language's bundle has all its wording already.
	 */
	loadLaterWording(): Promise<void> {
		this.#laterWording ??= addEnglishLaterWording(this.#i18n).then(
			() => {
				this.#loaded += 1;
			},
			(error: unknown) => {
				// Tried again by the next screen that needs it (e.g. a first visit that lost its signal).
				this.#laterWording = null;
				throw error;
			}
		);
		return this.#laterWording;
	}

	#requested = '';

	async setLanguage(language: string): Promise<void> {
		if (!isLocale(language)) return;
		// Only the latest choice applies, however the downloads of two languages finish.
		this.#requested = language;
		await addLanguage(this.#i18n, language);
		if (this.#requested !== language) return;
		await this.#i18n.changeLanguage(language);
		this.#language = language;
	}
}

export const locale = new LocaleState();

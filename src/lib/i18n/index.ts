import i18next, { type i18n } from 'i18next';
import enGBui from './locales/en-GB/ui.json';
import enGBquestionnaire from './locales/en-GB/questionnaire.json';
import enGBeasy from './locales/en-GB/easy.json';

/**
 * Every string a respondent sees comes from these resources (namespaces: ui, questionnaire).
 * To add a language, add locales/<lang>/*.json and list it in LOCALES (see README).
 */
export const LOCALES = ['en-GB'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-GB';

export function createI18n(language: string = DEFAULT_LOCALE): i18n {
	const instance = i18next.createInstance();
	// Resources are bundled, so initialisation is synchronous: the prerendered HTML and the first
	// client render use the same strings and no request is made for them.
	void instance.init({
		lng: language,
		fallbackLng: DEFAULT_LOCALE,
		supportedLngs: [...LOCALES],
		ns: ['ui', 'questionnaire', 'easy'],
		defaultNS: 'ui',
		resources: { 'en-GB': { ui: enGBui, questionnaire: enGBquestionnaire, easy: enGBeasy } },
		initAsync: false,
		interpolation: { escapeValue: false } // Svelte escapes text it renders.
	});
	return instance;
}

export function directionOf(instance: i18n, language: string): 'ltr' | 'rtl' {
	return instance.dir(language);
}

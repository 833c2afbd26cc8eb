import i18next, { type i18n } from 'i18next';
import enGBui from './locales/en-GB/ui.json';
import enGBquestionnaire from './locales/en-GB/questionnaire.json';
import enGBeasy from './locales/en-GB/easy.json';
import plUi from './locales/pl/ui.json';
import plQuestionnaire from './locales/pl/questionnaire.json';
import plEasy from './locales/pl/easy.json';
import arUi from './locales/ar/ui.json';
import arQuestionnaire from './locales/ar/questionnaire.json';
import arEasy from './locales/ar/easy.json';

/**
 * Every string a respondent sees comes from these resources. Namespaces: ui (interface),
 * questionnaire (standard-mode wording keyed by item code) and easy (easy-read wording for the
 * easy_read and send modes, same key paths). To add a language see the README.
 */
export const RESOURCES = {
	'en-GB': { ui: enGBui, questionnaire: enGBquestionnaire, easy: enGBeasy },
	pl: { ui: plUi, questionnaire: plQuestionnaire, easy: plEasy },
	ar: { ui: arUi, questionnaire: arQuestionnaire, easy: arEasy }
} as const;

export type Locale = keyof typeof RESOURCES;
export const LOCALES = Object.keys(RESOURCES) as Locale[];
export const DEFAULT_LOCALE: Locale = 'en-GB';

/**
 * Keys a language deliberately leaves to the English fallback (for example a term with no
 * translation yet). The resource test fails on any other missing key.
 */
export const FALLBACK_KEYS: Record<Locale, readonly string[]> = { 'en-GB': [], pl: [], ar: [] };

export interface LocaleMeta {
	name: string;
	dir: 'ltr' | 'rtl';
	status: 'complete' | 'draft';
	review?: string;
}

export function localeMeta(locale: Locale): LocaleMeta {
	return RESOURCES[locale].ui.meta as LocaleMeta;
}

export function createI18n(language: string = DEFAULT_LOCALE): i18n {
	const instance = i18next.createInstance();
	// Resources are bundled, so initialisation is synchronous: the prerendered HTML and the first
	// client render use the same strings and no request is made for them.
	void instance.init({
		lng: language,
		fallbackLng: DEFAULT_LOCALE,
		supportedLngs: LOCALES,
		ns: ['ui', 'questionnaire', 'easy'],
		defaultNS: 'ui',
		resources: RESOURCES,
		initAsync: false,
		interpolation: { escapeValue: false } // Svelte escapes text it renders.
	});
	return instance;
}

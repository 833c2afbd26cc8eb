import { Translator } from './translator.js';
import enGBui from './locales/en-GB/ui.json';
import enGBquestionnaire from './locales/en-GB/questionnaire.json';

/**
 * Every string a respondent sees comes from these resources. Namespaces: ui (interface),
 * questionnaire (standard-mode wording keyed by item code) and easy (easy-read wording for the
 * easy_read and send modes, same key paths). To add a language see the README.
 */
export type LocaleResources = {
	ui: Record<string, unknown>;
	questionnaire: Record<string, unknown>;
	easy: Record<string, unknown>;
};

export const LOCALES = ['en-GB', 'pl', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-GB';
export const NAMESPACES = ['ui', 'questionnaire', 'easy'] as const;

/** What every page needs from the start: English (the default and the fallback), standard wording. */
const EN_GB_CORE: Partial<LocaleResources> = { ui: enGBui, questionnaire: enGBquestionnaire };
const loadEnglishEasyRead = () =>
	import('./locales/en-GB/easy.json').then((module) => module.default as Record<string, unknown>);

/**
 * English standard wording is part of the app; its easy-read wording and each other language are
 * chunks of their own, loaded when a mode or language needs them, so a phone downloads only what
 * it uses before the first question. The service worker precaches them all for offline use.
 */
const LOADERS: Record<Locale, () => Promise<LocaleResources>> = {
	'en-GB': async () => ({
		ui: enGBui,
		questionnaire: enGBquestionnaire,
		easy: await loadEnglishEasyRead()
	}),
	pl: () => import('./locales/pl/index.js').then((module) => module.resources),
	ar: () => import('./locales/ar/index.js').then((module) => module.resources)
};

export const isLocale = (code: string): code is Locale =>
	(LOCALES as readonly string[]).includes(code);

export function loadResources(locale: Locale): Promise<LocaleResources> {
	return LOADERS[locale]();
}

export async function loadAllResources(): Promise<Record<Locale, LocaleResources>> {
	const loaded = await Promise.all(
		LOCALES.map(async (locale) => [locale, await loadResources(locale)] as const)
	);
	return Object.fromEntries(loaded) as Record<Locale, LocaleResources>;
}

/**
 * Keys a language deliberately leaves to the English fallback (for example a term with no
 * translation yet). The resource test fails on any other missing key.
 */
// The report's labels (ui:report.*) are read by staff in English (the dashboard is English-only).
const STAFF_REPORT_KEYS = [
	'ui:report.overall',
	'ui:report.notStated',
	'ui:report.outcomes.13',
	'ui:report.outcomes.14',
	'ui:report.outcomes.15',
	'ui:report.outcomes.16'
];
export const FALLBACK_KEYS: Record<Locale, readonly string[]> = {
	'en-GB': [],
	pl: STAFF_REPORT_KEYS,
	ar: STAFF_REPORT_KEYS
};

export interface LocaleMeta {
	name: string;
	dir: 'ltr' | 'rtl';
	status: 'complete' | 'draft';
	review?: string;
}

export function localeMeta(resources: LocaleResources): LocaleMeta {
	return resources.ui.meta as LocaleMeta;
}

/** Every language with its name and review status, e.g. for a language picker (loads them all). */
export async function languages(): Promise<({ code: Locale } & LocaleMeta)[]> {
	const all = await loadAllResources();
	return LOCALES.map((code) => ({ code, ...localeMeta(all[code]) }));
}

/** A translator over the given languages' resources (English always), set to `language`. */
export function createTranslator(
	language: string = DEFAULT_LOCALE,
	resources: Partial<Record<Locale, LocaleResources>> = {}
): Translator {
	// The resources are in memory, so the prerendered HTML and the first client render use the
	// same strings and no request is made for them.
	return new Translator({
		resources: { [DEFAULT_LOCALE]: EN_GB_CORE, ...resources },
		language: isLocale(language) ? language : DEFAULT_LOCALE,
		fallbackLanguage: DEFAULT_LOCALE,
		defaultNamespace: 'ui'
	});
}

/** Adds a language's resources to a translator (once), so it can be switched to. */
export async function addLanguage(translator: Translator, locale: Locale): Promise<void> {
	if (!translator.hasNamespace(locale, 'ui'))
		translator.addResources(locale, await loadResources(locale));
}

/** Adds the English easy-read wording (the fallback of every language's easy-read wording). */
export async function addEnglishEasyRead(translator: Translator): Promise<void> {
	if (!translator.hasNamespace(DEFAULT_LOCALE, 'easy'))
		translator.addResources(DEFAULT_LOCALE, { easy: await loadEnglishEasyRead() });
}

export { Translator, type TranslateOptions } from './translator.js';

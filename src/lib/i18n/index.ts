import i18next, { type i18n, type TOptions } from 'i18next';
import enGBfirstUi from './locales/en-GB/ui.json?first';
import enGBquestionnaire from './locales/en-GB/questionnaire.json';
import { mergeWording } from './first-wording';

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

/**
 * What every page needs from the start: English (the default and the fallback), standard wording,
 * and the interface wording of the screens up to the first question (see first-wording.ts).
 */
const EN_GB_CORE: Partial<LocaleResources> = { ui: enGBfirstUi, questionnaire: enGBquestionnaire };
const loadEnglishEasyRead = () =>
	import('./locales/en-GB/easy.json').then((module) => module.default as Record<string, unknown>);
/** The rest of the English interface wording (about, help, settings, check answers, done…). */
const loadEnglishLaterUi = () =>
	import('./locales/en-GB/ui.json?later').then(
		(module) => module.default as Record<string, unknown>
	);

/**
 * English standard wording is part of the app; the rest of its interface wording, its easy-read
 * wording and each other language are chunks of their own, loaded when a mode or language needs them, so a phone downloads only what
 * it uses before the first question. The service worker precaches them all for offline use.
 */
const LOADERS: Record<Locale, () => Promise<LocaleResources>> = {
	'en-GB': async () => {
		const [laterUi, easy] = await Promise.all([loadEnglishLaterUi(), loadEnglishEasyRead()]);
		return { ui: mergeWording(enGBfirstUi, laterUi), questionnaire: enGBquestionnaire, easy };
	},
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

/** The i18next instance type the app and the tests share. */
export type I18n = i18n;
export type TranslateOptions = TOptions;

/**
 * The one translator: an i18next instance over the given languages' resources (English always),
 * set to `language`. The app (src/lib/state/locale.svelte.ts) and the tests both make theirs
 * here, so the tests check the instance the app really uses.
 */
export function createI18n(
	language: string = DEFAULT_LOCALE,
	resources: Partial<Record<Locale, LocaleResources>> = {}
): I18n {
	const instance = i18next.createInstance();
	// The resources are in memory and initAsync is off, so init() finishes before it returns: the
	// prerendered HTML and the first client render use the same strings and no request is made.
	void instance.init({
		lng: isLocale(language) ? language : DEFAULT_LOCALE,
		fallbackLng: DEFAULT_LOCALE,
		supportedLngs: [...LOCALES],
		ns: [...NAMESPACES],
		defaultNS: 'ui',
		resources: { ...resources, [DEFAULT_LOCALE]: { ...EN_GB_CORE, ...resources[DEFAULT_LOCALE] } },
		// Languages, English's later interface wording and the easy-read namespace arrive later
		// (addLanguage / addEnglishLaterWording / addEnglishEasyRead).
		partialBundledLanguages: true,
		initAsync: false,
		// Svelte escapes text it renders; RichText turns the only markup (**bold**, <bdi>) into elements.
		interpolation: { escapeValue: false }
	});
	return instance;
}

/** Adds a language's resources to an instance (once), so it can be switched to. */
export async function addLanguage(instance: I18n, locale: Locale): Promise<void> {
	if (instance.hasResourceBundle(locale, 'ui')) return;
	const resources = await loadResources(locale);
	for (const namespace of NAMESPACES)
		if (!instance.hasResourceBundle(locale, namespace))
			instance.addResourceBundle(locale, namespace, resources[namespace]);
}

/** Adds the English easy-read wording (the fallback of every language's easy-read wording). */
export async function addEnglishEasyRead(instance: I18n): Promise<void> {
	if (instance.hasResourceBundle(DEFAULT_LOCALE, 'easy')) return;
	instance.addResourceBundle(DEFAULT_LOCALE, 'easy', await loadEnglishEasyRead());
}

/**
 * Adds the rest of the English interface wording into the same `ui` namespace (a deep merge: the
 * sections the first part has a key of, such as about.link, get the rest of their keys).
 */
export async function addEnglishLaterWording(instance: I18n): Promise<void> {
	if (hasEnglishLaterWording(instance)) return;
	instance.addResourceBundle(DEFAULT_LOCALE, 'ui', await loadEnglishLaterUi(), true, false);
}

/** True once the English later wording is in (about.title is one of its keys). */
export function hasEnglishLaterWording(instance: I18n): boolean {
	return instance.getResource(DEFAULT_LOCALE, 'ui', 'about.title') !== undefined;
}

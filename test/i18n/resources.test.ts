import { describe, expect, it } from 'vitest';
import {
	createI18n,
	FALLBACK_KEYS,
	loadAllResources,
	localeMeta,
	LOCALES,
	NAMESPACES,
	type Locale
} from '../../src/lib/i18n/index.js';

// Every language, as the app loads them (English bundled, the others on demand).
const RESOURCES = await loadAllResources();
const i18nFor = (locale: Locale) => createI18n(locale, RESOURCES);

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
	const flat = new Map<string, string>();
	for (const [key, value] of Object.entries(tree)) {
		if (typeof value === 'string') flat.set(prefix + key, value);
		else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text);
	}
	return flat;
}

const strings = (locale: Locale, namespace: (typeof NAMESPACES)[number]) =>
	flatten(RESOURCES[locale][namespace] as unknown as Tree);

const englishKeys = new Set(
	NAMESPACES.flatMap((namespace) => [...strings('en-GB', namespace).keys()])
);

/**
 * The keys a language must have for each English key: plural keys need the language's own forms.
 * A key is plural only when English has its `_other` form too (the option `no_one` is not).
 */
function requiredKeys(locale: Locale, englishKey: string): string[] {
	if (!PLURAL.test(englishKey) || !englishKeys.has(englishKey.replace(PLURAL, '_other')))
		return [englishKey];
	const base = englishKey.replace(PLURAL, '');
	return new Intl.PluralRules(locale)
		.resolvedOptions()
		.pluralCategories.map((category) => `${base}_${category}`);
}

describe('translations', () => {
	const translated = LOCALES.filter((locale) => locale !== 'en-GB');

	it.each(translated)('%s has every key of en-GB (or declares it as a fallback)', (locale) => {
		const missing: string[] = [];
		for (const namespace of NAMESPACES) {
			const theirs = strings(locale, namespace);
			for (const key of strings('en-GB', namespace).keys()) {
				if (key === 'meta.review') continue;
				for (const needed of requiredKeys(locale, key)) {
					if (!theirs.has(needed) && !FALLBACK_KEYS[locale].includes(`${namespace}:${needed}`))
						missing.push(`${namespace}:${needed}`);
				}
			}
		}
		expect(missing, `missing in ${locale}:\n${[...new Set(missing)].join('\n')}`).toEqual([]);
	});

	it.each(translated)('%s keeps every {{variable}} of the English text', (locale) => {
		const broken: string[] = [];
		for (const namespace of NAMESPACES) {
			const theirs = strings(locale, namespace);
			for (const [key, english] of strings('en-GB', namespace)) {
				const variables = (english.match(/{{\s*\w+\s*}}/g) ?? []).filter(
					(variable) => !variable.includes('count')
				);
				for (const needed of requiredKeys(locale, key)) {
					const text = theirs.get(needed);
					if (text !== undefined && variables.some((variable) => !text.includes(variable)))
						broken.push(`${namespace}:${needed}`);
				}
			}
		}
		expect(broken).toEqual([]);
	});

	it.each(LOCALES)('%s easy-read strings have no sentence longer than 15 words', (locale) => {
		const tooLong: string[] = [];
		for (const [key, text] of strings(locale, 'easy')) {
			const sentences = text.replace(/\*\*/g, '').split(/[.!?؟]+/);
			for (const sentence of sentences) {
				const words = sentence.trim().split(/\s+/).filter(Boolean);
				if (words.length > 15) tooLong.push(`${key} (${words.length} words): ${sentence.trim()}`);
			}
		}
		expect(tooLong).toEqual([]);
	});

	it('marks Polish and Arabic as drafts needing review, and Arabic as right to left', () => {
		for (const locale of translated) {
			expect(localeMeta(RESOURCES[locale]).status).toBe('draft');
			expect(localeMeta(RESOURCES[locale]).review).toMatch(/qualified translator/);
		}
		expect(localeMeta(RESOURCES['en-GB']).status).toBe('complete');
		expect(localeMeta(RESOURCES.ar).dir).toBe('rtl');
		expect(i18nFor('ar').dir('ar')).toBe('rtl');
		expect(i18nFor('pl').dir('pl')).toBe('ltr');
	});

	it('picks the right plural form in each language', () => {
		expect(i18nFor('pl').t('sync.waiting', { count: 3 })).toBe('3 odpowiedzi czekają na wysłanie');
		expect(i18nFor('pl').t('sync.waiting', { count: 5 })).toBe('5 odpowiedzi czeka na wysłanie');
		expect(i18nFor('ar').t('sync.waiting', { count: 2 })).toBe('إجابتان بانتظار الإرسال');
		expect(i18nFor('en-GB').t('sync.waiting', { count: 1 })).toBe('1 answer waiting to be sent');
	});
});

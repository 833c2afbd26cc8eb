import { describe, expect, it } from 'vitest';
import {
	addEnglishEasyRead,
	addLanguage,
	createI18n,
	loadAllResources,
	LOCALES,
	NAMESPACES,
	type Locale
} from '../../src/lib/i18n/index.js';

// The app's one translator is the i18next instance createI18n() makes (src/lib/state/locale.svelte.ts
// wraps it for the components); these tests run against that same factory.
const RESOURCES = await loadAllResources();

type Tree = { [key: string]: string | Tree };
function keysOf(tree: Tree, prefix = ''): string[] {
	return Object.entries(tree).flatMap(([key, value]) =>
		typeof value === 'string' ? [prefix + key] : keysOf(value, `${prefix}${key}.`)
	);
}
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('the app translator (i18next, as createI18n sets it up)', () => {
	it.each(LOCALES)('%s: no key of any namespace comes back as the key (missing)', (language) => {
		const i18n = createI18n(language, RESOURCES);
		const missing: string[] = [];
		for (const namespace of NAMESPACES) {
			for (const full of keysOf(RESOURCES['en-GB'][namespace] as Tree)) {
				if (full === 'meta.review') continue;
				const isPlural = PLURAL.test(full) && full.endsWith('_other');
				if (PLURAL.test(full) && !isPlural) continue;
				const key = full.replace(PLURAL, '');
				const options = { ns: namespace, ...(isPlural ? { count: 7 } : {}) };
				if (!i18n.exists(key, options)) missing.push(`${namespace}:${key}`);
				else if (i18n.t(key, options) === key) missing.push(`${namespace}:${key} (gave the key)`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('answers an unknown key with the key itself, without its namespace', () => {
		const i18n = createI18n('pl', RESOURCES);
		expect(i18n.exists('no.such.key')).toBe(false);
		expect(i18n.t('no.such.key')).toBe('no.such.key');
		expect(i18n.t('questionnaire:no.such.key')).toBe('no.such.key');
	});

	it('uses all six Arabic plural forms (zero, one, two, few, many, other)', () => {
		const i18n = createI18n('ar', RESOURCES);
		const waiting = (RESOURCES.ar.ui.sync as Record<string, string>) ?? {};
		const rules = new Intl.PluralRules('ar');
		const seen = new Set<string>();
		for (const count of [0, 1, 2, 3, 10, 11, 99, 100, 101, 102]) {
			const form = rules.select(count);
			seen.add(form);
			const expected = waiting[`waiting_${form}`]!.replace('{{count}}', String(count));
			expect(i18n.t('sync.waiting', { count }), `count ${count} (${form})`).toBe(expected);
		}
		expect([...seen].sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
	});

	it('picks the right plural form in Polish and English', () => {
		expect(createI18n('pl', RESOURCES).t('sync.waiting', { count: 3 })).toBe(
			'3 odpowiedzi czekają na wysłanie'
		);
		expect(createI18n('pl', RESOURCES).t('sync.waiting', { count: 5 })).toBe(
			'5 odpowiedzi czeka na wysłanie'
		);
		expect(createI18n('en-GB').t('sync.waiting', { count: 1 })).toBe('1 answer waiting to be sent');
		expect(createI18n('en-GB').t('sync.waiting', { count: 4 })).toBe(
			'4 answers waiting to be sent'
		);
	});

	it('fills {{variables}} and does not escape them (Svelte escapes what it renders)', () => {
		const i18n = createI18n('en-GB');
		expect(i18n.t('question.progress', { position: 3, total: 20 })).toBe('Question 3 of 20');
		expect(i18n.t('join.session', { name: 'Year 9 <b>&' })).toContain('Year 9 <b>&');
	});

	it('looks in namespaces in order and falls back to English, then to the standard wording', () => {
		const i18n = createI18n('pl', RESOURCES);
		const easy = RESOURCES.pl.easy as Tree;
		const items = easy.items as Tree;
		const code = Object.keys(items)[0]!;
		const easyText = (items[code] as Tree).question as string;
		expect(i18n.t(`items.${code}.question`, { ns: ['easy', 'questionnaire'] })).toBe(easyText);
		expect(i18n.t(`easy:items.${code}.question`)).toBe(easyText);
		// The dashboard names the namespace in the key.
		expect(i18n.t('questionnaire:items.feel_believed.question')).toBe(
			((RESOURCES.pl.questionnaire.items as Tree).feel_believed as Tree).question
		);
		// Another language on request (lng), and English for what a language does not have.
		expect(i18n.t('meta.name', { lng: 'ar' })).toBe((RESOURCES.ar.ui.meta as Tree).name);
		expect(i18n.t('welcome.start', { lng: 'en-GB' })).toBe(
			(RESOURCES['en-GB'].ui.welcome as Tree).start
		);
		expect(i18n.dir('ar')).toBe('rtl');
		expect(i18n.dir('pl')).toBe('ltr');
	});

	it('starts with English standard wording only; languages and easy read are added on demand', async () => {
		const i18n = createI18n();
		expect(i18n.language).toBe('en-GB');
		expect(i18n.hasResourceBundle('en-GB', 'ui')).toBe(true);
		expect(i18n.hasResourceBundle('en-GB', 'questionnaire')).toBe(true);
		expect(i18n.hasResourceBundle('en-GB', 'easy')).toBe(false);
		expect(i18n.hasResourceBundle('pl', 'ui')).toBe(false);
		// Easy-read screens use the standard wording until the easy-read namespace is here.
		const key = 'items.know_who_to_talk_to.question';
		const standard = i18n.t(key, { ns: ['easy', 'questionnaire'] });
		expect(standard).toBe(i18n.t(key, { ns: 'questionnaire' }));

		await addEnglishEasyRead(i18n);
		expect(i18n.hasResourceBundle('en-GB', 'easy')).toBe(true);
		expect(i18n.t(key, { ns: ['easy', 'questionnaire'] })).toBe(
			((RESOURCES['en-GB'].easy.items as Tree).know_who_to_talk_to as Tree).question
		);

		await addLanguage(i18n, 'pl');
		for (const namespace of NAMESPACES) expect(i18n.hasResourceBundle('pl', namespace)).toBe(true);
		await i18n.changeLanguage('pl');
		expect(i18n.t('welcome.start')).toBe((RESOURCES.pl.ui.welcome as Tree).start);
	});

	it('falls back to English for an unsupported language code', () => {
		expect(createI18n('xx' as Locale).language).toBe('en-GB');
	});
});

import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import {
	createTranslator,
	loadAllResources,
	LOCALES,
	NAMESPACES,
	type Locale
} from '../../src/lib/i18n/index.js';

// The app reads its i18next resources with a small translator (src/lib/i18n/translator.ts) to keep
// 16 KB of i18next off a phone's first download. Here i18next itself, set up as the app had it,
// is the reference: every key, in every language, namespace order, plural count and variable,
// must come out the same from both.
const RESOURCES = await loadAllResources();

function reference(language: Locale) {
	const instance = i18next.createInstance();
	void instance.init({
		lng: language,
		fallbackLng: 'en-GB',
		supportedLngs: [...LOCALES],
		ns: [...NAMESPACES],
		defaultNS: 'ui',
		resources: RESOURCES,
		initAsync: false,
		interpolation: { escapeValue: false }
	});
	return instance;
}

type Tree = { [key: string]: string | Tree };
function keysOf(tree: Tree, prefix = ''): string[] {
	return Object.entries(tree).flatMap(([key, value]) =>
		typeof value === 'string' ? [prefix + key] : keysOf(value, `${prefix}${key}.`)
	);
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Every key the app can ask for: plural keys by their base (asked with a count). */
const ASKED = [
	...new Set(
		LOCALES.flatMap((locale) =>
			NAMESPACES.flatMap((namespace) =>
				keysOf(RESOURCES[locale][namespace] as Tree).map((key) => key.replace(PLURAL, ''))
			)
		)
	)
];
const NAMESPACE_ORDERS = [
	undefined,
	['ui'],
	['questionnaire'],
	['easy', 'questionnaire'],
	['easy', 'ui']
];
const COUNTS = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102];
const VARIABLES = {
	position: 3,
	total: 20,
	name: 'Polski',
	mode: 'Easy read',
	option: 'Yes',
	count: 2,
	n: 4,
	waiting: 5,
	code: 'ABC234'
};

describe('the translator reads i18next resources exactly as i18next does', () => {
	it.each(LOCALES)(
		'every key in %s, in every namespace order, with every plural count and variable',
		(language) => {
			const ours = createTranslator(language, RESOURCES);
			const theirs = reference(language);
			const differences: string[] = [];
			for (const ns of NAMESPACE_ORDERS) {
				for (const key of ASKED) {
					const cases = [
						{ ...VARIABLES, count: undefined },
						...COUNTS.map((count) => ({ ...VARIABLES, count }))
					];
					for (const options of cases) {
						const asked = { ...options, ...(ns ? { ns } : {}) };
						const expected = theirs.t(key, asked as never) as unknown;
						// i18next answers a key that names a whole object with a message; the app never asks for those.
						if (
							typeof expected !== 'string' ||
							expected.includes('returned an object instead of string')
						)
							continue;
						const actual = ours.t(key, asked);
						if (actual !== expected)
							differences.push(
								`${JSON.stringify(ns)} ${key} count=${options.count}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`
							);
						if (ours.exists(key, asked) !== theirs.exists(key, asked as never))
							differences.push(`exists ${key}`);
					}
				}
			}
			expect(differences.slice(0, 20)).toEqual([]);
		},
		// Every key × namespace order × count against i18next: seconds on a loaded machine.
		60_000
	);

	it('answers another language on request (lng), falls back to English, and keeps unknown variables', () => {
		const ours = createTranslator('pl', RESOURCES);
		const theirs = reference('pl');
		for (const options of [{ lng: 'ar' }, { lng: 'en-GB' }, {}]) {
			for (const key of ['meta.name', 'meta.status', 'welcome.start', 'no.such.key'])
				expect(ours.t(key, options)).toBe(theirs.t(key, options));
		}
		expect(ours.t('question.progress')).toBe(theirs.t('question.progress'));
		// A namespace named in the key (the dashboard asks for question wording this way).
		for (const key of [
			'questionnaire:items.feel_believed.question',
			'easy:items.feel_believed.question',
			'ui:welcome.start',
			'questionnaire:no.such.key'
		]) {
			expect(ours.t(key)).toBe(theirs.t(key));
			expect(ours.t(key, { ns: ['ui'] })).toBe(theirs.t(key, { ns: ['ui'] }));
		}
		expect(ours.dir('ar')).toBe('rtl');
		expect(ours.dir('pl')).toBe('ltr');
	});
});

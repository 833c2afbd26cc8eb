import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import firstUi from '../../src/lib/i18n/locales/en-GB/ui.json?first';
import laterUi from '../../src/lib/i18n/locales/en-GB/ui.json?later';
import { FIRST_UI_PATHS, mergeWording, wordingPart } from '../../src/lib/i18n/first-wording.js';
import {
	addEnglishLaterWording,
	createI18n,
	hasEnglishLaterWording,
	loadResources
} from '../../src/lib/i18n/index.js';

type Tree = { [key: string]: string | Tree };
const WHOLE = JSON.parse(
	readFileSync('src/lib/i18n/locales/en-GB/ui.json', 'utf8')
) as unknown as Tree;

function keys(tree: Tree, prefix = ''): string[] {
	return Object.entries(tree).flatMap(([key, value]) =>
		typeof value === 'string' ? [prefix + key] : keys(value, `${prefix}${key}.`)
	);
}

describe('the two parts of the English interface wording', () => {
	it('are the whole of ui.json between them, with no key in both', () => {
		const first = keys(firstUi as Tree);
		const later = keys(laterUi as Tree);
		expect(first.filter((key) => later.includes(key))).toEqual([]);
		expect([...first, ...later].sort()).toEqual(keys(WHOLE).sort());
		expect(mergeWording(firstUi, laterUi)).toEqual(WHOLE);
	});

	it('put each named path, and only those, in the first part', () => {
		const first = keys(firstUi as Tree);
		for (const path of FIRST_UI_PATHS) expect(first.some((key) => key.startsWith(path))).toBe(true);
		for (const key of first)
			expect(FIRST_UI_PATHS.some((path) => key === path || key.startsWith(path + '.'))).toBe(true);
		expect(first).toContain('about.link');
		expect(keys(laterUi as Tree)).toContain('about.title');
	});

	it('split a section by one of its keys and leave out a section with nothing named', () => {
		const wording = { a: { x: '1', y: '2' }, b: { z: '3' }, c: '4' };
		expect(wordingPart(wording, 'first', ['a.x', 'c'])).toEqual({ a: { x: '1' }, c: '4' });
		expect(wordingPart(wording, 'later', ['a.x', 'c'])).toEqual({ a: { y: '2' }, b: { z: '3' } });
	});

	it('leave the later screens to the later part until it is added, then deep-merge it', async () => {
		const i18n = createI18n();
		expect(i18n.t('about.link')).toBe((WHOLE.about as Tree).link);
		expect(hasEnglishLaterWording(i18n)).toBe(false);
		expect(i18n.exists('about.title')).toBe(false);
		await addEnglishLaterWording(i18n);
		expect(hasEnglishLaterWording(i18n)).toBe(true);
		expect(i18n.t('about.title')).toBe((WHOLE.about as Tree).title);
		// The first part's keys of the same section are still there.
		expect(i18n.t('about.link')).toBe((WHOLE.about as Tree).link);
	});

	it('come whole from loadResources, as the missing-key tests and the language picker see them', async () => {
		expect((await loadResources('en-GB')).ui).toEqual(WHOLE);
	});
});

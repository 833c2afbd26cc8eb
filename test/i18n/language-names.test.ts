import { describe, expect, it } from 'vitest';
import { languages, LOCALES } from '../../src/lib/i18n/index.js';
import { LANGUAGE_NAMES, matchDeviceLanguage } from '../../src/lib/i18n/language-names.js';

describe('language names and the device language', () => {
	it('names every language as its own resources do', async () => {
		const all = await languages();
		for (const { code, name } of all) expect(LANGUAGE_NAMES[code]).toBe(name);
		expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...LOCALES].sort());
	});

	it.each([
		[['ar-EG', 'en-US'], 'ar'],
		[['pl'], 'pl'],
		[['en-US'], 'en-GB'],
		[['fr-FR', 'pl-PL'], 'pl'],
		[['EN-gb'], 'en-GB'],
		[['fr', 'de'], null],
		[[], null]
	])('%j → %s', (preferred, expected) => {
		expect(matchDeviceLanguage(preferred)).toBe(expected);
	});
});

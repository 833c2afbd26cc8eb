import { describe, expect, it } from 'vitest';
import glossary from '../../src/lib/i18n/locales/glossary.json';
import { loadAllResources, LOCALES, NAMESPACES, type Locale } from '../../src/lib/i18n/index.js';

// A name or a quoted button translated two ways reads as two different things (the Arabic draft
// had "Engagement Team" as فريق التواصل on the welcome page and فريق المشاركة on "You said").
const RESOURCES = await loadAllResources();
const TERMS = glossary.terms as Record<string, Partial<Record<Locale, string>>>;
const TRANSLATED = LOCALES.filter((locale) => locale !== 'en-GB');

type Tree = { [key: string]: string | Tree };
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

describe('glossary: one translation per name and quoted button', () => {
	it('has a translation of every term for every language', () => {
		for (const [term, translations] of Object.entries(TERMS))
			for (const locale of TRANSLATED)
				expect(translations[locale], `${term} in ${locale}`).toBeTruthy();
	});

	it('names only terms the English wording uses', () => {
		const english = NAMESPACES.flatMap((namespace) => [...strings('en-GB', namespace).values()]);
		for (const term of Object.keys(TERMS))
			expect(
				english.some((text) => text.includes(term)),
				term
			).toBe(true);
	});

	for (const locale of TRANSLATED) {
		it(`${locale} uses the glossary's words wherever English uses the term`, () => {
			const problems: string[] = [];
			for (const namespace of NAMESPACES) {
				const translated = strings(locale, namespace);
				for (const [key, text] of strings('en-GB', namespace))
					for (const [term, translations] of Object.entries(TERMS)) {
						const expected = translations[locale]!;
						const translation = translated.get(key);
						// A key the language leaves to the English fallback shows the English term.
						if (text.includes(term) && translation !== undefined && !translation.includes(expected))
							problems.push(`${namespace}:${key} should say "${expected}" for "${term}"`);
					}
			}
			expect(problems).toEqual([]);
		});
	}
});

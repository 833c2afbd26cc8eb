import { LOCALES, type Locale } from './index.js';

/** Each language named in itself, so a person finds their own without reading another. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
	'en-GB': 'English',
	pl: 'Polski',
	ar: 'العربية'
};

/**
 * The first of the device's languages (navigator.languages, most preferred first) that the survey
 * has: an exact match, then the same language ("en-US" → "en-GB", "ar-EG" → "ar"); null if none.
 */
export function matchDeviceLanguage(preferred: readonly string[]): Locale | null {
	for (const tag of preferred) {
		const lower = tag.toLowerCase();
		const exact = LOCALES.find((code) => code.toLowerCase() === lower);
		if (exact) return exact;
		const base = lower.split('-')[0];
		const sameLanguage = LOCALES.find((code) => code.toLowerCase().split('-')[0] === base);
		if (sameLanguage) return sameLanguage;
	}
	return null;
}

import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { wordingPart } from '../src/lib/i18n/first-wording.js';

/** `…/locales/en-GB/ui.json?first` and `?later`: the two parts of the English interface wording. */
const PART_ID = /^(.*[\\/]locales[\\/]en-GB[\\/]ui\.json)\?(first|later)$/;

/**
 * Makes the two parts of the English interface wording from ui.json (which stays one file), so
 * the first part goes into the respondent's first chunk and the later part into a chunk of its own
 * (see src/lib/i18n/first-wording.ts).
 */
export function englishWordingParts(): Plugin {
	return {
		name: 'be-supported:english-wording-parts',
		enforce: 'pre',
		load(id) {
			const match = PART_ID.exec(id);
			if (!match) return null;
			const [, file, part] = match as unknown as [string, string, 'first' | 'later'];
			this.addWatchFile(file);
			const wording = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
			return { code: JSON.stringify(wordingPart(wording, part)), moduleType: 'json' };
		}
	};
}

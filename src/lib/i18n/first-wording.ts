/**
 * The English interface wording (locales/en-GB/ui.json) comes in two parts, so a phone downloads
 * only what it shows before the first question: `ui.json?first` carries the key paths below (what
 * the welcome page, a question page, the header, footer, status bar, quick exit and error page
 * show) and `ui.json?later` everything else (about, help, settings, you-said, check answers, done,
 * the session-code pages), loaded after the first question and awaited by the screens that use it.
 * A path is a whole section ("welcome") or one key of it ("about.link"). ui.json stays one file
 * (translators and the server read it whole); vite.config.ts makes the two parts from it.
 */
export const FIRST_UI_PATHS: readonly string[] = [
	'meta',
	'app.name',
	'nav',
	'welcome',
	'question.progress',
	'question.continue',
	'question.skip',
	'question.or',
	'question.saved',
	'question.saveFailed',
	'question.charactersLeft_one',
	'question.charactersLeft_other',
	'question.tooLong_one',
	'question.tooLong_other',
	'question.errorSummary',
	'question.aboutYouIntro',
	'offline',
	'sync',
	'errors',
	// The read-aloud buttons (its speed choices are on the settings page).
	'readAloud.wholePage',
	'readAloud.question',
	'readAloud.option',
	'readAloud.noVoice',
	// The mode picker on the welcome page (what changing mode says is on the settings page).
	'modes.legend',
	'modes.standard',
	'modes.standardHint',
	'modes.easy_read',
	'modes.easy_readHint',
	'modes.send',
	'modes.sendHint',
	// The footer's links on every page.
	'about.link',
	'youSaid.link',
	// "Got a code?" on the welcome page, and the joined session's bar there.
	'join.gotCode',
	'join.codeLabel',
	'join.codeHint',
	'join.codeSubmit',
	'join.codeInvalid',
	'join.offline',
	'join.session',
	'join.leave'
];

type Wording = Record<string, unknown>;

const isWording = (value: unknown): value is Wording =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The part of `wording` the first paths name (`first`) or the rest of it (`later`). */
export function wordingPart(
	wording: Wording,
	part: 'first' | 'later',
	paths: readonly string[] = FIRST_UI_PATHS
): Wording {
	const split = (node: Wording, prefix: string): Wording => {
		const out: Wording = {};
		for (const [key, value] of Object.entries(node)) {
			const path = prefix + key;
			const isFirst = paths.includes(path);
			const holdsFirst = paths.some((named) => named.startsWith(path + '.'));
			if (holdsFirst && isWording(value)) {
				const inner = split(value, path + '.');
				if (Object.keys(inner).length > 0) out[key] = inner;
			} else if (isFirst === (part === 'first')) out[key] = value;
		}
		return out;
	};
	return split(wording, '');
}

/** The two parts put back together (for the tests and a language picker: the whole English set). */
export function mergeWording(first: Wording, later: Wording): Wording {
	const out: Wording = { ...first };
	for (const [key, value] of Object.entries(later)) {
		const have = out[key];
		out[key] = isWording(have) && isWording(value) ? mergeWording(have, value) : value;
	}
	return out;
}

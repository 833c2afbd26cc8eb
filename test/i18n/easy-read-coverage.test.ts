/**
 * Easy-read coverage (issue 13, item 3): every piece of wording a young person can meet in the
 * easy_read or send mode has an easy-read version, short sentences, and — for answers — a picture.
 *
 * The rule, derived from the source so that a new string cannot slip past easy read:
 * 1. Respondent screens are every .svelte file under src/routes and src/lib/components except the
 *    staff screens (dashboard, rep, the "we did" form) and the pages listed in NOT_EASY_READ below.
 * 2. In those files interface wording is read with `u(key)` / `locale.u(key, mode)`, never
 *    `t(key)` / `locale.t(key)`, except for the keys in READ_WITH_T (with the reason given).
 * 3. Every interface key those files name (a quoted "ns.key" that is an en-GB ui.json key, or a
 *    `ns.${…}` template) needs an en-GB easy.json string (plural keys: their _one and _other).
 * 4. Every easy-read string they use has no sentence longer than 15 words (the engine's rule).
 * 5. Every item and every answer offered in easy_read or send (options, scale values, special
 *    answers) has easy-read wording and a picture whose file is in static/symbols (SEND puts a
 *    symbol on every option).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	currentQuestionnaire,
	findLongSentence,
	MAX_SENTENCE_WORDS,
	optionsFor,
	specialsFor,
	type Mode
} from '#survey';
import { itemSymbol, optionSymbol, SCREEN_SYMBOLS } from '../../src/lib/symbols/index.js';

const ROOT = join(import.meta.dirname, '../..');
const SOURCES = ['src/routes', 'src/lib/components'];
/**
 * Staff screens: never shown to a young person. WeDidForm is where staff write "we did" (the
 * dashboard's publish page); the public page shows what they wrote with YouSaidResults.
 */
const STAFF = [
	/^src\/routes\/dashboard\//,
	/^src\/routes\/rep\//,
	/^src\/lib\/components\/(dashboard|rep)\//,
	/^src\/lib\/components\/you-said\/WeDidForm\.svelte$/
];
/**
 * Respondent pages left in standard wording on purpose (say why):
 * - About: the credits, privacy notice and licences, kept in full for an adult to read (a young
 *   person's easy read covers what the survey is, on the welcome page).
 */
const NOT_EASY_READ = [/^src\/routes\/about\//];
/** Keys read with t() on respondent screens, and why they need no easy-read version. */
const READ_WITH_T: Record<string, string> = {
	'app.name': 'the name of the survey, the same in every mode',
	'welcome.intro': 'welcome page: shown only in standard mode (easy read shows welcome.sentences)',
	'welcome.who': 'standard mode only, as welcome.intro',
	'welcome.anonymousTitle': 'standard mode only, as welcome.intro',
	'welcome.anonymous': 'standard mode only, as welcome.intro',
	'welcome.voluntaryTitle': 'standard mode only, as welcome.intro',
	'welcome.voluntary': 'standard mode only, as welcome.intro',
	'welcome.time': 'standard mode only, as welcome.intro',
	'welcome.offline': 'standard mode only, as welcome.intro'
};
const EASY_EXTRA_ROOTS = ['welcome.sentences'];

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Map<string, string> {
	const flat = new Map<string, string>();
	for (const [key, value] of Object.entries(tree)) {
		if (typeof value === 'string') flat.set(prefix + key, value);
		else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text);
	}
	return flat;
}
const load = (name: string) =>
	flatten(JSON.parse(readFileSync(join(ROOT, 'src/lib/i18n/locales/en-GB', name), 'utf8')) as Tree);
const UI = load('ui.json');
const EASY = load('easy.json');
const PLURAL = /_(one|other)$/;
/** ui keys as code names them: plural keys by their base ("sync.waiting"). */
const UI_KEYS = new Set([...UI.keys()].map((key) => key.replace(PLURAL, '')));
const hasEasy = (key: string) =>
	EASY.has(key) || (EASY.has(`${key}_one`) && EASY.has(`${key}_other`));
const easyTexts = (key: string) =>
	[key, `${key}_one`, `${key}_other`].filter((k) => EASY.has(k)).map((k) => EASY.get(k)!);

function svelteFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? svelteFiles(`${dir}/${entry.name}`)
			: entry.name.endsWith('.svelte')
				? [`${dir}/${entry.name}`]
				: []
	);
}
const RESPONDENT_FILES = SOURCES.flatMap(svelteFiles).filter(
	(file) => ![...STAFF, ...NOT_EASY_READ].some((pattern) => pattern.test(file))
);

/** The interface keys a file names: quoted ui keys, and ui keys matching a `ns.${…}` template. */
export function keysIn(source: string): string[] {
	const keys = new Set<string>();
	for (const [, key] of source.matchAll(/['"`]([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)['"`]/g))
		if (UI_KEYS.has(key!)) keys.add(key!);
	for (const [, template] of source.matchAll(/`([a-zA-Z]+\.[^`]*\$\{[^`]*)`/g)) {
		const root = template!.split('.')[0]!;
		if (['items', 'scales', 'specials', 'sections', 'options'].includes(root)) continue; // rule 5
		const pattern = new RegExp(
			'^' +
				template!
					.split(/\$\{[^}]*\}/)
					.map((part) => part.replace(/[.*+?^()|[\]\\]/g, '\\$&'))
					.join('[^.]+') +
				'$'
		);
		const matched = [...UI_KEYS, ...EASY.keys()].filter((key) => pattern.test(key));
		if (matched.length === 0) keys.add(`(template matches no key) ${template}`);
		for (const key of matched)
			if (UI_KEYS.has(key) || EASY_EXTRA_ROOTS.some((r) => key.startsWith(r))) keys.add(key);
	}
	return [...keys];
}

/** Literal keys read with t(): `t('x.y')` and `locale.t('x.y')` (not u(), q() or has()). */
function keysReadWithT(source: string): string[] {
	return [...source.matchAll(/(?<![\w$])(?:locale\.)?t\(\s*['"`]([^'"`]+)['"`]/g)].map(
		(match) => match[1]!
	);
}

/** The engine's easy-read rule (the one "we did" texts meet), on the words without markup. */
const longSentence = (text: string) => findLongSentence(text.replace(/\*\*|<\/?bdi>/g, ''));

describe('easy-read coverage of the respondent screens', () => {
	it('finds the respondent screens and the keys they use (the scan itself works)', () => {
		expect(RESPONDENT_FILES).toContain('src/routes/survey/check/+page.svelte');
		expect(RESPONDENT_FILES).toContain('src/lib/components/layout/SyncStatusBar.svelte');
		expect(RESPONDENT_FILES).toContain('src/routes/you-said/+page.svelte');
		expect(RESPONDENT_FILES).toContain('src/lib/components/you-said/YouSaidResults.svelte');
		expect(RESPONDENT_FILES).not.toContain('src/lib/components/you-said/WeDidForm.svelte');
		expect(RESPONDENT_FILES).not.toContain('src/routes/about/+page.svelte');
		expect(longSentence('One two three. **Bold** words count once.')).toBeNull();
		expect(longSentence(`${'word '.repeat(MAX_SENTENCE_WORDS)}and one more.`)).not.toBeNull();
		expect(RESPONDENT_FILES).not.toContain('src/routes/dashboard/+page.svelte');
		expect(keysIn("u('sync.waiting', { count })")).toEqual(['sync.waiting']);
		expect(keysIn('u(`settings.textSizes.${size}`)')).toContain('settings.textSizes.2');
		expect(keysIn("{ text: 'help.childlinePhone' }")).toEqual(['help.childlinePhone']);
		expect(
			keysReadWithT("locale.t('a.b') + t('c.d') + locale.u('e.f', m) + format('g.h')")
		).toEqual(['a.b', 'c.d']);
	});

	it.each(RESPONDENT_FILES)('%s reads interface wording with u(), not t()', (file) => {
		const bypassing = keysReadWithT(readFileSync(join(ROOT, file), 'utf8')).filter(
			(key) => !(key in READ_WITH_T)
		);
		expect(bypassing, `use locale.u(key, mode) in ${file}`).toEqual([]);
	});

	it.each(RESPONDENT_FILES)('%s: every key has an easy-read string of short sentences', (file) => {
		const source = readFileSync(join(ROOT, file), 'utf8');
		const problems: string[] = [];
		for (const key of keysIn(source)) {
			if (key in READ_WITH_T) continue;
			if (!hasEasy(key)) problems.push(`no easy-read string: ${key}`);
			for (const text of easyTexts(key)) {
				const long = longSentence(text);
				if (long) problems.push(`${long.words} words in ${key}: ${long.sentence}`);
			}
		}
		expect(problems, relative(ROOT, file)).toEqual([]);
	});
});

describe('easy-read markup', () => {
	it.each(['en-GB', 'pl', 'ar'])(
		'%s: **bold** and <bdi> are never nested (RichText reads one level)',
		(language) => {
			const easy = flatten(
				JSON.parse(
					readFileSync(join(ROOT, 'src/lib/i18n/locales', language, 'easy.json'), 'utf8')
				) as Tree
			);
			// The parts RichText makes: a bold part with <bdi> inside, or the reverse, shows raw markup.
			const nested = [...easy].filter(([, text]) =>
				[...text.matchAll(/\*\*.+?\*\*|<bdi>.+?<\/bdi>/g)].some(
					([part]) => part.slice(2, -2).includes('<bdi>') || part.slice(5, -6).includes('**')
				)
			);
			expect(nested).toEqual([]);
		}
	);
});

describe('easy-read coverage of the questionnaire', () => {
	const definition = currentQuestionnaire;
	const modes: Mode[] = ['easy_read', 'send'];
	const symbolFile = (code: string) => existsSync(join(ROOT, 'static/symbols', `${code}.svg`));

	it.each(modes)('%s: every item and answer has easy-read wording', (mode) => {
		const missing: string[] = [];
		for (const item of definition.items) {
			if (!EASY.has(`items.${item.code}.question`)) missing.push(`items.${item.code}.question`);
			for (const option of optionsFor(definition, item, mode)) {
				const key =
					item.type === 'agree'
						? `scales.${definition.scaleForMode[mode]}.${option}`
						: `items.${item.code}.options.${option}`;
				if (!EASY.has(key)) missing.push(key);
			}
			for (const special of specialsFor(item, mode))
				if (!EASY.has(`specials.${special}`)) missing.push(`specials.${special}`);
		}
		expect([...new Set(missing)]).toEqual([]);
	});

	it.each(modes)('%s: every item and every option has a picture that is bundled', (mode) => {
		const missing: string[] = [];
		for (const item of definition.items) {
			const symbol = itemSymbol(item.code);
			if (!symbol || !symbolFile(symbol)) missing.push(`${item.code} (${symbol ?? 'none'})`);
			for (const option of [...optionsFor(definition, item, mode), ...specialsFor(item, mode)]) {
				const code = optionSymbol(item.code, option);
				if (!code || !symbolFile(code)) missing.push(`${item.code}.${option} (${code ?? 'none'})`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('every screen picture is bundled', () => {
		const missing = Object.entries(SCREEN_SYMBOLS).filter(([, code]) => !symbolFile(code));
		expect(missing).toEqual([]);
	});

	it('pictures that look alike are not given to different people (issue 13)', () => {
		const talkTo = (option: string) => optionSymbol('who_would_you_talk_to', option);
		expect(talkTo('school_nurse')).not.toBe(talkTo('doctor_health'));
		expect(talkTo('sibling')).not.toBe(talkTo('friend'));
	});
});

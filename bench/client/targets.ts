// The sites the client benchmark measures: Be Supported and the peers in bench/peers/ (each
// described by its target.json; see bench/peers/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchTarget {
	/** Short key, e.g. "ours", "surveyjs". */
	key: string;
	name: string;
	/** Folder served as the site root. */
	root: string;
	startPath: string;
	/**
	 * Steps a person takes before the first question, each a predicate (function source, run in the
	 * page) that says the button to tap is painted, and the button. The harness taps it the moment
	 * it is painted, and again every RETAP_MS while nothing happens, as a person would (no thinking
	 * time counted); taps before the page can take them are the "dead taps".
	 */
	before?: { name: string; visible: string; click: string }[];
	firstQuestionUsable: string;
	titleSelector: string;
	optionSelector: string;
	nextSelector: string;
	/** All questions on one page: there is no "next question" to time. */
	isAllOnOnePage?: boolean;
	/** Has a service worker: the precache and an offline repeat visit are measured. */
	hasServiceWorker: boolean;
}

interface PeerTargetFile {
	name: string;
	packages: Record<string, string>;
	root: string;
	startPath: string;
	firstQuestionUsable: string;
	titleSelector: string;
	optionSelector: string;
	nextSelector: string;
	allOnOnePage?: boolean;
}

export const PEERS = ['surveyjs', 'odk-web-forms'] as const;

export function peerTarget(
	key: (typeof PEERS)[number]
): BenchTarget & { dir: string; packages: Record<string, string> } {
	const dir = join('bench', 'peers', key);
	const file = JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')) as PeerTargetFile;
	return {
		key,
		dir,
		packages: file.packages,
		name: file.name,
		root: join(dir, file.root),
		startPath: file.startPath,
		firstQuestionUsable: file.firstQuestionUsable,
		titleSelector: file.titleSelector,
		optionSelector: file.optionSelector,
		nextSelector: file.nextSelector,
		isAllOnOnePage: file.allOnOnePage === true,
		hasServiceWorker: false
	};
}

/**
 * Be Supported as a young person meets it: the welcome page (what the survey is, that it is
 * anonymous and voluntary), then "Start the survey", then the first question. The peers show
 * their first question straight away, so our figure includes a screen theirs do not have.
 */
export function ourTarget(version: string): BenchTarget {
	// Painted: laid out with a size (what a person can see and tap), whether or not the app's
	// script has run yet.
	const startVisible = `() => { const start = document.querySelector('button.start'); const box = start?.getBoundingClientRect(); return !!box && box.width > 0 && box.height > 0; }`;
	return {
		key: 'ours',
		name: `Be Supported ${version}`,
		root: 'build',
		startPath: '/',
		before: [{ name: 'welcome', visible: startVisible, click: 'button.start' }],
		// Usable = the app has hydrated (the layout sets data-mode) and the survey has started (a Start
		// followed before the app loaded arrives with ?start, dropped once the draft exists).
		firstQuestionUsable: `() => location.pathname === '/survey/know_who_to_talk_to' && location.search === '' && !!document.documentElement.dataset.mode && !!document.querySelector('main h1')?.textContent?.includes('I know who to talk to') && !!document.querySelector('main fieldset input[type=radio]:not([disabled])')`,
		titleSelector: 'main h1',
		optionSelector: 'main fieldset label[for]',
		nextSelector: 'main form button[type=submit]',
		hasServiceWorker: true
	};
}

/**
 * The quick exit, to the GOV.UK "Exit this page" pattern
 * (https://design-system.service.gov.uk/components/exit-this-page/): a button on every respondent
 * page and Shift pressed three times. It blanks the page at once, replaces this history entry with a
 * neutral site, and records that it happened so a survey page opened afterwards (Back, or the app
 * reopened) shows the welcome page instead (static/exit-guard.js does that before anything is drawn).
 */
export const EXIT_URL = 'https://www.bbc.co.uk/weather';
const EXITED_KEY = 'be-supported:exited';
/** GOV.UK: three presses of Shift, each within this long of the one before. */
const SHIFT_WINDOW_MS = 5000;

type ExitStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class QuickExit {
	#storage: ExitStorage | undefined;
	#leave: (url: string) => void;
	#now: () => number;
	#shiftTimes: number[] = [];
	hasExited = $state(false);

	constructor(
		options: { storage?: ExitStorage; leave?: (url: string) => void; now?: () => number } = {}
	) {
		this.#storage = options.storage;
		this.#leave = options.leave ?? ((url) => window.location.replace(url));
		this.#now = options.now ?? (() => Date.now());
		try {
			this.hasExited = this.#storage?.getItem(EXITED_KEY) === '1';
		} catch {
			this.hasExited = false;
		}
	}

	/** Hides everything now, then leaves for a neutral site without adding a history entry. */
	exit(): void {
		try {
			this.#storage?.setItem(EXITED_KEY, '1');
		} catch {
			// Storage full or blocked: leaving matters more.
		}
		this.hasExited = true;
		if (typeof document !== 'undefined') {
			document.title = '';
			document.body.replaceChildren();
		}
		this.#leave(EXIT_URL);
	}

	/** The person chose "Continue" or started again on the welcome page. */
	clear(): void {
		try {
			this.#storage?.removeItem(EXITED_KEY);
		} catch {
			// Nothing stored.
		}
		this.hasExited = false;
	}

	/** Feed every keydown here: the third Shift within the window leaves. */
	onKeydown(event: Pick<KeyboardEvent, 'key' | 'repeat'>): void {
		if (event.key !== 'Shift') {
			this.#shiftTimes = [];
			return;
		}
		if (event.repeat) return;
		const now = this.#now();
		this.#shiftTimes = [...this.#shiftTimes.filter((time) => now - time <= SHIFT_WINDOW_MS), now];
		if (this.#shiftTimes.length >= 3) {
			this.#shiftTimes = [];
			this.exit();
		}
	}
}

export const quickExit = new QuickExit({
	storage: typeof localStorage === 'undefined' ? undefined : localStorage
});

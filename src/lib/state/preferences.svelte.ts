import { MODES, type Mode } from '#survey';

/** Display and reading settings, kept on this device only (never sent with a response). */
export const TEXT_SIZES = [1, 1.25, 1.5, 2] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

interface StoredPreferences {
	textSize: TextSize;
	highContrast: boolean;
	dyslexiaFont: boolean;
	reduceMotion: boolean;
	readAloud: boolean | null;
	speechRate: number;
	/** The way of doing the survey chosen last on this device, offered first next time. */
	mode: Mode;
}

const DEFAULTS: StoredPreferences = {
	textSize: 1,
	highContrast: false,
	dyslexiaFont: false,
	reduceMotion: false,
	// null = follow the mode (on in SEND mode, off otherwise).
	readAloud: null,
	speechRate: 1,
	mode: 'standard'
};

const STORAGE_KEY = 'be-supported:preferences';

export class Preferences {
	textSize = $state<TextSize>(DEFAULTS.textSize);
	highContrast = $state(DEFAULTS.highContrast);
	dyslexiaFont = $state(DEFAULTS.dyslexiaFont);
	reduceMotion = $state(DEFAULTS.reduceMotion);
	readAloud = $state<boolean | null>(DEFAULTS.readAloud);
	speechRate = $state(DEFAULTS.speechRate);
	mode = $state<Mode>(DEFAULTS.mode);
	#storage: Pick<Storage, 'getItem' | 'setItem'> | null;

	constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null = null) {
		this.#storage = storage;
	}

	/** Reads saved settings; bad or missing values fall back to the defaults. */
	load(storage?: Pick<Storage, 'getItem' | 'setItem'> | null): void {
		if (storage !== undefined) this.#storage = storage;
		let saved: Partial<StoredPreferences>;
		try {
			saved = JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? '{}') as Partial<StoredPreferences>;
		} catch {
			saved = {};
		}
		this.textSize = TEXT_SIZES.includes(saved.textSize as TextSize)
			? (saved.textSize as TextSize)
			: DEFAULTS.textSize;
		this.highContrast = saved.highContrast === true;
		this.dyslexiaFont = saved.dyslexiaFont === true;
		this.reduceMotion = saved.reduceMotion === true;
		this.readAloud = typeof saved.readAloud === 'boolean' ? saved.readAloud : null;
		this.mode = MODES.includes(saved.mode as Mode) ? (saved.mode as Mode) : DEFAULTS.mode;
		this.speechRate =
			typeof saved.speechRate === 'number' && saved.speechRate >= 0.5 && saved.speechRate <= 1.5
				? saved.speechRate
				: 1;
	}

	save(): void {
		const value: StoredPreferences = {
			textSize: this.textSize,
			highContrast: this.highContrast,
			dyslexiaFont: this.dyslexiaFont,
			reduceMotion: this.reduceMotion,
			readAloud: this.readAloud,
			speechRate: this.speechRate,
			mode: this.mode
		};
		try {
			this.#storage?.setItem(STORAGE_KEY, JSON.stringify(value));
		} catch {
			// Settings still apply for this visit; storage may be full or blocked.
		}
	}

	isReadAloudOn(mode: string): boolean {
		return this.readAloud ?? mode === 'send';
	}
}

export const preferences = new Preferences();

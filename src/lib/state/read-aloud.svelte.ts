import { plainText } from '$lib/i18n/plain-text';
/** A piece of the page that can be read aloud; `id` is highlighted while it is spoken. */
export interface SpokenPart {
	id: string;
	text: string;
}

/** How long a device with no listed voices gets to start speaking before we say it has none. */
export const NO_VOICE_AFTER_MS = 2500;

/**
 * Read aloud with the Web Speech API. Reads parts one after another, exposing which one is being
 * spoken so the page can highlight it. Says so plainly when the device has no voice for a language.
 */
export class ReadAloud {
	speakingId = $state<string | null>(null);
	/** Set when the device has no voice for the language asked for. */
	missingVoiceFor = $state<string | null>(null);
	#synth: SpeechSynthesis | null;
	/** Which speak() call is current, so a late error or timer from an earlier one is ignored. */
	#attempt = 0;

	constructor(
		synth: SpeechSynthesis | null = typeof speechSynthesis === 'undefined' ? null : speechSynthesis
	) {
		this.#synth = synth;
	}

	get isSupported(): boolean {
		return this.#synth !== null;
	}

	/** The best voice for a language ("ar", "pl", "en-GB"), or undefined if there is none. */
	voiceFor(language: string): SpeechSynthesisVoice | undefined {
		const voices = this.#synth?.getVoices() ?? [];
		const base = language.split('-')[0]!.toLowerCase();
		return (
			voices.find((voice) => voice.lang.toLowerCase() === language.toLowerCase()) ??
			voices.find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === base)
		);
	}

	speak(parts: SpokenPart[], language: string, rate = 1): void {
		this.stop();
		if (!this.#synth) {
			this.missingVoiceFor = language;
			return;
		}
		const voice = this.voiceFor(language);
		const hasVoiceList = this.#synth.getVoices().length > 0;
		// Some browsers load voices late: with no list at all, try the language tag anyway.
		if (!voice && hasVoiceList) {
			this.missingVoiceFor = language;
			return;
		}
		this.missingVoiceFor = null;
		const attempt = ++this.#attempt;
		let hasStarted = false;
		const noVoice = () => {
			if (attempt !== this.#attempt) return;
			this.stop();
			this.missingVoiceFor = language;
		};
		// A device with no voices at all may neither speak nor report an error: if nothing has
		// started after a moment, say so rather than leave the button silent.
		if (!hasVoiceList)
			setTimeout(() => {
				if (!hasStarted) noVoice();
			}, NO_VOICE_AFTER_MS);
		for (const part of parts) {
			const utterance = new SpeechSynthesisUtterance(plainText(part.text));
			utterance.lang = voice?.lang ?? language;
			if (voice) utterance.voice = voice;
			utterance.rate = rate;
			utterance.onstart = () => {
				hasStarted = true;
				this.speakingId = part.id;
			};
			utterance.onend = () => {
				if (this.speakingId === part.id) this.speakingId = null;
			};
			utterance.onerror = (event) => {
				this.speakingId = null;
				// Stopped by us or by the next Read aloud: not a missing voice.
				if (event.error !== 'interrupted' && event.error !== 'canceled') noVoice();
			};
			this.#synth.speak(utterance);
		}
	}

	stop(): void {
		this.#attempt++;
		this.#synth?.cancel();
		this.speakingId = null;
	}
}

export const readAloud = new ReadAloud();

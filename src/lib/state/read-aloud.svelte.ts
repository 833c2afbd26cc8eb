import { plainText } from '$lib/i18n/plain-text';
/** A piece of the page that can be read aloud; `id` is highlighted while it is spoken. */
export interface SpokenPart {
	id: string;
	text: string;
}

/**
 * Read aloud with the Web Speech API. Reads parts one after another, exposing which one is being
 * spoken so the page can highlight it. Says so plainly when the device has no voice for a language.
 */
export class ReadAloud {
	speakingId = $state<string | null>(null);
	/** Set when the device has no voice for the language asked for. */
	missingVoiceFor = $state<string | null>(null);
	#synth: SpeechSynthesis | null;

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
		// Some browsers load voices late: with no list at all, try the language tag anyway.
		if (!voice && this.#synth.getVoices().length > 0) {
			this.missingVoiceFor = language;
			return;
		}
		this.missingVoiceFor = null;
		for (const part of parts) {
			const utterance = new SpeechSynthesisUtterance(plainText(part.text));
			utterance.lang = voice?.lang ?? language;
			if (voice) utterance.voice = voice;
			utterance.rate = rate;
			utterance.onstart = () => (this.speakingId = part.id);
			utterance.onend = () => {
				if (this.speakingId === part.id) this.speakingId = null;
			};
			utterance.onerror = () => (this.speakingId = null);
			this.#synth.speak(utterance);
		}
	}

	stop(): void {
		this.#synth?.cancel();
		this.speakingId = null;
	}
}

export const readAloud = new ReadAloud();

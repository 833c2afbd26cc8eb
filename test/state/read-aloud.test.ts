import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_VOICE_AFTER_MS, ReadAloud } from '../../src/lib/state/read-aloud.svelte.js';

/** Node has no Web Speech API: a stand-in utterance that records what the page asked for. */
class FakeUtterance {
	lang = '';
	rate = 1;
	voice: unknown = null;
	onstart: (() => void) | null = null;
	onend: (() => void) | null = null;
	onerror: ((event: { error: string }) => void) | null = null;
	constructor(readonly text: string) {}
}

/** A speech engine with the given voices; `behaviour` decides what happens to each utterance. */
function fakeSynth(
	voices: { lang: string }[],
	behaviour: 'speaks' | 'silent' | 'fails' | 'interrupted'
) {
	const spoken: FakeUtterance[] = [];
	return {
		spoken,
		synth: {
			getVoices: () => voices,
			cancel: vi.fn(),
			speak(utterance: FakeUtterance) {
				spoken.push(utterance);
				if (behaviour === 'speaks') utterance.onstart?.();
				if (behaviour === 'fails') utterance.onerror?.({ error: 'synthesis-failed' });
				if (behaviour === 'interrupted') utterance.onerror?.({ error: 'interrupted' });
			}
		} as unknown as SpeechSynthesis
	};
}

const PARTS = [{ id: 'q', text: 'Do you know who to talk to?' }];

describe('ReadAloud: says so when the device cannot speak', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('no speech engine at all: the message at once', () => {
		const reader = new ReadAloud(null);
		reader.speak(PARTS, 'en-GB');
		expect(reader.missingVoiceFor).toBe('en-GB');
	});

	it('voices, but none for the language: the message, nothing spoken', () => {
		const { synth, spoken } = fakeSynth([{ lang: 'pl-PL' }], 'speaks');
		const reader = new ReadAloud(synth);
		reader.speak(PARTS, 'ar');
		expect(reader.missingVoiceFor).toBe('ar');
		expect(spoken).toHaveLength(0);
	});

	it('no voices listed and nothing starts (a phone with none): the message after a moment', () => {
		const { synth, spoken } = fakeSynth([], 'silent');
		const reader = new ReadAloud(synth);
		reader.speak(PARTS, 'en-GB');
		expect(spoken).toHaveLength(1);
		expect(reader.missingVoiceFor).toBeNull();
		vi.advanceTimersByTime(NO_VOICE_AFTER_MS);
		expect(reader.missingVoiceFor).toBe('en-GB');
	});

	it('no voices listed but it speaks (voices that load late): no message', () => {
		const { synth } = fakeSynth([], 'speaks');
		const reader = new ReadAloud(synth);
		reader.speak(PARTS, 'en-GB');
		vi.advanceTimersByTime(NO_VOICE_AFTER_MS);
		expect(reader.missingVoiceFor).toBeNull();
		expect(reader.speakingId).toBe('q');
	});

	it('the engine reports a failure: the message at once', () => {
		const { synth } = fakeSynth([{ lang: 'en-GB' }], 'fails');
		const reader = new ReadAloud(synth);
		reader.speak(PARTS, 'en-GB');
		expect(reader.missingVoiceFor).toBe('en-GB');
	});

	it('stopped (or cut off by the next Read aloud): no message, and an old timer does not fire', () => {
		const { synth } = fakeSynth([{ lang: 'en-GB' }], 'interrupted');
		const reader = new ReadAloud(synth);
		reader.speak(PARTS, 'en-GB');
		expect(reader.missingVoiceFor).toBeNull();
		const silent = new ReadAloud(fakeSynth([], 'silent').synth);
		silent.speak(PARTS, 'en-GB');
		silent.stop();
		vi.advanceTimersByTime(NO_VOICE_AFTER_MS);
		expect(silent.missingVoiceFor).toBeNull();
	});
});

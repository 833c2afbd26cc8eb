/**
 * The easy-read sentence check for text written to young people ("You said, we did", issue 14
 * item 8). Easy-read guidance (Mencap, "Am I making myself clear?", 2002; UK Government, "How to
 * make information accessible", 2021) asks for short sentences; the Engagement Team's rule is at
 * most 15 words a sentence.
 *
 * A sentence ends at a line break, or at ".", "!", "?", "…" or the Arabic question mark "؟"
 * (one or more, with any closing quote or bracket) followed by a space or the end of the text.
 * So "2.5" and "www.example.org" do not end a sentence, but "e.g. this" does (which can only make
 * sentences shorter, never let a long one through). A word is a run of characters between spaces
 * that holds at least one letter or digit, so a dash or an emoji on its own is not counted.
 */

export const MAX_SENTENCE_WORDS = 15;

export interface LongSentence {
	/** 1-based position of the sentence in the text. */
	index: number;
	words: number;
	sentence: string;
}

const SENTENCE_END = /(?<=[.!?…؟]+["'”’)\]]*)\s+|\n+/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The sentences of a text, trimmed, empty ones left out. */
export function splitSentences(text: string): string[] {
	return text
		.split(SENTENCE_END)
		.map((sentence) => sentence.trim())
		.filter((sentence) => sentence !== '');
}

/** The number of words in one sentence. */
export function countWords(sentence: string): number {
	return sentence.split(/\s+/u).filter((word) => HAS_LETTER_OR_DIGIT.test(word)).length;
}

/** The first sentence longer than `max` words, or null when every sentence is short enough. */
export function findLongSentence(text: string, max = MAX_SENTENCE_WORDS): LongSentence | null {
	const sentences = splitSentences(text);
	for (const [position, sentence] of sentences.entries()) {
		const words = countWords(sentence);
		if (words > max) return { index: position + 1, words, sentence };
	}
	return null;
}

/** The refusal, in the same words on the form and in the API: which sentence, and how long. */
export function longSentenceMessage(long: LongSentence, max = MAX_SENTENCE_WORDS): string {
	const start = long.sentence.split(/\s+/u).slice(0, 5).join(' ');
	return `sentence ${long.index} ("${start}…") has ${long.words} words; keep each sentence to ${max} words or fewer`;
}

/** The outcomes of a questionnaire (13–16 for Be Supported), in order, from its items. */
export function outcomesOf(items: readonly { outcome: number | null }[]): number[] {
	return [...new Set(items.flatMap((item) => (item.outcome === null ? [] : [item.outcome])))].sort(
		(a, b) => a - b
	);
}

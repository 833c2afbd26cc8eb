import { describe, expect, it } from 'vitest';
import {
	countWords,
	currentQuestionnaire,
	findLongSentence,
	longSentenceMessage,
	outcomesOf,
	splitSentences
} from '#survey';

const words = (n: number) => Array.from({ length: n }, (_, index) => `word${index + 1}`).join(' ');

describe('easy-read sentences (issue 14 item 8)', () => {
	it.each([
		['We opened a drop-in. It is on Fridays!', ['We opened a drop-in.', 'It is on Fridays!']],
		['Is it open? Yes.', ['Is it open?', 'Yes.']],
		['First line\nSecond line', ['First line', 'Second line']],
		[
			'We spent £2.5 million on www.example.org now',
			['We spent £2.5 million on www.example.org now']
		],
		['He said "Go." Then we went.', ['He said "Go."', 'Then we went.']],
		['Wait... then go', ['Wait...', 'then go']],
		['هل هو مفتوح؟ نعم.', ['هل هو مفتوح؟', 'نعم.']],
		['   ', []]
	])('splits %j', (text, expected) => {
		expect(splitSentences(text)).toEqual(expected);
	});

	it('counts words, not dashes or emoji on their own', () => {
		expect(countWords('We did it – together 🎉 in 2026')).toBe(6);
	});

	it('allows 15 words a sentence and names the first longer one', () => {
		expect(findLongSentence(`${words(15)}.`)).toBeNull();
		const long = findLongSentence(`Short one. ${words(16)}. ${words(20)}.`);
		expect(long).toMatchObject({ index: 2, words: 16 });
		expect(longSentenceMessage(long!)).toBe(
			'sentence 2 ("word1 word2 word3 word4 word5…") has 16 words; keep each sentence to 15 words or fewer'
		);
	});

	it('reads the outcomes from the questionnaire', () => {
		expect(outcomesOf(currentQuestionnaire.items)).toEqual([13, 14, 15, 16]);
	});
});

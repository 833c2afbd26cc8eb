import { describe, expect, it } from 'vitest';
import { chosenOptions, currentQuestionnaire as q, harmonise } from '#survey';

describe('harmonise (the engine README, src/lib/survey/README.md)', () => {
	it.each([
		['strongly_agree', 'positive'],
		['agree', 'positive'],
		['yes', 'positive'],
		['neither', 'not_positive'],
		['disagree', 'not_positive'],
		['strongly_disagree', 'not_positive'],
		['sometimes', 'not_positive'],
		['no', 'not_positive'],
		['dont_know', 'excluded'],
		['dont_understand', 'excluded'],
		['prefer_not', 'excluded'],
		[undefined, 'excluded']
	] as const)('%s on an agree item is %s', (value, expected) => {
		expect(harmonise(q, 'feel_believed', value)).toBe(expected);
	});

	it('excludes items that are not agree items', () => {
		expect(harmonise(q, 'send', 'yes')).toBe('excluded');
		expect(harmonise(q, 'who_would_you_talk_to', ['friend'])).toBe('excluded');
		expect(harmonise(q, 'unknown', 'agree')).toBe('excluded');
	});

	it('counts multi-select respondents who chose at least one option', () => {
		expect(chosenOptions(['friend', 'teacher'])).toEqual(['friend', 'teacher']);
		expect(chosenOptions('dont_know')).toBeNull();
		expect(chosenOptions(undefined)).toBeNull();
		expect(chosenOptions([])).toBeNull();
	});
});

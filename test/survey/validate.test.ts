import { describe, expect, it } from 'vitest';
import {
	buildResponse,
	currentQuestionnaire as q,
	hasClockSkew,
	reconcileAnswersForMode,
	validateResponse,
	type SurveyResponse
} from '#survey';

const base = (): SurveyResponse => ({
	id: '0b8f1e4e-8d0a-4a4c-9c7e-2b0f4d6c1a11',
	questionnaireVersion: q.version,
	mode: 'standard',
	locale: 'en-GB',
	startedAt: '2026-11-22T10:00:00Z',
	completedAt: '2026-11-22T10:05:00Z',
	answers: {}
});

function issuesOf(changes: Record<string, unknown>) {
	const verdict = validateResponse(q, { ...base(), ...changes });
	return verdict.ok ? [] : verdict.issues.map((issue) => `${issue.field}:${issue.code}`);
}

describe('validateResponse', () => {
	it.each([
		[
			'standard',
			{
				know_who_to_talk_to: 'strongly_agree',
				who_would_you_talk_to: ['friend', 'teacher'],
				feel_believed: 'dont_know',
				age_band: 'prefer_not',
				what_would_help: 'Más ayuda – مساعدة – więcej 🙂'
			}
		],
		[
			'easy_read',
			{
				know_who_to_talk_to: 'sometimes',
				feel_believed: 'dont_understand',
				who_would_you_talk_to: 'dont_know'
			}
		],
		['send', { staff_care: 'yes', role_model_who: ['sports_coach'], district: 'oxford' }],
		// "I don't know" is one of district's own options, not only a special answer.
		['standard', { district: 'dont_know', setting: 'prefer_not' }],
		['standard', {}]
	] as const)('accepts a valid %s response', (mode, answers) => {
		expect(issuesOf({ mode, answers })).toEqual([]);
	});

	it.each([
		['an unknown item code', { answers: { favourite: 'x' } }, 'answers.favourite:unknown_item'],
		[
			'a value not in the options',
			{ answers: { district: 'atlantis' } },
			'answers.district:not_an_option'
		],
		[
			'a string where a list belongs',
			{ answers: { who_would_you_talk_to: 'friend' } },
			'answers.who_would_you_talk_to:wrong_type'
		],
		[
			'a list where a string belongs',
			{ answers: { feel_believed: ['agree'] } },
			'answers.feel_believed:wrong_type'
		],
		[
			'an option twice in a multi-select',
			{ answers: { who_would_you_talk_to: ['friend', 'friend'] } },
			'answers.who_would_you_talk_to:duplicate_option'
		],
		[
			'"no one" with someone',
			{ answers: { who_would_you_talk_to: ['no_one', 'friend'] } },
			'answers.who_would_you_talk_to:exclusive_option'
		],
		[
			'an empty list',
			{ answers: { who_would_you_talk_to: [] } },
			'answers.who_would_you_talk_to:empty'
		],
		[
			'dont_understand in standard mode',
			{ answers: { feel_believed: 'dont_understand' } },
			'answers.feel_believed:not_an_option'
		],
		[
			'an agree5 value in easy_read',
			{ mode: 'easy_read', answers: { feel_believed: 'agree' } },
			'answers.feel_believed:not_an_option'
		],
		[
			'an agree3 value in standard',
			{ answers: { feel_believed: 'yes' } },
			'answers.feel_believed:not_an_option'
		],
		[
			'prefer_not on a question',
			{ answers: { feel_believed: 'prefer_not' } },
			'answers.feel_believed:not_an_option'
		],
		[
			'2,001 characters of text',
			{ answers: { what_would_help: 'a'.repeat(2001) } },
			'answers.what_would_help:too_long'
		],
		[
			'2,001 emoji (code points)',
			{ answers: { what_would_help: '🙂'.repeat(2001) } },
			'answers.what_would_help:too_long'
		],
		[
			'a NUL byte',
			{ answers: { what_would_help: 'a\u0000b' } },
			'answers.what_would_help:invalid_characters'
		],
		[
			'a lone surrogate',
			{ answers: { what_would_help: 'a\uD800b' } },
			'answers.what_would_help:invalid_characters'
		],
		[
			'a bidi override',
			{ answers: { what_would_help: 'abc\u202Edef' } },
			'answers.what_would_help:invalid_characters'
		],
		['empty text', { answers: { what_would_help: '   ' } }, 'answers.what_would_help:empty'],
		[
			'a number where a string belongs',
			{ answers: { feel_believed: 4 } },
			'answers.feel_believed:wrong_type'
		],
		[
			'an answer to a question that was not asked',
			{ answers: { has_role_model: 'no', role_model_who: ['friend'] } },
			'answers.role_model_who:not_asked'
		],
		['an unknown top-level field', { deviceId: 'abc' }, 'deviceId:unknown_field'],
		['a bad id', { id: 'abc' }, 'id:invalid'],
		['a wrong version', { questionnaireVersion: '2019' }, 'questionnaireVersion:unknown_version'],
		['a bad mode', { mode: 'fancy' }, 'mode:invalid'],
		['a bad locale', { locale: 'xx' }, 'locale:invalid'],
		['a session code with O and 0', { sessionCode: 'AB0O12' }, 'sessionCode:invalid'],
		['a timestamp without a time zone', { startedAt: '2026-11-22T10:00:00' }, 'startedAt:invalid'],
		['answers that are not an object', { answers: [] }, 'answers:wrong_type']
	])('rejects %s, naming the field and reason', (_label, changes, expected) => {
		expect(issuesOf(changes as Record<string, unknown>)).toContain(expected);
	});

	it('accepts exactly 2,000 characters', () => {
		expect(issuesOf({ answers: { what_would_help: '🙂'.repeat(2000) } })).toEqual([]);
	});

	it('rejects __proto__ and constructor keys as unknown items', () => {
		const input = JSON.parse(
			`{"answers": {"__proto__": {"polluted": true}, "constructor": "x"}}`
		) as Record<string, unknown>;
		expect(issuesOf(input)).toEqual(
			expect.arrayContaining(['answers.__proto__:unknown_item', 'answers.constructor:unknown_item'])
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('does not judge clocks: a future date is valid, and flagged only beyond a day ahead', () => {
		const future = { startedAt: '2030-01-01T00:00:00Z', completedAt: '2030-01-01T00:05:00Z' };
		expect(issuesOf(future)).toEqual([]);
		const receivedAt = new Date('2026-11-22T12:00:00Z');
		expect(
			hasClockSkew(
				{ startedAt: '2026-11-23T11:00:00Z', completedAt: '2026-11-23T11:59:00Z' },
				receivedAt
			)
		).toBe(false);
		expect(
			hasClockSkew(
				{ startedAt: '2026-11-23T11:00:00Z', completedAt: '2026-11-23T12:01:00Z' },
				receivedAt
			)
		).toBe(true);
		expect(
			hasClockSkew(
				{ startedAt: '2020-01-01T00:00:00Z', completedAt: '2020-01-01T00:01:00Z' },
				receivedAt
			)
		).toBe(false);
		// A clock put back mid-survey: finished "before" it started. Flagged, and still accepted.
		expect(
			hasClockSkew(
				{ startedAt: '2026-11-23T11:00:00Z', completedAt: '2026-11-23T10:55:00Z' },
				receivedAt
			)
		).toBe(true);
	});

	it('never throws on arbitrary input, and only accepts known codes with valid values', () => {
		// A small deterministic PRNG (mulberry32) so failures are reproducible.
		let seed = 42;
		const random = () => {
			seed = (seed + 0x6d2b79f5) | 0;
			let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
		const codes = [...q.items.map((item) => item.code), 'x', '__proto__', ''];
		const values = [
			'agree',
			'yes',
			'dont_know',
			'dont_understand',
			'prefer_not',
			'friend',
			'no_one',
			'',
			'a'.repeat(2001),
			'\u0000'
		];
		const anyValue = (): unknown =>
			pick([
				() => pick(values),
				() => [pick(values), pick(values)],
				() => 7,
				() => null,
				() => ({}),
				() => []
			])();
		for (let run = 0; run < 2000; run++) {
			const answers: Record<string, unknown> = {};
			for (let n = Math.floor(random() * 5); n > 0; n--) answers[pick(codes)] = anyValue();
			const input = { ...base(), mode: pick(['standard', 'easy_read', 'send', 'x']), answers };
			const verdict = validateResponse(q, input);
			if (verdict.ok) {
				for (const code of Object.keys(verdict.response.answers))
					expect(q.items.some((item) => item.code === code)).toBe(true);
			} else expect(verdict.issues.length).toBeGreaterThan(0);
		}
	});
});

describe('building and switching modes', () => {
	it('builds the response with the current version and without hidden answers', () => {
		const { questionnaireVersion: _omit, ...fields } = base();
		void _omit;
		const response = buildResponse(q, {
			...fields,
			answers: { has_role_model: 'no', role_model_who: ['friend'] }
		});
		expect(response.questionnaireVersion).toBe(q.version);
		expect(response.answers).toEqual({ has_role_model: 'no' });
	});

	it('asks again for scale answers when moving between agree5 and agree3, keeping the rest', () => {
		const answers = {
			feel_believed: 'agree',
			staff_care: 'dont_know',
			who_would_you_talk_to: ['friend'],
			age_band: '11_13',
			what_would_help: 'x'
		};
		expect(reconcileAnswersForMode(q, answers, 'easy_read')).toEqual({
			answers: {
				staff_care: 'dont_know',
				who_would_you_talk_to: ['friend'],
				age_band: '11_13',
				what_would_help: 'x'
			},
			askAgain: ['feel_believed']
		});
		expect(
			reconcileAnswersForMode(
				q,
				{ feel_believed: 'yes', staff_care: 'dont_understand' },
				'standard'
			)
		).toEqual({
			answers: {},
			askAgain: ['feel_believed', 'staff_care']
		});
	});
});

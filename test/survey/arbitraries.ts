/**
 * fast-check generators for survey responses, shared by the property tests of the engine
 * (test/survey/validate.property.test.ts) and of ingestion (test/server/ingest.property.test.ts).
 *
 * The rules here are written from src/lib/survey/README.md (the contract), not copied from
 * validate.ts: the questionnaire's data (item codes, options, scales) comes from the definition,
 * but which values a mode allows, the specials, the routing and the text rules are restated, so a
 * test fails when the engine drifts from its README.
 */
import fc from 'fast-check';
import {
	currentQuestionnaire as q,
	type AnswerValue,
	type Answers,
	type Item,
	type Mode,
	type SurveyResponse
} from '#survey';

export const MODES: readonly Mode[] = ['standard', 'easy_read', 'send'];
export const ITEM_CODES = q.items.map((item) => item.code);
export const itemByCode = (code: string): Item => q.items.find((item) => item.code === code)!;

/** README: agree5 in standard, agree3 in easy_read and send. */
export const scaleFor = (mode: Mode): readonly string[] =>
	mode === 'standard' ? q.scales.agree5 : q.scales.agree3;
export const otherScale = (mode: Mode): readonly string[] =>
	mode === 'standard' ? q.scales.agree3 : q.scales.agree5;

/**
 * README: `dont_know` on every question, `dont_understand` only in easy_read and send, `prefer_not`
 * on about-you items; text takes none.
 */
export function readmeSpecials(item: Item, mode: Mode): string[] {
	if (item.type === 'text') return [];
	if (item.section === 'about_you') return ['prefer_not'];
	return mode === 'standard' ? ['dont_know'] : ['dont_know', 'dont_understand'];
}

/** README: role_model_who is asked only when has_role_model is not a "no". */
export const NO_ROLE_MODEL = ['disagree', 'strongly_disagree', 'no'];

/** README: six characters without look-alikes (no 0/O, 1/I). */
export const SESSION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const POLISH = 'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ';
const ARABIC = 'مرحباساعدنيأريدمكاناآمنا';
const EMOJI = ['🙂', '😀', '🧡', '🌍', '🏽', '👩', '\u200D', '🚀', '𝄞'];
const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?"\'-=+@#()';
/** Allowed though easy to get wrong: tab and newlines, NBSP, line separator, RLM and the Arabic letter mark (marks, not overrides). */
const ALLOWED_ODDITIES = [
	'\t',
	'\n',
	'\r',
	'\r\n',
	'\u00A0',
	'\u2028',
	'\u200F',
	'\u200E',
	'\u061C',
	'\uFEFF',
	'\uFFFD'
];

/**
 * README: no control characters other than tab and newlines, no unpaired surrogates, no bidi
 * overrides. The engine also refuses the embeddings and isolates (U+202A–U+202C, U+2066–U+2069),
 * which the README does not list: those are kept out of *valid* text so that the difference is not
 * tested either way. NEL (U+0085) is kept out too: whether it counts as a newline is not stated.
 */
export function isReadmeForbiddenChar(char: string): boolean {
	return (
		(/\p{Cc}/u.test(char) && !['\t', '\n', '\r'].includes(char)) ||
		/[\u202A-\u202E\u2066-\u2069]/.test(char) ||
		/^[\uD800-\uDFFF]$/.test(char)
	);
}

/** One code point of allowed text (so that a string of n units has n code points at most). */
export const textCodePoint: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...ASCII) },
	{ weight: 2, arbitrary: fc.constantFrom(...POLISH, ...ARABIC) },
	{ weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
	{
		weight: 1,
		arbitrary: fc.constantFrom(...ALLOWED_ODDITIES.filter((char) => [...char].length === 1))
	},
	// Any code point at all, minus the forbidden ones.
	{
		weight: 2,
		arbitrary: fc
			.string({ unit: 'binary', minLength: 1, maxLength: 1 })
			.filter((char) => !isReadmeForbiddenChar(char))
	}
);

const visibleCodePoint = fc.constantFrom(...'abcXYZ019', ...POLISH, ...ARABIC, '🙂', '🧡');

/** Valid free text: at most `maxCodePoints` code points (1–2,000), at least one of them visible. */
export function validText(maxCodePoints = 200): fc.Arbitrary<string> {
	const half = Math.floor((maxCodePoints - 1) / 2);
	return fc
		.tuple(
			fc.array(textCodePoint, { maxLength: half }),
			visibleCodePoint,
			fc.array(textCodePoint, { maxLength: maxCodePoints - 1 - half })
		)
		.map(([head, visible, tail]) => [...head, visible, ...tail].join(''));
}

/** Long valid text: 1,900–2,000 code points, the limit included. */
export const longValidText: fc.Arbitrary<string> = fc
	.integer({ min: 1900, max: 2000 })
	.chain((n) =>
		fc.tuple(
			fc.array(textCodePoint, { minLength: n - 1, maxLength: n - 1 }),
			visibleCodePoint,
			fc.nat({ max: n - 1 })
		)
	)
	.map(([chars, visible, at]) => [...chars.slice(0, at), visible, ...chars.slice(at)].join(''));

/** Long text of exactly n code points (emoji count as one). */
export const textOfCodePoints = (n: number) =>
	fc
		.array(fc.constantFrom('a', 'ł', 'م', '🙂', ' '), { minLength: n - 1, maxLength: n - 1 })
		.map((chars) => `x${chars.join('')}`);

/** A valid answer to this item in this mode, as the README describes them. */
export function validAnswer(item: Item, mode: Mode): fc.Arbitrary<AnswerValue> {
	const specials = readmeSpecials(item, mode)
		// district has "dont_know" among its own options; that is fine either way.
		.map((special) => fc.constant(special));
	switch (item.type) {
		case 'agree':
			return fc.oneof(
				{ weight: 4, arbitrary: fc.constantFrom(...scaleFor(mode)) },
				...specials.map((arbitrary) => ({ weight: 1, arbitrary }))
			);
		case 'single':
			return fc.oneof(
				{ weight: 4, arbitrary: fc.constantFrom(...item.options!) },
				...specials.map((arbitrary) => ({ weight: 1, arbitrary }))
			);
		case 'multi': {
			const exclusive = item.exclusive ?? [];
			const others = item.options!.filter((option) => !exclusive.includes(option));
			return fc.oneof(
				{
					weight: 6,
					arbitrary: fc.shuffledSubarray(others, { minLength: 1 }) as fc.Arbitrary<AnswerValue>
				},
				...exclusive.map((option) => ({
					weight: 1,
					arbitrary: fc.constant<AnswerValue>([option])
				})),
				...specials.map((arbitrary) => ({ weight: 1, arbitrary }))
			);
		}
		case 'text':
			return fc.oneof(
				{ weight: 9, arbitrary: validText(200) },
				{ weight: 1, arbitrary: longValidText }
			);
	}
}

/** Answers without the ones routing hides (README: role_model_who after a "no"). */
export function routed(answers: Answers): Answers {
	const decider = answers.has_role_model;
	if (typeof decider === 'string' && NO_ROLE_MODEL.includes(decider)) {
		const { role_model_who: _hidden, ...rest } = answers;
		void _hidden;
		return rest;
	}
	return answers;
}

export function validAnswers(mode: Mode): fc.Arbitrary<Answers> {
	const model = Object.fromEntries(q.items.map((item) => [item.code, validAnswer(item, mode)]));
	return fc
		.record(model, { requiredKeys: [], noNullPrototype: true })
		.map((answers) => routed(answers as Answers));
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** ISO 8601 with a time zone: Z or ±hh:mm, with or without milliseconds. */
export function isoTimestamp(at: Date, offsetMinutes: number, withMillis: boolean): string {
	const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString();
	const body = withMillis ? local.slice(0, 23) : local.slice(0, 19);
	if (offsetMinutes === 0) return `${body}Z`;
	const sign = offsetMinutes > 0 ? '+' : '-';
	return `${body}${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

const offsetMinutes = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(0) },
	{ weight: 1, arbitrary: fc.constantFrom(60, -300, 330, 545, -600, 840, -720) }
);

/**
 * startedAt ≤ completedAt, anywhere from 1971 to 2199: far-future clocks are valid (README: clocks
 * are never judged).
 */
export const timestamps: fc.Arbitrary<{ startedAt: string; completedAt: string }> = fc
	.record({
		start: fc.date({
			min: new Date('1971-01-01T00:00:00Z'),
			max: new Date('2199-01-01T00:00:00Z'),
			noInvalidDate: true
		}),
		durationMs: fc.nat({ max: 3 * 24 * 60 * 60 * 1000 }),
		startOffset: offsetMinutes,
		endOffset: offsetMinutes,
		withMillis: fc.boolean()
	})
	.map(({ start, durationMs, startOffset, endOffset, withMillis }) => {
		// Without milliseconds the end is rounded up to the next second, so it never falls before the start.
		const end = new Date(start.getTime() + durationMs);
		const startAt = withMillis ? start : new Date(Math.floor(start.getTime() / 1000) * 1000);
		const endAt = withMillis ? end : new Date(Math.ceil(end.getTime() / 1000) * 1000);
		return {
			startedAt: isoTimestamp(startAt, startOffset, withMillis),
			completedAt: isoTimestamp(endAt, endOffset, withMillis)
		};
	});

export const sessionCode = fc.string({
	unit: fc.constantFrom(...SESSION_ALPHABET),
	minLength: 6,
	maxLength: 6
});

/** A valid response, in any mode; `mode` fixes it. */
export function validResponse(mode?: Mode): fc.Arbitrary<SurveyResponse> {
	return (mode ? fc.constant(mode) : fc.constantFrom(...MODES)).chain((chosen) =>
		fc
			.record(
				{
					id: fc.uuid(),
					mode: fc.constant(chosen),
					locale: fc.constantFrom(...q.locales),
					sessionCode: fc.option(sessionCode, { nil: undefined }),
					times: timestamps,
					answers: validAnswers(chosen)
				},
				{ noNullPrototype: true }
			)
			.map(({ id, mode: m, locale, sessionCode: code, times, answers }) => {
				const response: SurveyResponse = {
					id,
					questionnaireVersion: q.version,
					mode: m,
					locale,
					...times,
					answers
				};
				if (code !== undefined) response.sessionCode = code;
				return response;
			})
	);
}

/** Strings that break naive code: NUL, lone surrogates, bidi overrides, prototype keys, specials. */
export const evilString: fc.Arbitrary<string> = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 20 }),
	fc.string({
		unit: fc.constantFrom(
			'\u0000',
			'\uD800',
			'\uDFFF',
			'\u202E',
			'\u202D',
			'\u2066',
			'\u0085',
			'\u009B',
			'\u007F',
			'a',
			'🙂',
			' ',
			';',
			'"'
		),
		maxLength: 12
	}),
	fc.constantFrom(
		'',
		' ',
		'__proto__',
		'constructor',
		'prototype',
		'toString',
		'hasOwnProperty',
		'dont_know',
		'dont_understand',
		'prefer_not',
		'_respondents',
		'no_one',
		...q.scales.agree5,
		...q.scales.agree3,
		...q.items.flatMap((item) => item.options ?? []),
		...ITEM_CODES
	)
);

/** Object keys: mostly item codes and response fields, sometimes prototype names or anything. */
export const evilKey: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(
		...ITEM_CODES,
		'id',
		'mode',
		'answers',
		'locale',
		'__proto__',
		'constructor',
		'prototype',
		''
	),
	evilString
);

/** Puts a key on an object as an own, enumerable property, even "__proto__" (as JSON.parse does). */
export function withOwnKeys(entries: [string, unknown][]): Record<string, unknown> {
	const target: Record<string, unknown> = {};
	for (const [key, value] of entries)
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true
		});
	return target;
}

/** Any JSON value, with evil strings and keys. */
export const evilJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		evilString,
		fc.double(),
		fc.integer(),
		fc.boolean(),
		fc.constant(null),
		fc.array(tie('value'), { maxLength: 4 }),
		fc.array(fc.tuple(evilKey, tie('value')), { maxLength: 4 }).map(withOwnKeys),
		// A JSON object whose toString is not a function: String() of it throws.
		fc.constant(JSON.parse('{"toString": 1, "valueOf": 2}') as unknown),
		fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown)
	)
})).value;

/** Values where answers go: valid ones of another item or mode, near misses, and garbage. */
export const anyAnswerValue: fc.Arbitrary<unknown> = fc.oneof(
	fc
		.constantFrom(...MODES)
		.chain((mode) => fc.constantFrom(...q.items).chain((item) => validAnswer(item, mode))),
	fc.array(evilString, { maxLength: 4 }),
	evilString,
	evilJson
);

const FIELD_NAMES = [
	'id',
	'questionnaireVersion',
	'mode',
	'locale',
	'sessionCode',
	'startedAt',
	'completedAt',
	'answers'
];
const sometimes = <T>(arbitrary: fc.Arbitrary<T[]>, weight = 3) =>
	fc.oneof({ weight, arbitrary: fc.constant([] as T[]) }, { weight: 1, arbitrary });

/**
 * A response with some fields or answers replaced: about half stay valid. JSON values only, so
 * what the engine sees here is what the server parses.
 */
export const nearlyValidResponse: fc.Arbitrary<Record<string, unknown>> = validResponse()
	.chain((response) =>
		fc.tuple(
			fc.constant(response),
			sometimes(
				fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), evilJson), {
					minLength: 1,
					maxLength: 2
				}),
				5
			),
			fc.array(
				fc
					.constantFrom(...q.items)
					.chain((item) =>
						fc.tuple(
							fc.constant(item.code),
							fc.oneof(
								{ weight: 4, arbitrary: validAnswer(item, response.mode) },
								{ weight: 1, arbitrary: anyAnswerValue }
							)
						)
					),
				{ maxLength: 3 }
			),
			sometimes(fc.array(fc.tuple(evilKey, anyAnswerValue), { minLength: 1, maxLength: 1 }), 6),
			sometimes(fc.array(fc.tuple(evilKey, evilJson), { minLength: 1, maxLength: 1 }), 8)
		)
	)
	.map(([response, fieldChanges, answerChanges, extraAnswers, extraFields]) => {
		const answers = withOwnKeys([
			...Object.entries(response.answers),
			...answerChanges,
			...extraAnswers
		]);
		return withOwnKeys([
			...Object.entries({ ...response, answers }),
			...fieldChanges,
			...extraFields
		]);
	});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	[Object.prototype, null].includes(Object.getPrototypeOf(value));

const RESPONSE_FIELDS = [
	'id',
	'questionnaireVersion',
	'mode',
	'locale',
	'sessionCode',
	'startedAt',
	'completedAt',
	'answers'
];

/**
 * The README's rules, restated independently of validate.ts: what an accepted response must
 * satisfy. Returns the rules a value breaks (empty when none). Used one way only: whatever the
 * engine accepts must break none of them. Timestamps are only checked for being date-times with a
 * zone; their order and distance from now are not judged (README: clocks are never judged).
 */
export function readmeViolations(input: unknown): string[] {
	if (!isPlainObject(input)) return ['response: not an object'];
	const broken: string[] = [];
	for (const key of Object.keys(input))
		if (!RESPONSE_FIELDS.includes(key)) broken.push(`${key}: not a field of a response`);
	if (typeof input.id !== 'string' || input.id === '') broken.push('id: missing');
	if (input.questionnaireVersion !== q.version)
		broken.push('questionnaireVersion: not the current version');
	const mode = input.mode as Mode;
	if (!MODES.includes(mode)) broken.push('mode: not a mode');
	if (typeof input.locale !== 'string' || !q.locales.includes(input.locale))
		broken.push('locale: not accepted');
	if (input.sessionCode !== undefined) {
		const code = input.sessionCode;
		if (
			typeof code !== 'string' ||
			code.length !== 6 ||
			[...code].some((char) => !SESSION_ALPHABET.includes(char))
		)
			broken.push('sessionCode: not a code');
	}
	for (const field of ['startedAt', 'completedAt']) {
		const value = input[field];
		if (
			typeof value !== 'string' ||
			Number.isNaN(Date.parse(value)) ||
			!/(Z|[+-]\d\d:\d\d)$/.test(value)
		)
			broken.push(`${field}: not a date-time with a zone`);
	}
	if (!isPlainObject(input.answers)) return [...broken, 'answers: not an object'];
	if (!MODES.includes(mode)) return broken;
	const answers = input.answers;
	for (const [code, value] of Object.entries(answers)) {
		const item = q.items.find((candidate) => candidate.code === code);
		if (!item) {
			broken.push(`answers.${code}: not an item`);
			continue;
		}
		const specials = readmeSpecials(item, mode);
		const field = `answers.${code}`;
		if (typeof value === 'string' && specials.includes(value)) continue;
		if (item.type === 'agree' && !(typeof value === 'string' && scaleFor(mode).includes(value)))
			broken.push(`${field}: not on the mode's scale`);
		if (item.type === 'single' && !(typeof value === 'string' && item.options!.includes(value)))
			broken.push(`${field}: not an option`);
		if (item.type === 'multi') {
			if (!Array.isArray(value) || value.length === 0)
				broken.push(`${field}: not a non-empty list`);
			else if (
				value.some((option) => typeof option !== 'string' || !item.options!.includes(option))
			)
				broken.push(`${field}: not options`);
			else if (new Set(value).size !== value.length) broken.push(`${field}: repeats`);
			else if (value.length > 1 && value.some((option) => (item.exclusive ?? []).includes(option)))
				broken.push(`${field}: exclusive option combined`);
		}
		if (item.type === 'text') {
			if (typeof value !== 'string') broken.push(`${field}: not text`);
			else {
				const codePoints = [...value].length;
				if (codePoints < 1 || codePoints > 2000) broken.push(`${field}: not 1–2,000 code points`);
				// Spreading a string keeps a lone surrogate as an element of its own. NEL is left undecided.
				if ([...value].some((char) => char !== '\u0085' && isReadmeForbiddenChar(char)))
					broken.push(`${field}: forbidden characters`);
			}
		}
	}
	const decider = answers.has_role_model;
	if (
		Object.hasOwn(answers, 'role_model_who') &&
		typeof decider === 'string' &&
		NO_ROLE_MODEL.includes(decider)
	)
		broken.push('answers.role_model_who: not asked');
	return broken;
}

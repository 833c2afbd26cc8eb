/**
 * Property tests of validateResponse (issue "Prove it holds", item 3 "Bad input"): arbitrary input
 * never throws, is accepted only when it keeps every rule of the README, always yields structured
 * issues otherwise, and every valid response built from the definition is accepted unchanged.
 * Fixed seeds: a failure prints its seed and counterexample, and reruns the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	currentQuestionnaire as q,
	validateResponse,
	type Mode,
	type SurveyResponse
} from '#survey';
import {
	anyAnswerValue,
	evilJson,
	isReadmeForbiddenChar,
	itemByCode,
	MODES,
	NO_ROLE_MODEL,
	nearlyValidResponse,
	otherScale,
	readmeSpecials,
	readmeViolations,
	scaleFor,
	textOfCodePoints,
	validAnswer,
	validResponse,
	validText,
	withOwnKeys,
	evilKey,
	ITEM_CODES
} from './arbitraries.js';

const RUNS = { seed: 20_251_122, numRuns: 400 };

/** The result is one of the two documented shapes; a rejection has at least one complete issue. */
function expectStructured(verdict: unknown): void {
	const result = verdict as { ok: unknown; response?: unknown; issues?: unknown };
	expect(typeof result.ok).toBe('boolean');
	if (result.ok) {
		expect(Object.keys(result).sort()).toEqual(['ok', 'response']);
		return;
	}
	expect(Object.keys(result).sort()).toEqual(['issues', 'ok']);
	expect(Array.isArray(result.issues)).toBe(true);
	const issues = result.issues as unknown[];
	expect(issues.length).toBeGreaterThan(0);
	for (const issue of issues) {
		expect(issue).toEqual({
			field: expect.any(String),
			code: expect.any(String),
			message: expect.any(String)
		});
		const { field, code, message } = issue as { field: string; code: string; message: string };
		expect(field.length * code.length * message.length).toBeGreaterThan(0);
	}
}

/** Validates, checking the shape, that nothing threw, that the input was not changed, and soundness. */
function check(input: unknown) {
	const before = safeJson(input);
	const verdict = validateResponse(q, input);
	expectStructured(verdict);
	// The engine only reads its input.
	expect(safeJson(input)).toBe(before);
	// Never accepts what the README forbids.
	if (verdict.ok) expect(readmeViolations(input)).toEqual([]);
	return verdict;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? 'undefined';
	} catch {
		return 'unserialisable';
	}
}

const deepArray = (depth: number, leaf: unknown = 'friend'): unknown => {
	let value = leaf;
	for (let level = 0; level < depth; level++) value = [value];
	return value;
};
const deepObject = (depth: number, key = 'a'): unknown => {
	let value: unknown = 'x';
	for (let level = 0; level < depth; level++) value = withOwnKeys([[key, value]]);
	return value;
};

describe('validateResponse on arbitrary input', () => {
	it('never throws on any JavaScript value, and answers in one of the two shapes', () => {
		const anything = fc.anything({
			key: evilKey,
			maxDepth: 4,
			withBoxedValues: true,
			withMap: true,
			withSet: true,
			withNullPrototype: true,
			withBigInt: true,
			withDate: true,
			withTypedArray: true,
			withSparseArray: true,
			withObjectString: true
		});
		fc.assert(
			fc.property(anything, (input) => {
				expectStructured(validateResponse(q, input));
			}),
			{ ...RUNS, numRuns: 1000 }
		);
	});

	it('never throws on a response whose fields or answers are any JavaScript value (null prototypes, symbols, bigint…)', () => {
		const anything = fc.anything({
			key: evilKey,
			maxDepth: 3,
			withNullPrototype: true,
			withBigInt: true,
			withBoxedValues: true,
			withSparseArray: true,
			withMap: true
		});
		const odd = fc.oneof(
			anything,
			fc.constant(Object.create(null) as unknown),
			fc.constant(Symbol('x') as unknown),
			fc.constant([Object.create(null)] as unknown)
		);
		fc.assert(
			fc.property(validResponse(), fc.constantFrom(...ITEM_CODES), odd, (response, code, value) => {
				expectStructured(
					validateResponse(q, { ...response, answers: { ...response.answers, [code]: value } })
				);
				expectStructured(validateResponse(q, { ...response, answers: { [code]: [value] } }));
			}),
			RUNS
		);
	});

	it('never throws on JSON with NUL bytes, lone surrogates, bidi overrides, __proto__ keys and wrong types, and accepts nothing the README forbids', () => {
		fc.assert(
			fc.property(fc.oneof(evilJson, nearlyValidResponse), (input) => {
				check(input);
				// What the server sees is this, parsed from the wire.
				check(JSON.parse(JSON.stringify(input) ?? 'null'));
			}),
			{ ...RUNS, numRuns: 1500 }
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('accepts and rejects both among nearly valid responses (the generator reaches both branches)', () => {
		// Guards the test above against a generator that only ever produces one verdict.
		const verdicts = fc
			.sample(nearlyValidResponse, { seed: RUNS.seed, numRuns: 300 })
			.map((input) => validateResponse(q, input).ok);
		expect(verdicts.filter(Boolean).length).toBeGreaterThan(15);
		expect(verdicts.filter((ok) => !ok).length).toBeGreaterThan(15);
	});

	it.each([
		['lists', (depth: number) => deepArray(depth)],
		['objects', (depth: number) => deepObject(depth)],
		['objects keyed __proto__', (depth: number) => deepObject(depth, '__proto__')]
	])(
		'never throws on %s nested 1,000 and 100,000 levels deep, wherever they are',
		(_kind, deep) => {
			for (const depth of [1_000, 100_000]) {
				const value = deep(depth);
				const base: SurveyResponse = {
					id: '0b8f1e4e-8d0a-4a4c-9c7e-2b0f4d6c1a11',
					questionnaireVersion: q.version,
					mode: 'standard',
					locale: 'en-GB',
					startedAt: '2026-11-22T10:00:00Z',
					completedAt: '2026-11-22T10:05:00Z',
					answers: {}
				};
				// A nested object is blamed by its key (an unknown field or item), a nested list as a whole.
				const key = Array.isArray(value) ? null : Object.keys(value as object)[0]!;
				const inputs: [unknown, string][] = [
					[value, key ?? 'response'],
					[{ ...base, id: value }, 'id'],
					[{ ...base, mode: value }, 'mode'],
					[{ ...base, startedAt: value }, 'startedAt'],
					[{ ...base, answers: value }, key === null ? 'answers' : `answers.${key}`],
					[{ ...base, answers: { who_would_you_talk_to: value } }, 'answers.who_would_you_talk_to'],
					[
						{ ...base, answers: { who_would_you_talk_to: [value] } },
						'answers.who_would_you_talk_to'
					],
					[{ ...base, answers: { feel_believed: value } }, 'answers.feel_believed'],
					[{ ...base, answers: { what_would_help: value } }, 'answers.what_would_help']
				];
				for (const [input, field] of inputs) {
					const verdict = validateResponse(q, input);
					expectStructured(verdict);
					expect(verdict.ok ? [] : verdict.issues.map((issue) => issue.field)).toContain(field);
				}
			}
		}
	);
});

describe('validateResponse on valid responses built from the definition', () => {
	it('accepts every one, in every mode, with the content unchanged; and again after a trip through JSON', () => {
		fc.assert(
			fc.property(validResponse(), (response) => {
				const copy = structuredClone(response);
				const verdict = validateResponse(q, response);
				if (!verdict.ok) throw new Error(`rejected: ${JSON.stringify(verdict.issues)}`);
				expect(verdict.response).toEqual(copy);
				const again = validateResponse(q, JSON.parse(JSON.stringify(verdict.response)));
				expect(again).toEqual({ ok: true, response: copy });
			}),
			RUNS
		);
	});

	it('accepts text at exactly 2,000 code points (emoji count once) and future clocks', () => {
		fc.assert(
			fc.property(
				validResponse('standard'),
				textOfCodePoints(2000),
				fc.integer({ min: 1, max: 50 }),
				(response, text, years) => {
					const future = new Date();
					future.setUTCFullYear(future.getUTCFullYear() + years);
					const input = {
						...response,
						startedAt: future.toISOString(),
						completedAt: future.toISOString(),
						answers: { ...response.answers, what_would_help: text }
					};
					expect(validateResponse(q, input).ok).toBe(true);
				}
			),
			{ ...RUNS, numRuns: 100 }
		);
	});

	// README: "Clocks are never judged": the server never rejects a response for its
	// clock (a tablet whose clock was corrected mid-survey must not lose its answers): flagged instead.
	it('accepts a completion time before the start time (clocks are never judged)', () => {
		fc.assert(
			fc.property(
				validResponse(),
				fc.integer({ min: 1, max: 10 * 60 * 1000 }),
				(response, backwardsMs) => {
					const completedAt = new Date(Date.parse(response.startedAt) - backwardsMs).toISOString();
					expect(validateResponse(q, { ...response, completedAt }).ok).toBe(true);
				}
			),
			{ ...RUNS, numRuns: 20 }
		);
	});

	it('gives the same verdict twice (idempotent), for valid and invalid input alike', () => {
		fc.assert(
			fc.property(fc.oneof(validResponse(), nearlyValidResponse), (input) => {
				const first = validateResponse(q, input);
				const second = validateResponse(q, input);
				expect(second).toEqual(first);
				if (first.ok) expect(validateResponse(q, first.response)).toEqual(first);
			}),
			RUNS
		);
	});
});

/** A mutation of a valid response that the README says must be refused, and the field to blame. */
interface Mutation {
	label: string;
	input: Record<string, unknown>;
	field: string;
}

/**
 * The response with one answer set. Setting has_role_model also drops role_model_who: any "no",
 * even one from the wrong scale, hides it, and it would then be blamed too.
 */
const withAnswer = (
	response: SurveyResponse | Record<string, unknown>,
	code: string,
	value: unknown
): Record<string, unknown> => ({
	...response,
	answers: withOwnKeys([
		...Object.entries(response.answers as Record<string, unknown>).filter(
			([key]) => key !== code && !(code === 'has_role_model' && key === 'role_model_who')
		),
		[code, value]
	])
});

const itemsOfType = (...types: string[]) =>
	q.items.filter((item) => types.includes(item.type)).map((item) => item.code);
const questionItems = q.items
	.filter((item) => item.section === 'questions' && item.type !== 'text')
	.map((item) => item.code);
const allKnownValues = new Set([
	...q.scales.agree5,
	...q.scales.agree3,
	...q.items.flatMap((item) => item.options ?? []),
	'dont_know',
	'dont_understand',
	'prefer_not'
]);

/** A character the README forbids in text, set between letters so a surrogate stays unpaired. */
const forbiddenChar = fc.oneof(
	fc
		.integer({ min: 0, max: 0x9f })
		.map((code) => String.fromCharCode(code))
		.filter((char) => char !== '\u0085' && isReadmeForbiddenChar(char)),
	fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
	fc.constantFrom('\u202D', '\u202E')
);

function mutation(mode: Mode): fc.Arbitrary<Mutation> {
	const base = validResponse(mode);
	const scale = scaleFor(mode);
	const mutations: fc.Arbitrary<Mutation>[] = [
		fc
			.tuple(
				base,
				evilKey.filter((key) => !ITEM_CODES.includes(key)),
				anyAnswerValue
			)
			.map(([response, key, value]) => ({
				label: 'unknown item code',
				input: withAnswer(response, key, value),
				field: `answers.${key}`
			})),
		fc
			.tuple(base, fc.constantFrom(...itemsOfType('agree', 'single')), notAValue())
			.map(([response, code, value]) => ({
				label: 'a value outside the options',
				input: withAnswer(response, code, value),
				field: `answers.${code}`
			})),
		fc.tuple(base, fc.constantFrom(...itemsOfType('multi'))).chain(([response, code]) =>
			fc.constantFrom(...itemByCode(code).options!).map((option) => ({
				label: 'a string where a list belongs',
				input: withAnswer(response, code, option),
				field: `answers.${code}`
			}))
		),
		fc
			.tuple(base, fc.constantFrom(...itemsOfType('agree', 'single', 'text')))
			.chain(([response, code]) =>
				validAnswer(itemByCode(code), mode)
					.filter((value) => typeof value === 'string')
					.map((value) => ({
						label: 'a list where a string belongs',
						input: withAnswer(response, code, [value]),
						field: `answers.${code}`
					}))
			),
		fc
			.tuple(
				base,
				fc.constantFrom(...ITEM_CODES),
				fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({}))
			)
			.map(([response, code, value]) => ({
				label: 'a number, boolean, null or object where an answer belongs',
				input: withAnswer(response, code, value),
				field: `answers.${code}`
			})),
		fc.tuple(base, fc.constantFrom(...itemsOfType('multi'))).chain(([response, code]) => {
			const options = itemByCode(code).options!.filter(
				(option) => !(itemByCode(code).exclusive ?? []).includes(option)
			);
			return fc
				.tuple(fc.shuffledSubarray(options, { minLength: 1 }), fc.nat())
				.map(([chosen, at]) => ({
					label: 'a duplicate inside a multi-select',
					input: withAnswer(response, code, [
						...chosen.slice(0, at % (chosen.length + 1)),
						chosen[at % chosen.length]!,
						...chosen.slice(at % (chosen.length + 1))
					]),
					field: `answers.${code}`
				}));
		}),
		fc
			.tuple(
				base,
				fc.shuffledSubarray(
					itemByCode('who_would_you_talk_to').options!.filter((option) => option !== 'no_one'),
					{ minLength: 1 }
				),
				fc.nat()
			)
			.map(([response, others, at]) => ({
				label: 'no_one with other options',
				input: withAnswer(response, 'who_would_you_talk_to', [
					...others.slice(0, at % (others.length + 1)),
					'no_one',
					...others.slice(at % (others.length + 1))
				]),
				field: 'answers.who_would_you_talk_to'
			})),
		fc.tuple(base, fc.constantFrom(...itemsOfType('multi'))).map(([response, code]) => ({
			label: 'an empty list',
			input: withAnswer(response, code, []),
			field: `answers.${code}`
		})),
		fc
			.tuple(base, fc.constantFrom(...itemsOfType('agree')), fc.constantFrom(...otherScale(mode)))
			.map(([response, code, value]) => ({
				label: `the other scale in ${mode}`,
				input: withAnswer(response, code, value),
				field: `answers.${code}`
			})),
		fc.tuple(base, fc.constantFrom(...questionItems)).map(([response, code]) => ({
			label: 'prefer_not on a question',
			input: withAnswer(response, code, 'prefer_not'),
			field: `answers.${code}`
		})),
		fc.tuple(base, fc.integer({ min: 2001, max: 2100 })).chain(([response, length]) =>
			textOfCodePoints(length).map((text) => ({
				label: 'text over 2,000 code points',
				input: withAnswer(response, 'what_would_help', text),
				field: 'answers.what_would_help'
			}))
		),
		base.map((response) => ({
			label: 'empty text',
			input: withAnswer(response, 'what_would_help', ''),
			field: 'answers.what_would_help'
		})),
		fc.tuple(base, validText(100), forbiddenChar, fc.nat()).map(([response, text, bad, at]) => {
			const chars = [...text];
			const position = at % (chars.length + 1);
			return {
				label: `text with U+${bad.charCodeAt(0).toString(16).padStart(4, '0')}`,
				input: withAnswer(
					response,
					'what_would_help',
					[...chars.slice(0, position), 'a', bad, 'a', ...chars.slice(position)].join('')
				),
				field: 'answers.what_would_help'
			};
		}),
		fc
			.tuple(
				base,
				fc.constantFrom(...NO_ROLE_MODEL.filter((value) => scale.includes(value))),
				validAnswer(itemByCode('role_model_who'), mode)
			)
			.map(([response, no, who]) => ({
				label: 'role_model_who after a "no"',
				input: withAnswer(withAnswer(response, 'has_role_model', no), 'role_model_who', who),
				field: 'answers.role_model_who'
			}))
	];
	if (mode === 'standard') {
		mutations.push(
			fc.tuple(base, fc.constantFrom(...questionItems)).map(([response, code]) => ({
				label: 'dont_understand in standard mode',
				input: withAnswer(response, code, 'dont_understand'),
				field: `answers.${code}`
			}))
		);
	}
	return fc.oneof(...mutations);
}

/** Strings that are none of the questionnaire's values nor a special answer (and "no_one", an option of a multi only). */
function notAValue(): fc.Arbitrary<string> {
	return fc
		.oneof(
			fc.string({ unit: 'binary', maxLength: 12 }),
			fc.constantFrom('Agree', 'agree ', 'YES', 'maybe', 'atlantis', '', '__proto__', 'no_one')
		)
		.filter((value) => !allKnownValues.has(value) || value === 'no_one');
}

describe('validateResponse on invalid mutations of valid responses', () => {
	it.each(MODES)('refuses each one in %s mode, naming exactly the mutated field', (mode) => {
		fc.assert(
			fc.property(mutation(mode), ({ label, input, field }) => {
				const verdict = check(input);
				expect(verdict.ok, label).toBe(false);
				if (verdict.ok) return;
				expect(
					verdict.issues.map((issue) => issue.field),
					label
				).toContain(field);
				// Everything else in the response was valid, so nothing else is blamed.
				expect(new Set(verdict.issues.map((issue) => issue.field)), label).toEqual(
					new Set([field])
				);
			}),
			{ ...RUNS, numRuns: 500 }
		);
	});

	it('allows specials exactly where the README does (dont_understand only outside standard, prefer_not only about you)', () => {
		// The positive half of the rule: each special is accepted where the README allows it.
		fc.assert(
			fc.property(
				validResponse(),
				fc.constantFrom(...q.items.filter((item) => item.type !== 'text')),
				(response, item) => {
					for (const special of readmeSpecials(item, response.mode)) {
						const input = withAnswer(response, item.code, special);
						// role_model_who after a "no" is not asked, whatever the answer.
						if (
							item.code === 'role_model_who' &&
							NO_ROLE_MODEL.includes(response.answers.has_role_model as string)
						)
							continue;
						expect(validateResponse(q, input).ok).toBe(true);
					}
				}
			),
			{ ...RUNS, numRuns: 200 }
		);
	});
});

import { pruneHiddenAnswers, isItemShown } from './flow.js';
import { findItem, isSpecialAnswer, optionsFor, specialsFor } from './model.js';
import { MODES } from './types.js';
import type {
	AnswerValue,
	Item,
	Mode,
	Questionnaire,
	SurveyResponse,
	ValidationIssue
} from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Six characters without look-alikes (no 0/O, 1/I). */
export const SESSION_CODE = /^[A-HJ-NP-Z2-9]{6}$/;
/**
 * A session code as a person typed it → the code, or null if it cannot be one. Forgiving: any case,
 * spaces and dashes ("abc-234"), and I, 1 or | (left out of the alphabet) read as the L they
 * look like. O and 0 are left out too but look like no letter in it (D? Q?), so a code holding
 * them is refused rather than guessed.
 */
export function normaliseSessionCode(typed: string): string | null {
	const code = typed
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-–.]/g, '')
		.replace(/[I1|]/g, 'L');
	return SESSION_CODE.test(code) ? code : null;
}

/**
 * Control characters other than tab and newlines (C0, DEL and C1; NEL U+0085 is a newline), lone
 * surrogates, and bidi overrides/isolates.
 */
const INVALID_TEXT =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const RESPONSE_FIELDS = new Set([
	'id',
	'questionnaireVersion',
	'mode',
	'locale',
	'sessionCode',
	'startedAt',
	'completedAt',
	'answers'
]);

const issue = (field: string, code: string, message: string): ValidationIssue => ({
	field,
	code,
	message
});

/**
 * A received value for a message. Never String(value) on an object: `{"toString": 1}` from JSON (or
 * a null-prototype object) makes it throw, and a deeply nested list overflows the stack.
 */
function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object' || typeof value === 'function') return 'an object';
	return String(value);
}

/** Checks one answer against its item and the respondent's mode. Returns null when it is valid. */
export function validateAnswer(
	definition: Questionnaire,
	item: Item,
	value: AnswerValue,
	mode: Mode
): ValidationIssue | null {
	const field = `answers.${item.code}`;
	const specials = specialsFor(item, mode);
	// A special answer, unless it is also one of the item's own options (district has "dont_know").
	if (
		typeof value === 'string' &&
		isSpecialAnswer(value) &&
		item.type !== 'text' &&
		!(item.options ?? []).includes(value)
	) {
		return specials.includes(value)
			? null
			: issue(
					field,
					'not_an_option',
					`"${value}" is not accepted for ${item.code} in ${mode} mode`
				);
	}
	switch (item.type) {
		case 'agree':
		case 'single': {
			if (typeof value !== 'string')
				return issue(field, 'wrong_type', `${item.code} takes one value, not a list`);
			const options = optionsFor(definition, item, mode);
			return options.includes(value)
				? null
				: issue(
						field,
						'not_an_option',
						`"${value}" is not an option of ${item.code} in ${mode} mode`
					);
		}
		case 'multi': {
			if (!Array.isArray(value))
				return issue(field, 'wrong_type', `${item.code} takes a list of options`);
			if (value.length === 0)
				return issue(field, 'empty', `${item.code} has an empty list; leave it out to skip`);
			const options = optionsFor(definition, item, mode);
			for (const option of value) {
				if (typeof option !== 'string' || !options.includes(option)) {
					return issue(
						field,
						'not_an_option',
						`${describe(option)} is not an option of ${item.code}`
					);
				}
			}
			if (new Set(value).size !== value.length)
				return issue(field, 'duplicate_option', `${item.code} lists an option twice`);
			const exclusive = value.find((option) => item.exclusive?.includes(option));
			if (exclusive && value.length > 1) {
				return issue(
					field,
					'exclusive_option',
					`"${exclusive}" cannot be combined with other options of ${item.code}`
				);
			}
			return null;
		}
		case 'text': {
			if (typeof value !== 'string') return issue(field, 'wrong_type', `${item.code} takes text`);
			if (value.trim() === '')
				return issue(field, 'empty', `${item.code} is empty; leave it out to skip`);
			const max = item.maxLength ?? 2000;
			if ([...value].length > max)
				return issue(field, 'too_long', `${item.code} is longer than ${max} characters`);
			if (INVALID_TEXT.test(value)) {
				return issue(
					field,
					'invalid_characters',
					`${item.code} contains control, unpaired or bidi-override characters`
				);
			}
			return null;
		}
	}
}

function isValidTimestamp(value: unknown): value is string {
	return typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

export type ValidationResult =
	{ ok: true; response: SurveyResponse } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates a response as received (unknown input). Client and server call this same function,
 * so they reach the same verdict. Clocks are not judged here: a device with a wrong clock must not
 * lose its answers (see detectClockSkew).
 */
export function validateResponse(definition: Questionnaire, input: unknown): ValidationResult {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		// "response": the whole value; every issue names a field, never an empty one.
		return { ok: false, issues: [issue('response', 'wrong_type', 'a response must be an object')] };
	}
	const record = input as Record<string, unknown>;
	const issues: ValidationIssue[] = [];
	for (const key of Object.keys(record)) {
		if (!RESPONSE_FIELDS.has(key))
			issues.push(
				issue(key === '' ? '""' : key, 'unknown_field', `"${key}" is not a field of a response`)
			);
	}
	if (typeof record.id !== 'string' || !UUID.test(record.id)) {
		issues.push(issue('id', 'invalid', 'id must be a UUID made on the device'));
	}
	if (record.questionnaireVersion !== definition.version) {
		issues.push(
			issue(
				'questionnaireVersion',
				'unknown_version',
				`questionnaireVersion must be "${definition.version}"`
			)
		);
	}
	const mode = record.mode as Mode;
	const isModeValid = MODES.includes(mode);
	if (!isModeValid)
		issues.push(issue('mode', 'invalid', `mode must be one of ${MODES.join(', ')}`));
	if (typeof record.locale !== 'string' || !definition.locales.includes(record.locale)) {
		issues.push(
			issue('locale', 'invalid', `locale must be one of ${definition.locales.join(', ')}`)
		);
	}
	if (
		record.sessionCode !== undefined &&
		(typeof record.sessionCode !== 'string' || !SESSION_CODE.test(record.sessionCode))
	) {
		issues.push(
			issue('sessionCode', 'invalid', 'sessionCode must be 6 letters or digits (no 0, O, 1 or I)')
		);
	}
	for (const field of ['startedAt', 'completedAt'] as const) {
		if (!isValidTimestamp(record[field]))
			issues.push(
				issue(field, 'invalid', `${field} must be an ISO 8601 date-time with a time zone`)
			);
	}
	const answers = record.answers;
	if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
		issues.push(issue('answers', 'wrong_type', 'answers must be an object of item code to answer'));
	} else if (isModeValid) {
		const given = answers as Record<string, AnswerValue>;
		for (const [code, value] of Object.entries(given)) {
			const item = findItem(definition, code);
			if (!item) {
				issues.push(
					issue(`answers.${code}`, 'unknown_item', `"${code}" is not an item of this questionnaire`)
				);
				continue;
			}
			const answerIssue = validateAnswer(definition, item, value, mode);
			if (answerIssue) issues.push(answerIssue);
			else if (!isItemShown(item, given)) {
				issues.push(
					issue(
						`answers.${code}`,
						'not_asked',
						`${code} is not asked after the answer to ${item.showIf?.item}`
					)
				);
			}
		}
	}
	if (issues.length > 0) return { ok: false, issues };
	// Ids are canonical lower-case UUIDs (RFC 9562 §4): an older device's upper-case form of an id is
	// the same response, so it must meet the duplicate check as the same id.
	const id = (record.id as string).toLowerCase();
	return {
		ok: true,
		response: (id === record.id ? record : { ...record, id }) as unknown as SurveyResponse
	};
}

/**
 * True for a timestamp whose date exists in the calendar. Date.parse accepts 2026-02-30 (it rolls
 * over to 2 March) and year 0000 (1 BC), so they pass validation; they are flagged, never refused.
 */
function isCalendarTimestamp(value: string): boolean {
	const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
	if (year < 1 || month < 1 || month > 12 || day < 1) return false;
	// Day 0 of the next month is the last day of this one; Date.UTC maps years 0–99 to 1900–1999, hence setUTCFullYear.
	const last = new Date(0);
	last.setUTCFullYear(year, month, 0);
	return day <= last.getUTCDate();
}

/**
 * True when the device's clock cannot have been right: it put the response more than a day after
 * the server received it, finished it before it started (a clock corrected mid-survey), or gave a
 * date that is not in the calendar (2026-02-30, year 0000). Such responses are flagged, never refused.
 */
export function hasClockSkew(
	response: Pick<SurveyResponse, 'startedAt' | 'completedAt'>,
	receivedAt: Date
): boolean {
	const limit = receivedAt.getTime() + 24 * 60 * 60 * 1000;
	const started = Date.parse(response.startedAt);
	const completed = Date.parse(response.completedAt);
	return (
		started > limit ||
		completed > limit ||
		completed < started ||
		!isCalendarTimestamp(response.startedAt) ||
		!isCalendarTimestamp(response.completedAt)
	);
}

/** Builds the response a client submits: current version, hidden answers dropped. */
export function buildResponse(
	definition: Questionnaire,
	fields: Omit<SurveyResponse, 'questionnaireVersion'>
): SurveyResponse {
	const response: SurveyResponse = {
		id: fields.id,
		questionnaireVersion: definition.version,
		mode: fields.mode,
		locale: fields.locale,
		startedAt: fields.startedAt,
		completedAt: fields.completedAt,
		answers: pruneHiddenAnswers(definition, fields.answers)
	};
	if (fields.sessionCode) response.sessionCode = fields.sessionCode;
	return response;
}

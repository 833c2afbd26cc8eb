import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { findLongSentence, longSentenceMessage } from '#survey';
import { ApiError } from './errors.js';
import { readJson } from './json-body.js';

/**
 * Staff input is checked at the edge against a valibot schema (issue 12 item 9): types, lengths,
 * enums and real calendar dates, every refusal a 400 that names its field, never a 500. The body
 * is still read by readJson, so bytes that are not UTF-8 stay refused (a validator that decodes
 * leniently would turn them into U+FFFD), and errors keep the API's one shape.
 */

/** Bidirectional controls (LRE…RLO, LRI…PDI, LRM, RLM, ALM) can make a name display as something else. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** C0 and C1 controls (tab and newline included: a name is one line). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** A one-line name: trimmed, 1..max characters, no control or bidirectional control characters. */
export const name = (max: number) =>
	v.pipe(
		v.string('must be text'),
		v.trim(),
		v.minLength(1, 'is required'),
		v.maxLength(max, `must be at most ${max} characters`),
		v.check((text) => !CONTROL.test(text), 'must not contain control characters'),
		v.check((text) => !BIDI_CONTROL.test(text), 'must not contain bidirectional control characters')
	);

/**
 * Text written to young people in easy read: trimmed, at most max characters, line breaks
 * allowed but no other control characters, and no sentence longer than the engine allows (the
 * engine's check, so the form and the API refuse the same sentence with the same words). Empty
 * means "none".
 */
export const easyReadText = (max: number) =>
	v.pipe(
		v.string('must be text'),
		v.trim(),
		v.maxLength(max, `must be at most ${max} characters`),
		v.check(
			(text) => !CONTROL.test(text.replace(/\n/g, ' ')),
			'must not contain control characters'
		),
		v.check(
			(text) => !BIDI_CONTROL.test(text),
			'must not contain bidirectional control characters'
		),
		v.check(
			(text) => findLongSentence(text) === null,
			(issue) => longSentenceMessage(findLongSentence(String(issue.input))!)
		)
	);

/** An optional one-line text (null or absent allowed). */
export const optionalName = (max: number) => v.optional(v.nullable(name(max)));

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/** True for a real calendar date or date-time in ISO 8601 form: 2026-02-30, year 0000 and "1" are not. */
export function isCalendarDate(text: string): boolean {
	const match = ISO_DATE.exec(text);
	if (!match) return false;
	const [year, month, day, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] =
		match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
	if (year! < 1 || month! < 1 || month! > 12 || day! < 1) return false;
	if (
		day! > new Date(Date.UTC(2000, month!, 0)).getUTCDate() ||
		(month === 2 && day === 29 && !(year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0)))
	)
		return false;
	return (
		hour! < 24 &&
		minute! < 60 &&
		second! < 60 &&
		offsetHour! < 24 &&
		offsetMinute! < 60 &&
		Number.isFinite(Date.parse(text))
	);
}

/** An optional ISO 8601 calendar date (null or absent allowed). */
export const optionalDate = v.optional(
	v.nullable(
		v.pipe(
			v.string('must be a date'),
			v.check(isCalendarDate, 'must be a real date, e.g. 2026-09-01')
		)
	)
);

/** The dotted field name of an issue (`name`, `answers.x`), or `body` for the whole. */
function fieldOf(issue: v.BaseIssue<unknown>): string {
	return v.getDotPath(issue) ?? 'body';
}

/** Reads the JSON body and checks it against `schema`, or throws the API's 400 naming each field. */
export async function validBody<const Schema extends v.GenericSchema>(
	context: Context,
	schema: Schema,
	message = 'The request is not valid'
): Promise<v.InferOutput<Schema>> {
	const result = v.safeParse(schema, await readJson(context), { abortPipeEarly: true });
	if (result.success) return result.output;
	throw new ApiError(
		400,
		'invalid_body',
		message,
		result.issues.map((issue) => {
			const field = fieldOf(issue);
			return issue.input === undefined
				? { field, code: 'required', message: `${field} is required` }
				: { field, code: 'invalid', message: `${field} ${issue.message}` };
		})
	);
}

/**
 * What a checked request part is on the wire (`in`, the type hono/client asks the dashboard for)
 * and once checked (`out`, what `context.req.valid(target)` gives the handler).
 */
type Checked<Target extends 'json' | 'query', In, Out> = {
	in: { [K in Target]: In };
	out: { [K in Target]: Out };
};

/**
 * A Hono validator at the edge, like `validator` from hono/validator, with two differences that
 * keep the API's rules: the body is read strictly (hono's validator decodes JSON leniently and
 * answers malformed JSON with an HTTPException, not our error shape), and the wire type is given
 * rather than guessed from the output (hono turns every non-literal query field into
 * `string | string[]`). `parse` throws the API's 400 naming each field.
 */
export function checked<Target extends 'json' | 'query', In, Out>(
	target: Target,
	parse: (context: Context) => Out | Promise<Out>
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Env, as hono's own validator
): MiddlewareHandler<any, string, Checked<Target, In, Out>> {
	return async (context, next) => {
		context.req.addValidatedData(target, (await parse(context)) as object);
		await next();
	};
}

/** validBody as a validator: the JSON body checked against `schema` before the handler runs. */
export const jsonBody = <const Schema extends v.GenericSchema>(schema: Schema, message?: string) =>
	checked<'json', v.InferInput<Schema>, v.InferOutput<Schema>>('json', (context) =>
		validBody(context, schema, message)
	);

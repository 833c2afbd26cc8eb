/**
 * Property test of POST /api/v1/responses through the real app and a real libSQL database with the
 * real migrations: batches mixing valid responses, invalid ones, garbage, re-sends and conflicting
 * re-uses of an id. Every element is accounted for exactly once, the server reaches the same
 * verdict as the engine on the device, nothing invalid is stored, and a re-sent batch stores
 * nothing new. Fixed seed; each run builds its own database.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	currentQuestionnaire as q,
	validateResponse,
	type SurveyResponse,
	type ValidationIssue
} from '#survey';
import { evilJson, nearlyValidResponse, validResponse } from '../survey/arbitraries.js';
import { dumpStoredTables, postResponses, testApp } from './helpers.js';

interface IngestBody {
	accepted: string[];
	duplicates: string[];
	rejected: { id: string | null; errors: ValidationIssue[] }[];
}

const dump = dumpStoredTables;

/** The same object with its keys in reverse order, at every level: the same content. */
function reorderKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reorderKeys);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value)
				.reverse()
				.map(([key, item]) => [key, reorderKeys(item)])
		);
	}
	return value;
}

const deepList = (depth: number): unknown => {
	let value: unknown = 'friend';
	for (let level = 0; level < depth; level++) value = [value];
	return value;
};

/** One element of a batch: mostly valid, then nearly valid (half of them invalid), then garbage. */
const element: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: validResponse() },
	{ weight: 4, arbitrary: nearlyValidResponse },
	{ weight: 1, arbitrary: evilJson },
	{
		weight: 1,
		arbitrary: validResponse().map((response) => ({
			...response,
			answers: {
				...response.answers,
				who_would_you_talk_to: [deepList(1_000), JSON.parse('{"toString": 1}')]
			}
		}))
	}
);

/** A batch, with some elements sent again (keys reordered) or their id reused for other content. */
const batch: fc.Arbitrary<unknown[]> = fc
	.tuple(
		fc.array(element, { minLength: 1, maxLength: 40 }),
		fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('resend', 'conflict'), validResponse()), {
			maxLength: 6
		})
	)
	.map(([elements, repeats]) => {
		const result = [...elements];
		for (const [from, to, kind, other] of repeats) {
			const source = elements[from % elements.length] as { id?: unknown } | null;
			if (typeof source !== 'object' || source === null || typeof source.id !== 'string') continue;
			const copy =
				kind === 'resend'
					? reorderKeys(JSON.parse(JSON.stringify(source)))
					: { ...other, id: source.id };
			result.splice(to % (result.length + 1), 0, copy);
		}
		return result;
	});

interface Expected {
	accepted: string[];
	duplicates: string[];
	rejected: string[];
	firstById: Map<string, unknown>;
}

/**
 * Where each element must end up, from the engine's verdict alone (what the device computes) and
 * the README's rules on ids: the first valid copy of an id is stored, an identical later copy is a
 * duplicate, a different one a conflict. Rejections are compared by id and issues.
 */
function expectedPlaces(elements: unknown[]): Expected {
	const expected: Expected = { accepted: [], duplicates: [], rejected: [], firstById: new Map() };
	for (const element of elements) {
		const verdict = validateResponse(q, element);
		if (!verdict.ok) {
			const id = (element as { id?: unknown } | null)?.id;
			expected.rejected.push(rejectionKey(typeof id === 'string' ? id : null, verdict.issues));
			continue;
		}
		const { id } = verdict.response;
		const first = expected.firstById.get(id);
		if (first === undefined) {
			expected.firstById.set(id, element);
			expected.accepted.push(id);
		} else if (isDeepStrictEqual(first, element)) expected.duplicates.push(id);
		else expected.rejected.push(rejectionKey(id, [{ field: 'id', code: 'conflict', message: '' }]));
	}
	return expected;
}

/** A rejection as a comparable string; a conflict's wording is the server's own. */
function rejectionKey(id: string | null, errors: ValidationIssue[]): string {
	const issues = errors.map((error) =>
		error.code === 'conflict' ? { field: error.field, code: error.code } : error
	);
	return JSON.stringify([id, issues]);
}

const sorted = (values: string[]) => [...values].sort();

function expectStructuredRejections(body: IngestBody): void {
	for (const rejection of body.rejected) {
		expect(rejection.id === null || typeof rejection.id === 'string').toBe(true);
		expect(rejection.errors.length).toBeGreaterThan(0);
		for (const error of rejection.errors) {
			expect(error).toEqual({
				field: expect.any(String),
				code: expect.any(String),
				message: expect.any(String)
			});
			expect(error.field.length * error.code.length * error.message.length).toBeGreaterThan(0);
		}
	}
}

describe('POST /api/v1/responses with generated batches', () => {
	it('accounts for every element once, agrees with the engine, stores only valid responses, and stores nothing on a re-send', async () => {
		await fc.assert(
			fc.asyncProperty(batch, async (elements) => {
				const { app, database } = await testApp({ clock: () => new Date('2026-11-22T12:00:00Z') });
				// What the server parses is the JSON of the batch; the engine judges the same value.
				const wire = JSON.parse(JSON.stringify(elements)) as unknown[];
				const expected = expectedPlaces(wire);

				const answer = await postResponses(app, { responses: elements });
				expect(answer.status).toBe(200);
				const body = (await answer.json()) as IngestBody;
				expect(body.accepted.length + body.duplicates.length + body.rejected.length).toBe(
					wire.length
				);
				expectStructuredRejections(body);
				expect(body.accepted).toEqual(expected.accepted);
				expect(sorted(body.duplicates)).toEqual(sorted(expected.duplicates));
				expect(
					sorted(body.rejected.map((rejection) => rejectionKey(rejection.id, rejection.errors)))
				).toEqual(sorted(expected.rejected));

				// Stored: one row per accepted id, each the first valid copy, each valid for the engine.
				const rows = (await database.client.execute('SELECT * FROM responses')).rows;
				expect(rows.length).toBe(new Set(body.accepted).size);
				for (const row of rows) {
					const stored: Partial<SurveyResponse> = {
						id: String(row.id),
						questionnaireVersion: String(row.questionnaire_version),
						mode: String(row.mode) as SurveyResponse['mode'],
						locale: String(row.locale),
						startedAt: String(row.started_at),
						completedAt: String(row.completed_at),
						answers: JSON.parse(String(row.answers_json)) as SurveyResponse['answers']
					};
					if (row.session_code !== null) stored.sessionCode = String(row.session_code);
					expect(validateResponse(q, stored).ok).toBe(true);
					expect(stored).toEqual(expected.firstById.get(stored.id!));
				}
				const before = await dump(database);

				const again = await postResponses(app, { responses: elements });
				expect(again.status).toBe(200);
				const second = (await again.json()) as IngestBody;
				expect(second.accepted).toEqual([]);
				expect(sorted(second.duplicates)).toEqual(sorted([...body.accepted, ...body.duplicates]));
				expect(
					sorted(second.rejected.map((rejection) => rejectionKey(rejection.id, rejection.errors)))
				).toEqual(
					sorted(body.rejected.map((rejection) => rejectionKey(rejection.id, rejection.errors)))
				);
				expect(await dump(database)).toEqual(before);
				database.client.close();
			}),
			{ seed: 20_251_122, numRuns: 100 }
		);
	}, 60_000);

	it('puts valid, invalid, re-sent and conflicting elements in the generated batches (the test above sees every path)', () => {
		// Guards the property above against a generator that never reaches a path.
		const places = fc
			.sample(batch, { seed: 20_251_122, numRuns: 100 })
			.map((elements) => expectedPlaces(JSON.parse(JSON.stringify(elements)) as unknown[]));
		expect(places.filter((place) => place.accepted.length > 0).length).toBeGreaterThan(20);
		expect(places.filter((place) => place.duplicates.length > 0).length).toBeGreaterThan(5);
		expect(
			places.filter((place) => place.rejected.some((key) => key.includes('"conflict"'))).length
		).toBeGreaterThan(5);
		expect(
			places.filter((place) => place.rejected.some((key) => !key.includes('"conflict"'))).length
		).toBeGreaterThan(20);
	});
});

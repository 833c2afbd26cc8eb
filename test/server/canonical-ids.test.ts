import { describe, expect, it } from 'vitest';
import { newResponseId } from '../../src/lib/offline/uuid.js';
import { aResponse, postResponses, testApp } from './helpers.js';

/** Issue 12 item 10: response ids are canonical lower-case UUIDs; impossible dates are flagged. */

const RECEIVED = new Date('2026-11-23T09:00:00.000Z');
const clock = () => RECEIVED;

async function rows(database: Awaited<ReturnType<typeof testApp>>['database']) {
	return (await database.client.execute('SELECT id, flags FROM responses ORDER BY id')).rows.map(
		(row) => ({ id: String(row.id), flags: JSON.parse(String(row.flags)) as string[] })
	);
}

describe('canonical response ids', () => {
	it('the upper-case form of an acknowledged id is a duplicate, acknowledged as sent, stored once', async () => {
		const { app, database } = await testApp({ clock });
		const response = aResponse();
		expect(await (await postResponses(app, { responses: [response] })).json()).toMatchObject({
			accepted: [response.id]
		});
		const upper = { ...response, id: response.id.toUpperCase() };
		expect(await (await postResponses(app, { responses: [upper] })).json()).toEqual({
			accepted: [],
			duplicates: [upper.id],
			rejected: []
		});
		expect((await rows(database)).map((row) => row.id)).toEqual([response.id]);
	});

	it('an older device’s upper-case id is stored in lower case and its lower-case re-send is a duplicate', async () => {
		const { app, database } = await testApp({ clock });
		const response = aResponse();
		const upper = { ...response, id: response.id.toUpperCase() };
		expect(await (await postResponses(app, { responses: [upper, response] })).json()).toEqual({
			accepted: [upper.id],
			duplicates: [response.id],
			rejected: []
		});
		expect((await rows(database)).map((row) => row.id)).toEqual([response.id]);
	});

	it('a mixed-case id with other content is a conflict, not a second response', async () => {
		const { app, database } = await testApp({ clock });
		const response = aResponse();
		await postResponses(app, { responses: [response] });
		const other = {
			...response,
			id: response.id.toUpperCase(),
			mode: 'easy_read' as const,
			answers: {}
		};
		const body = (await (await postResponses(app, { responses: [other] })).json()) as {
			rejected: { id: string; errors: { code: string }[] }[];
		};
		expect(body.rejected).toEqual([
			{ id: other.id, errors: [expect.objectContaining({ code: 'conflict' })] }
		]);
		expect(await rows(database)).toHaveLength(1);
	});

	it('the device makes lower-case ids, even where randomUUID would not', () => {
		expect(
			newResponseId({
				randomUUID: () => 'A0B1C2D3-E4F5-4A6B-8C7D-8E9FA0B1C2D3',
				getRandomValues: (bytes) => bytes
			})
		).toBe('a0b1c2d3-e4f5-4a6b-8c7d-8e9fa0b1c2d3');
		const fallback = newResponseId({
			getRandomValues: (bytes: Uint8Array) => bytes.fill(0xab)
		} as Pick<Crypto, 'getRandomValues'>);
		expect(fallback).toBe(fallback.toLowerCase());
	});
});

describe('impossible calendar timestamps', () => {
	it.each([
		['30 February', '2026-02-30T10:00:00.000Z', '2026-02-30T10:06:00.000Z'],
		['31 April', '2026-04-31T10:00:00Z', '2026-04-31T10:05:00Z'],
		['year 0000', '0000-11-22T10:00:00.000Z', '0000-11-22T10:06:00.000Z'],
		['a finish on 29 February of a common year', '2026-02-28T23:58:00Z', '2026-02-29T00:01:00Z']
	])('%s: stored and flagged clock_skew, never refused', async (_what, startedAt, completedAt) => {
		const { app, database } = await testApp({ clock });
		const response = aResponse({ startedAt, completedAt });
		expect(await (await postResponses(app, { responses: [response] })).json()).toEqual({
			accepted: [response.id],
			duplicates: [],
			rejected: []
		});
		expect(await rows(database)).toEqual([
			{ id: response.id, flags: expect.arrayContaining(['clock_skew']) }
		]);
	});

	it('a real leap day is not flagged', async () => {
		const { app, database } = await testApp({ clock: () => new Date('2028-02-29T12:00:00Z') });
		await postResponses(app, {
			responses: [
				aResponse({ startedAt: '2028-02-29T10:00:00Z', completedAt: '2028-02-29T10:05:00Z' })
			]
		});
		expect((await rows(database))[0]!.flags).not.toContain('clock_skew');
	});
});

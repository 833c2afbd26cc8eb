import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DraftStore, openSurveyDb, type Draft } from '../../src/lib/offline/index.js';
import { aResponse, freshOutbox } from './support.js';

const draft = (id: string, updatedAt: string): Draft => ({
	id,
	mode: 'standard',
	locale: 'en-GB',
	startedAt: '2026-11-22T09:00:00Z',
	updatedAt,
	answers: { feel_believed: 'agree' },
	currentStep: 'feel_believed'
});

describe('drafts', () => {
	it('saves, loads the latest and clears a draft', async () => {
		const drafts = new DraftStore(await openSurveyDb(new IDBFactory()));
		expect(await drafts.load()).toBeUndefined();
		await drafts.save(draft('a', '2026-11-22T09:01:00Z'));
		await drafts.save(draft('b', '2026-11-22T09:05:00Z'));
		expect((await drafts.load())?.id).toBe('b');
		await drafts.clear('b');
		expect((await drafts.load())?.id).toBe('a');
	});

	it('survives closing and reopening the database (a closed tab)', async () => {
		const factory = new IDBFactory();
		const first = await openSurveyDb(factory);
		await new DraftStore(first).save({
			...draft('a', '2026-11-22T09:01:00Z'),
			answers: { who_would_you_talk_to: ['friend'] }
		});
		first.close();
		const reopened = new DraftStore(await openSurveyDb(factory));
		expect((await reopened.load())?.answers).toEqual({ who_would_you_talk_to: ['friend'] });
	});
});

describe('outbox', () => {
	it('moves a finished draft to the outbox in one step', async () => {
		const { db, outbox } = await freshOutbox();
		const drafts = new DraftStore(db);
		await drafts.save(draft('d1', '2026-11-22T09:01:00Z'));
		const response = aResponse('d1');
		await outbox.finishDraft('d1', response);
		expect(await drafts.load()).toBeUndefined();
		expect((await outbox.take(10)).map((entry) => entry.response)).toEqual([response]);
	});

	it('queues an id once, returns the oldest first and removes only what it is told', async () => {
		let clock = Date.parse('2026-11-22T10:00:00Z');
		const { outbox } = await freshOutbox(() => new Date((clock += 1000)));
		const [a, b, c] = [aResponse(), aResponse(), aResponse()];
		await outbox.add(a);
		await outbox.add(b);
		await outbox.add(a);
		await outbox.add(c);
		expect(await outbox.count()).toBe(3);
		expect((await outbox.take(2)).map((entry) => entry.id)).toEqual([a.id, b.id]);
		expect(await outbox.oldestQueuedAt()).toBe('2026-11-22T10:00:01.000Z');
		await outbox.remove([b.id]);
		expect((await outbox.take(10)).map((entry) => entry.id)).toEqual([a.id, c.id]);
	});

	it('keeps refused responses in a separate store instead of deleting them', async () => {
		const { outbox } = await freshOutbox();
		const response = aResponse();
		await outbox.add(response);
		await outbox.moveToRejected(response.id, [
			{ field: 'id', code: 'conflict', message: 'conflict' }
		]);
		expect(await outbox.count()).toBe(0);
		expect(await outbox.rejectedCount()).toBe(1);
		expect((await outbox.listRejected())[0]).toMatchObject({
			id: response.id,
			response,
			errors: [{ code: 'conflict' }]
		});
	});
});

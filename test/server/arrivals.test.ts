import { describe, expect, it } from 'vitest';
import { SessionsService } from '../../server/services/sessions.service.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, testApp } from './helpers.js';

interface IngestBody {
	accepted: string[];
	duplicates: string[];
	rejected: { id: string | null; errors: { code: string }[] }[];
}

/** The app with a server clock that the test moves. */
async function appAt(iso: string) {
	let now = new Date(iso);
	const setup = await testApp({ clock: () => now });
	return { ...setup, setNow: (next: string) => (now = new Date(next)) };
}

async function stored(database: Awaited<ReturnType<typeof testApp>>['database'], id: string) {
	const row = (
		await database.client.execute({
			sql: 'SELECT wave_id, flags FROM responses WHERE id = ?',
			args: [id]
		})
	).rows[0];
	return row ? { waveId: row.wave_id, flags: JSON.parse(String(row.flags)) as string[] } : null;
}

describe('responses that arrive late or oddly are stored and flagged, never dropped', () => {
	it('keeps a response for a closed session in the session’s wave, flagged session_closed', async () => {
		const { app, database, setNow } = await appAt('2026-11-24T10:00:00Z');
		const sessions = new SessionsService(database, () => new Date('2026-11-24T12:00:00Z'));
		const session = await sessions.create({ name: 'Bicester youth club' }, null);
		const before = aResponse({ sessionCode: session.code });
		await postResponses(app, { responses: [before] });
		await sessions.close(session.code);
		setNow('2026-11-27T09:00:00Z');
		const late = aResponse({ sessionCode: session.code });
		expect(
			((await (await postResponses(app, { responses: [late] })).json()) as IngestBody).accepted
		).toEqual([late.id]);
		expect(await stored(database, before.id)).toEqual({ waveId: '2026-27', flags: [] });
		expect(await stored(database, late.id)).toEqual({
			waveId: '2026-27',
			flags: ['session_closed']
		});
	});

	it('keeps a response that arrives after its wave closed in that wave, flagged wave_closed', async () => {
		const { app, database } = await appAt('2027-10-02T10:00:00Z');
		// The 2027–28 wave is not open yet (nobody restarted the server): the last one to close takes it.
		await new WavesService(database)
			.create({
				id: '2026-27',
				name: '2026–27',
				opensAt: '2026-09-01T00:00:00.000Z',
				closesAt: '2027-09-01T00:00:00.000Z',
				isBaseline: false,
				isIllustrative: false
			})
			.catch(() => undefined);
		await database.client.execute("DELETE FROM waves WHERE id = '2027-28'");
		const late = aResponse();
		await postResponses(app, { responses: [late] });
		expect(await stored(database, late.id)).toEqual({ waveId: '2026-27', flags: ['wave_closed'] });
	});

	it('stores a response even when no wave has ever been open, flagged no_open_wave', async () => {
		const { app, database } = await appAt('2026-11-24T10:00:00Z');
		await database.client.execute('DELETE FROM waves');
		const orphan = aResponse();
		expect(
			((await (await postResponses(app, { responses: [orphan] })).json()) as IngestBody).accepted
		).toEqual([orphan.id]);
		expect(await stored(database, orphan.id)).toEqual({ waveId: null, flags: ['no_open_wave'] });
	});

	it('keeps a response with a session code the server does not know, flagged unknown_session', async () => {
		const { app, database } = await appAt('2026-11-24T10:00:00Z');
		const response = aResponse({ sessionCode: 'ZZZZZZ' });
		await postResponses(app, { responses: [response] });
		expect(await stored(database, response.id)).toEqual({
			waveId: '2026-27',
			flags: ['unknown_session']
		});
	});

	it.each([
		['three days behind', '2026-11-21T10:00:00Z', ['clock_skew']],
		['three days ahead', '2026-11-27T10:00:00Z', ['clock_skew']],
		['two hours out', '2026-11-24T12:00:00Z', []],
		['unreadable', 'yesterday-ish', []]
	])(
		'flags a device clock that is %s as clock_skew only when it is over a day out',
		async (_, deviceTime, flags) => {
			const { app, database } = await appAt('2026-11-24T10:00:00Z');
			const response = aResponse();
			const answer = await app.request('/api/v1/responses', {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-device-time': deviceTime },
				body: JSON.stringify({ responses: [response] })
			});
			expect(((await answer.json()) as IngestBody).accepted).toEqual([response.id]);
			expect((await stored(database, response.id))?.flags).toEqual(flags);
		}
	);
});

describe('batches written together (group commit)', () => {
	it('decides overlapping batches sent at the same moment as if one came after the other', async () => {
		const { app, database } = await testApp({}, 'file');
		const pool = Array.from({ length: 300 }, () => aResponse());
		// 30 devices at once, each sending 40 responses drawn from the same 300: many ids arrive
		// twice in different requests of the same group, and one device sends a changed copy.
		const batches = Array.from({ length: 30 }, (_, device) =>
			Array.from({ length: 40 }, (_, index) => pool[(device * 37 + index * 11) % pool.length]!)
		);
		const changed = { ...batches[29]![0]!, answers: { feel_believed: 'disagree' } };
		batches[29]![0] = changed;
		const answers = (await Promise.all(
			batches.map(async (responses) => (await postResponses(app, { responses })).json())
		)) as IngestBody[];

		const accepted = answers.flatMap((answer) => answer.accepted);
		const storedIds = (await database.client.execute('SELECT id FROM responses')).rows.map((row) =>
			String(row.id)
		);
		// Each stored id was accepted exactly once, across all the requests.
		expect(accepted.toSorted()).toEqual(storedIds.toSorted());
		expect(new Set(accepted).size).toBe(accepted.length);
		const sent = new Set(batches.flat().map((response) => response.id));
		expect(storedIds).toHaveLength(sent.size);
		// Every copy sent got exactly one answer, and the changed copy lost to whichever came first.
		for (const [device, answer] of answers.entries()) {
			expect(answer.accepted.length + answer.duplicates.length + answer.rejected.length).toBe(
				batches[device]!.length
			);
		}
		const conflicts = answers
			.flatMap((answer) => answer.rejected)
			.filter((rejected) => rejected.errors[0]?.code === 'conflict');
		const keptFirst = (
			await database.client.execute({
				sql: 'SELECT answers_json FROM responses WHERE id = ?',
				args: [changed.id]
			})
		).rows[0];
		expect(conflicts.length).toBe(
			JSON.parse(String(keptFirst?.answers_json)).feel_believed === 'disagree'
				? batches.flat().filter((r) => r.id === changed.id && r !== changed).length
				: 1
		);
		const totals = await database.client.execute(
			"SELECT n FROM group_totals WHERE group_item = ''"
		);
		expect(Number(totals.rows[0]?.n)).toBe(sent.size);
	});
});

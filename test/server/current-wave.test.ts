import { describe, expect, it } from 'vitest';
import { seedIllustrativeData } from '../../server/seed/seed.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, postResponses, signedInAs, testApp } from './helpers.js';

/** Issue 14 item 10, issue 15 item 3: the current reporting wave is one flag, set by a person. */

const CLOCK = () => new Date('2026-11-23T12:00:00.000Z');
const CSV = 'know_who_to_talk_to,feel_believed\n' + 'disagree,disagree\n'.repeat(30);

async function seeded() {
	const { app, database } = await testApp({ clock: CLOCK });
	await seedIllustrativeData(database, CLOCK);
	const analyst = await signedInAs(app, database, 'analyst');
	const send = (method: string, path: string, body?: unknown, cookie = analyst) =>
		app.request(path, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const listed = async () =>
		(await (await send('GET', '/api/v1/waves')).json()) as {
			currentWaveId: string | null;
			waves: { id: string; isCurrent: boolean }[];
		};
	return { app, database, send, listed, waves: new WavesService(database, CLOCK) };
}

// Seeding the illustrative waves takes a few seconds on a busy machine.
describe('the current reporting wave', { timeout: 30_000 }, () => {
	it('is the school year’s wave on a fresh install, and the demonstration wave once seeded', async () => {
		const { database } = await testApp({ clock: CLOCK });
		const waves = new WavesService(database, CLOCK);
		expect((await waves.currentReportingWave())?.id).toBe('2026-27');
		await seedIllustrativeData(database, CLOCK);
		expect((await waves.currentReportingWave())?.id).toBe('demo-repeat');
		// Starting again (ensureCurrentWave runs at every start) keeps the choice.
		await waves.ensureCurrentWave();
		expect((await waves.currentReportingWave())?.id).toBe('demo-repeat');
	});

	it('GET /waves names it, once', async () => {
		const { listed } = await seeded();
		const { currentWaveId, waves } = await listed();
		expect(currentWaveId).toBe('demo-repeat');
		expect(waves.filter((wave) => wave.isCurrent).map((wave) => wave.id)).toEqual(['demo-repeat']);
	});

	it('importing a new wave (a test file by mistake) leaves the current wave as it was', async () => {
		const { send, listed } = await seeded();
		expect(
			(await send('POST', '/api/v1/waves', { id: 'test-wave', name: 'Test import' })).status
		).toBe(201);
		const imported = await send('POST', '/api/v1/waves/test-wave/import', {
			format: 'respondent',
			csv: CSV,
			fileName: 'test.csv'
		});
		expect(imported.status).toBe(200);
		expect((await listed()).currentWaveId).toBe('demo-repeat');
		// Replacing the current wave's own data does not move the flag either.
		await send('POST', '/api/v1/waves/2019/import', {
			format: 'respondent',
			csv: CSV,
			replace: true
		});
		expect((await listed()).currentWaveId).toBe('demo-repeat');
	});

	it('an analyst marks another wave current (even a baseline, by choosing it); the change is audited', async () => {
		const { app, database, send, listed } = await seeded();
		const answer = await send('PUT', '/api/v1/waves/2020/current', {});
		expect(answer.status).toBe(200);
		expect(((await answer.json()) as { wave: { id: string; isCurrent: boolean } }).wave).toEqual(
			expect.objectContaining({ id: '2020', isCurrent: true })
		);
		const { currentWaveId, waves } = await listed();
		expect(currentWaveId).toBe('2020');
		expect(waves.filter((wave) => wave.isCurrent)).toHaveLength(1);
		const admin = await signedInAs(app, database, 'admin');
		const audit = (await (await send('GET', '/api/v1/users/audit', undefined, admin)).json()) as {
			entries: { action: string; detail: Record<string, unknown> }[];
		};
		expect(audit.entries.find((entry) => entry.action === 'current_wave_set')?.detail).toEqual({
			wave: '2020',
			previous: 'demo-repeat'
		});
	});

	it('refuses an unknown wave (404) and a rep (403), changing nothing', async () => {
		const { app, database, send, listed } = await seeded();
		const unknown = await send('PUT', '/api/v1/waves/no-such-wave/current', {});
		expect(unknown.status).toBe(404);
		expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_wave');
		const rep = await signedInAs(app, database, 'rep');
		expect((await send('PUT', '/api/v1/waves/2019/current', {}, rep)).status).toBe(403);
		expect((await listed()).currentWaveId).toBe('demo-repeat');
	});

	it('the database holds at most one current wave', async () => {
		const { database } = await seeded();
		await expect(
			database.client.execute("UPDATE waves SET is_current = 1 WHERE id = '2019'")
		).rejects.toThrow(/UNIQUE/);
	});
});

// Issue 15 item 4: every staff role reads GET /waves, reps too, so its counts are published ones.
describe('GET /waves counts', { timeout: 30_000 }, () => {
	it('are published counts: under 10 reads "fewer than 10", 10 and over is the number', async () => {
		const { app, database } = await testApp({ clock: CLOCK });
		const rep = await signedInAs(app, database, 'rep');
		const counts = async () => {
			const { waves } = (await (
				await app.request('/api/v1/waves', { headers: { cookie: rep } })
			).json()) as { waves: { id: string; responses: unknown }[] };
			return waves.find((wave) => wave.id === '2026-27')?.responses;
		};
		expect(await counts()).toEqual({ status: 'suppressed', label: 'fewer than 10' });
		const send = (n: number) =>
			postResponses(app, { responses: Array.from({ length: n }, () => aResponse()) });
		expect((await send(9)).status).toBe(200);
		// Nine is still not a number a rep may read: 1 to 9 all look the same.
		expect(await counts()).toEqual({ status: 'suppressed', label: 'fewer than 10' });
		expect((await send(1)).status).toBe(200);
		expect(await counts()).toEqual({ status: 'shown', n: 10 });
	});
});

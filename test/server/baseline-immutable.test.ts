import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import { seedIllustrativeData } from '../../server/seed/seed.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, parseCsvTable, postResponses, testApp } from './helpers.js';

/** Issue 11, item 6: nothing a rep or a phone does can move an imported baseline. */
async function seededApp() {
	// A fixed clock, so `generatedAt` is the same in both reads and the bytes can be compared.
	const { app, database } = await testApp({ clock: () => new Date('2026-11-23T12:00:00.000Z') });
	await seedIllustrativeData(database);
	const auth = new AuthService(database, () => new Date(), { N: 1024, r: 8, p: 1 });
	const cookies: Record<string, string> = {};
	for (const role of ['rep', 'analyst'] as const) {
		await auth.createUser(`${role}@example.org`, `a-long-${role}-password`, role);
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: `${role}@example.org`, password: `a-long-${role}-password` })
		});
		cookies[role] = login.headers.get('set-cookie')!.split(';')[0]!;
	}
	const createSession = (body: unknown) =>
		app.request('/api/v1/sessions', {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: cookies.rep! },
			body: JSON.stringify(body)
		});
	const baselineFigures = async () =>
		(
			await app.request('/api/v1/benchmark?wave=2019', { headers: { cookie: cookies.analyst! } })
		).text();
	return { app, database, createSession, baselineFigures };
}

type Problems = { error: { details: { field: string; code: string; message: string }[] } };

describe('a session can only belong to a wave that accepts responses', () => {
	it.each([
		['a baseline', '2019', 'baseline'],
		['a wave that does not exist', 'made-up-wave', 'unknown'],
		['a closed wave', 'autumn-pilot', 'closed']
	])('refuses %s with a 400 naming waveId', async (_, waveId, code) => {
		const { database, createSession } = await seededApp();
		await new WavesService(database).create({
			id: 'autumn-pilot',
			name: 'Autumn pilot',
			opensAt: '2024-09-01T00:00:00.000Z',
			closesAt: '2024-12-01T00:00:00.000Z',
			isBaseline: false,
			isIllustrative: false
		});
		const refused = await createSession({ name: 'Bicester youth club', waveId });
		expect(refused.status).toBe(400);
		const { details } = ((await refused.json()) as Problems).error;
		expect(details).toEqual([{ field: 'waveId', code, message: expect.any(String) }]);
		expect(
			(await database.client.execute('SELECT count(*) AS n FROM survey_sessions')).rows[0]!.n
		).toBe(0);
	});

	it('still accepts an open wave, or none', async () => {
		const { database, createSession } = await seededApp();
		const open = await new WavesService(database).ensureCurrentWave();
		expect((await createSession({ name: 'Open wave', waveId: open.id })).status).toBe(201);
		expect((await createSession({ name: 'No wave' })).status).toBe(201);
	});
});

describe('the 2019 baseline figures do not move', () => {
	it('are byte-identical after a refused session on it and 50 responses posted with that code', async () => {
		const { app, createSession, baselineFigures } = await seededApp();
		const before = await baselineFigures();
		expect(before).toContain('"2019"');
		expect((await createSession({ name: 'Attack', waveId: '2019' })).status).toBe(400);
		const posted = await postResponses(app, {
			responses: Array.from({ length: 50 }, () =>
				aResponse({ sessionCode: 'ABCDEF', answers: { know_who_to_talk_to: 'disagree' } })
			)
		});
		expect(((await posted.json()) as { accepted: string[] }).accepted).toHaveLength(50);
		expect(await baselineFigures()).toBe(before);
	});

	it('are byte-identical when a session made before this rule names the baseline: its responses go by date, flagged', async () => {
		const { app, database, baselineFigures } = await seededApp();
		const before = await baselineFigures();
		// A session row from before the rule existed, pointing at the baseline.
		await database.client.execute(
			"INSERT INTO survey_sessions (code, name, default_mode, default_locale, wave_id, created_at) VALUES ('HJKMNP', 'Old session', 'standard', 'en-GB', '2019', '2025-01-01T00:00:00.000Z')"
		);
		await postResponses(app, {
			responses: Array.from({ length: 50 }, () =>
				aResponse({ sessionCode: 'HJKMNP', answers: { know_who_to_talk_to: 'disagree' } })
			)
		});
		expect(await baselineFigures()).toBe(before);
		const stored = await database.client.execute(
			"SELECT DISTINCT wave_id, flags FROM responses WHERE session_code = 'HJKMNP'"
		);
		expect(stored.rows).toHaveLength(1);
		expect(stored.rows[0]!.wave_id).not.toBe('2019');
		expect(JSON.parse(String(stored.rows[0]!.flags))).toContain('baseline_wave_refused');
	});
});

describe('replacing an illustrative wave with a real file', () => {
	it('clears the illustrative flag and the "(illustrative)" name, in the waves list and the report', async () => {
		const { app, database } = await seededApp();
		const auth = new AuthService(database, () => new Date(), { N: 1024, r: 8, p: 1 });
		await auth.createUser('importer@example.org', 'a-long-importer-password', 'analyst');
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'importer@example.org', password: 'a-long-importer-password' })
		});
		const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
		const csv =
			'feel_believed,know_who_to_talk_to\n' +
			'agree,agree\n'.repeat(12) +
			'disagree,agree\n'.repeat(8);
		const imported = await app.request('/api/v1/waves/2019/import', {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				format: 'respondent',
				csv,
				replace: true,
				fileName: '2019-survey-real.csv'
			})
		});
		expect(imported.status).toBe(200);
		const { waves } = (await (
			await app.request('/api/v1/waves', { headers: { cookie } })
		).json()) as { waves: { id: string; name: string; isIllustrative: boolean }[] };
		expect(waves.find((wave) => wave.id === '2019')).toMatchObject({
			name: '2019',
			isIllustrative: false
		});
		// The other seeded waves keep their label until they too are replaced.
		expect(waves.find((wave) => wave.id === '2020')).toMatchObject({
			name: '2020 (illustrative)',
			isIllustrative: true
		});
		const report = (await (
			await app.request('/api/v1/benchmark?wave=2019', { headers: { cookie } })
		).json()) as { wave: { name: string; isIllustrative: boolean }; illustrative: boolean };
		expect(report.wave).toMatchObject({ name: '2019', isIllustrative: false });
		expect(report.illustrative).toBe(false);
	});
});

describe('every wave records the provenance of its import', () => {
	const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

	it('shows the seed file for illustrative waves, and the real file, rows, who and when after an import, in /waves, the report and the CSV export', async () => {
		const { app, database } = await seededApp();
		const auth = new AuthService(database, () => new Date(), { N: 1024, r: 8, p: 1 });
		const importer = await auth.createUser(
			'importer@example.org',
			'a-long-importer-password',
			'analyst'
		);
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'importer@example.org', password: 'a-long-importer-password' })
		});
		const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
		type Listed = {
			id: string;
			provenance: {
				fileName: string;
				sha256: string;
				rows: number;
				importedBy: string;
				importedByEmail: string | null;
				importedAt: string;
			} | null;
		};
		const listWaves = async () =>
			(
				(await (await app.request('/api/v1/waves', { headers: { cookie } })).json()) as {
					waves: Listed[];
				}
			).waves;

		const seedText = readFileSync(
			new URL('../../server/seed/illustrative-2020.csv', import.meta.url),
			'utf8'
		);
		const seeded = (await listWaves()).find((wave) => wave.id === '2020')!;
		expect(seeded.provenance).toMatchObject({
			fileName: 'illustrative-2020.csv',
			sha256: sha256(seedText),
			importedBy: 'seed',
			importedByEmail: null
		});
		expect(seeded.provenance!.rows).toBeGreaterThan(0);
		// A wave that collects responses has no import.
		expect(
			(await listWaves()).find((wave) => !['2019', '2020', 'demo-repeat'].includes(wave.id))!
				.provenance
		).toBeNull();

		const csv =
			'feel_believed,know_who_to_talk_to\n' +
			'agree,agree\n'.repeat(12) +
			'disagree,agree\n'.repeat(8);
		await app.request('/api/v1/waves/2019/import', {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				format: 'respondent',
				csv,
				replace: true,
				fileName: '2019-survey-real.csv'
			})
		});
		const expected = {
			fileName: '2019-survey-real.csv',
			sha256: sha256(csv),
			rows: 20,
			importedBy: importer.id,
			importedByEmail: 'importer@example.org',
			importedAt: '2026-11-23T12:00:00.000Z'
		};
		expect((await listWaves()).find((wave) => wave.id === '2019')!.provenance).toEqual(expected);

		const report = (await (
			await app.request('/api/v1/benchmark?wave=2019', { headers: { cookie } })
		).json()) as { wave: Listed };
		expect(report.wave.provenance).toEqual(expected);
		const exported = await (
			await app.request('/api/v1/export.csv?wave=2019', { headers: { cookie } })
		).text();
		const rows = parseCsvTable(exported);
		expect(rows.length).toBeGreaterThan(0);
		expect(new Set(rows.map((row) => row.provenance))).toEqual(
			new Set([
				`2019: 2019-survey-real.csv sha256 ${sha256(csv)} rows 20 by importer@example.org at 2026-11-23T12:00:00.000Z`
			])
		);
		expect(rows[0]!.provenance).toContain(
			`2019: 2019-survey-real.csv sha256 ${sha256(csv)} rows 20 by importer@example.org at 2026-11-23T12:00:00.000Z`
		);
	});
});

import { readFileSync } from 'node:fs';
import { currentQuestionnaire } from '#survey';
import { AuthService } from '../auth/auth.service.js';
import type { OpenDatabase } from '../db/client.js';
import { fromPackageRoot } from '../lib/package-root.js';
import { BenchmarkService } from '../services/benchmark.service.js';
import { ImportService } from '../services/import.service.js';
import { WavesService } from '../services/waves.service.js';
import { isClosed, YouSaidService } from '../services/you-said.service.js';

// From the package root, not import.meta.url: the compiled server is one bundle in dist/server/.
const seedFile = (name: string) => readFileSync(fromPackageRoot('server', 'seed', name), 'utf8');

/** The illustrative waves: invented data, flagged so every screen and export labels it. */
export const ILLUSTRATIVE_WAVES = [
	{
		id: '2019',
		name: '2019 (illustrative)',
		file: 'illustrative-2019.csv',
		opensAt: '2019-09-01T00:00:00.000Z',
		closesAt: '2020-09-01T00:00:00.000Z',
		isBaseline: true
	},
	{
		id: '2020',
		name: '2020 (illustrative)',
		file: 'illustrative-2020.csv',
		opensAt: '2020-09-01T00:00:00.000Z',
		closesAt: '2021-09-01T00:00:00.000Z',
		isBaseline: true
	},
	// A survey wave of the 2025–26 school year (its invented answers are dated then), closed, so the
	// demo can show a published "You said" page. It is illustrative, so late responses never join it.
	{
		id: 'demo-repeat',
		name: 'Demonstration repeat (illustrative)',
		file: 'illustrative-demo-repeat.csv',
		opensAt: '2025-09-01T00:00:00.000Z',
		closesAt: '2026-08-01T00:00:00.000Z',
		isBaseline: false
	}
];

/** The seed's publisher of the demo "You said" snapshot (no staff user exists yet at seed time). */
export const SEED_PUBLISHER = { id: 'illustrative-seed', email: null, role: 'analyst' } as const;

/**
 * Loads the illustrative 2019/2020 baselines and a demonstration repeat when the database has no
 * waves with data yet (a fresh `npm start`). Real imports replace them. When the demonstration wave
 * has closed, its "You said" snapshot (compared with 2020) is published as staff would publish it,
 * so the public page has something to show; before then the page says results are coming.
 */
export async function seedIllustrativeData(
	database: OpenDatabase,
	now: () => Date = () => new Date()
): Promise<boolean> {
	const waves = new WavesService(database, now);
	const existing = await waves.list();
	if (existing.some((wave) => wave.isBaseline)) return false;
	const imports = new ImportService(database, waves, now);
	for (const wave of ILLUSTRATIVE_WAVES) {
		await waves.create({
			id: wave.id,
			name: wave.name,
			opensAt: wave.opensAt,
			closesAt: wave.closesAt,
			isBaseline: wave.isBaseline,
			isIllustrative: true
		});
		await imports.import(wave.id, 'respondent', seedFile(wave.file), {
			illustrative: true,
			source: { fileName: wave.file, importedBy: 'seed', importedByEmail: null }
		});
	}
	// The demo opens on its demonstration wave: marked current here, as an analyst would mark it.
	await waves.setCurrent('demo-repeat');
	const demo = await waves.get('demo-repeat');
	if (demo && isClosed(demo, now())) {
		const youSaid = new YouSaidService(
			database,
			waves,
			new BenchmarkService(database, waves, currentQuestionnaire, now),
			now
		);
		const snapshot = await youSaid.publish(demo.id, '2020', SEED_PUBLISHER);
		await new AuthService(database, now).audit(null, 'you_said_published', {
			wave: demo.id,
			compare: '2020',
			snapshot: snapshot.id,
			by: SEED_PUBLISHER.id
		});
	}
	return true;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenDatabase } from '../db/client.js';
import { ImportService } from '../services/import.service.js';
import { WavesService } from '../services/waves.service.js';

const seedFile = (name: string) => readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8');

/** The illustrative waves: invented data, flagged so every screen and export labels it. */
export const ILLUSTRATIVE_WAVES = [
	{ id: '2019', name: '2019 (illustrative)', file: 'illustrative-2019.csv', opensAt: '2019-09-01T00:00:00.000Z', closesAt: '2020-09-01T00:00:00.000Z', isBaseline: true },
	{ id: '2020', name: '2020 (illustrative)', file: 'illustrative-2020.csv', opensAt: '2020-09-01T00:00:00.000Z', closesAt: '2021-09-01T00:00:00.000Z', isBaseline: true },
	{ id: 'demo-repeat', name: 'Demonstration repeat (illustrative)', file: 'illustrative-demo-repeat.csv', opensAt: null, closesAt: null, isBaseline: true }
];

/**
 * Loads the illustrative 2019/2020 baselines and a demonstration repeat when the database has no
 * waves with data yet (a fresh `npm start`). Real imports replace them.
 */
export async function seedIllustrativeData(database: OpenDatabase, now: () => Date = () => new Date()): Promise<boolean> {
	const waves = new WavesService(database, now);
	const existing = await waves.list();
	if (existing.some((wave) => wave.isBaseline)) return false;
	const imports = new ImportService(database, waves, now);
	for (const wave of ILLUSTRATIVE_WAVES) {
		await waves.create({ id: wave.id, name: wave.name, opensAt: wave.opensAt, closesAt: wave.closesAt, isBaseline: wave.isBaseline, isIllustrative: true });
		await imports.import(wave.id, 'respondent', seedFile(wave.file), { illustrative: true, source: { fileName: wave.file, importedBy: 'seed', importedByEmail: null } });
	}
	return true;
}

import { migrate } from 'drizzle-orm/libsql/migrator';
import { fromPackageRoot } from '../lib/package-root.js';
import { rebuildAnswerCounts } from '../services/answer-counts.js';
import { configureDatabase, type OpenDatabase } from './client.js';

export const MIGRATIONS_FOLDER = fromPackageRoot('migrations');

/** Applies the drizzle-kit migrations in migrations/ (idempotent), then the connection settings. */
export async function migrateDatabase(database: OpenDatabase): Promise<void> {
	await configureDatabase(database);
	await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
	// The migrator may have used (and reset) the connection: assert the settings again.
	await configureDatabase(database);
	// Responses stored before the pre-aggregated counts existed get counted once.
	const [responses, counts] = await Promise.all([
		database.client.execute('SELECT EXISTS (SELECT 1 FROM responses) AS x'),
		database.client.execute('SELECT EXISTS (SELECT 1 FROM group_totals) AS x')
	]);
	if (Number(responses.rows[0]?.x) === 1 && Number(counts.rows[0]?.x) === 0)
		await rebuildAnswerCounts(database);
}

import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { configureDatabase, type OpenDatabase } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies the drizzle-kit migrations in migrations/ (idempotent), then the connection settings. */
export async function migrateDatabase(database: OpenDatabase): Promise<void> {
	await configureDatabase(database);
	await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
	// The migrator may have used (and reset) the connection: assert the settings again.
	await configureDatabase(database);
}

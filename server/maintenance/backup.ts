import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import type { OpenDatabase } from '../db/client.js';

/**
 * A consistent copy of the embedded database while it is in use: SQLite's VACUUM INTO writes a
 * snapshot of one read transaction (sqlite.org/lang_vacuum.html#vacuuminto), so concurrent ingest
 * neither blocks nor tears it.
 */
export async function backupDatabase(database: OpenDatabase, target: string): Promise<string> {
	const path = resolve(target);
	if (existsSync(path)) throw new Error(`${path} exists; choose a new file name`);
	mkdirSync(dirname(path), { recursive: true });
	await database.client.execute({ sql: 'VACUUM INTO ?', args: [path] });
	return path;
}

/**
 * Restores a backup over the database file. The server must be stopped. The backup is checked
 * (integrity_check) first, the current file is kept beside it as *.before-restore, and the WAL and
 * shared-memory files of the old database are removed so they cannot be replayed onto the copy.
 */
export async function restoreDatabase(backup: string, databasePath: string): Promise<void> {
	const source = resolve(backup);
	const target = resolve(databasePath);
	if (!existsSync(source)) throw new Error(`${source} does not exist`);
	const check = createClient({ url: `file:${source}` });
	try {
		const result = await check.execute('PRAGMA integrity_check');
		if (String(result.rows[0]?.[0]) !== 'ok')
			throw new Error(`${source} fails the integrity check`);
		await check.execute({ sql: 'VACUUM INTO ?', args: [`${target}.restoring`] });
	} finally {
		check.close();
	}
	if (existsSync(target)) renameSync(target, `${target}.before-restore`);
	for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
	renameSync(`${target}.restoring`, target);
}

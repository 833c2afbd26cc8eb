import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.js';
import { migrateDatabase } from '../../server/db/migrate.js';
import { backupDatabase, restoreDatabase } from '../../server/maintenance/backup.js';
import { aResponse, postResponses, testApp } from './helpers.js';

describe('backup and restore', () => {
	it('round-trips the database, taken while ingest is running', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-backup-'));
		const path = join(dir, 'live.db');
		const database = openDatabase(`file:${path}`);
		await migrateDatabase(database);
		const { app } = await testApp({ database });
		const first = Array.from({ length: 50 }, () => aResponse());
		await postResponses(app, { responses: first });
		// Ingest goes on while the backup is taken.
		const [backup] = await Promise.all([
			backupDatabase(database, join(dir, 'copy.db')),
			postResponses(app, { responses: [aResponse()] })
		]);
		await postResponses(app, { responses: Array.from({ length: 5 }, () => aResponse()) });
		const before = Number(
			(await database.client.execute('SELECT count(*) AS n FROM responses')).rows[0]?.n
		);
		expect(before).toBe(56);
		database.client.close();

		await restoreDatabase(backup, path);
		const restored = openDatabase(`file:${path}`);
		await migrateDatabase(restored);
		const count = Number(
			(await restored.client.execute('SELECT count(*) AS n FROM responses')).rows[0]?.n
		);
		// The copy holds everything committed before it began (50, and the concurrent batch if it was first).
		expect([50, 51]).toContain(count);
		expect(String((await restored.client.execute('PRAGMA integrity_check')).rows[0]?.[0])).toBe(
			'ok'
		);
		const ids = new Set(
			(await restored.client.execute('SELECT id FROM responses')).rows.map((row) => String(row.id))
		);
		for (const response of first) expect(ids.has(response.id)).toBe(true);
		restored.client.close();
	});

	it('refuses to overwrite an existing backup file or to restore a missing one', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-backup-'));
		const database = openDatabase(`file:${join(dir, 'a.db')}`);
		await migrateDatabase(database);
		await backupDatabase(database, join(dir, 'b.db'));
		await expect(backupDatabase(database, join(dir, 'b.db'))).rejects.toThrow(/exists/);
		await expect(restoreDatabase(join(dir, 'missing.db'), join(dir, 'a.db'))).rejects.toThrow(
			/does not exist/
		);
		database.client.close();
	});
});

// npm run backup [-- FILE]: a consistent copy of the embedded database, safe while the server runs.
import { DEFAULT_DATABASE_URL, openDatabase } from '../server/db/client.js';
import { backupDatabase } from '../server/maintenance/backup.js';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (!url.startsWith('file:')) {
	console.error(
		'Backups here are for the embedded database; back up a libSQL server or Turso with its own tools.'
	);
	process.exit(2);
}
const target =
	process.argv[2] ?? `backups/be-supported-${new Date().toISOString().replace(/[:.]/g, '-')}.db`;
const database = openDatabase(url);
try {
	console.log(`Backed up ${url} to ${await backupDatabase(database, target)}`);
} finally {
	database.client.close();
}

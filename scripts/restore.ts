// npm run restore -- FILE: puts a backup in place of the embedded database (stop the server first).
import { DEFAULT_DATABASE_URL } from '../server/db/client.js';
import { restoreDatabase } from '../server/maintenance/backup.js';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const backup = process.argv[2];
if (!backup || !url.startsWith('file:')) {
	console.error(
		'Usage: npm run restore -- BACKUP.db   (embedded database only; stop the server first)'
	);
	process.exit(2);
}
const path = url.slice('file:'.length).split('?')[0]!;
await restoreDatabase(backup, path);
console.log(`Restored ${backup} to ${path} (the previous file is kept as ${path}.before-restore)`);

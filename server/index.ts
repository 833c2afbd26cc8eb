import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { DEFAULT_DATABASE_URL, openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const staticDir = process.env.STATIC_DIR ?? 'build';

const database = openDatabase(databaseUrl, process.env.DATABASE_AUTH_TOKEN);
await migrateDatabase(database);

const app = createApp({ database, staticDir: staticDir && existsSync(staticDir) ? staticDir : undefined });
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
	const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
	console.log(`Be Supported is running at http://${shownHost}:${info.port}`);
	console.log(`Database: ${databaseUrl}`);
});

function shutdown() {
	server.close(() => {
		database.client.close();
		process.exit(0);
	});
	// Do not wait forever for keep-alive connections.
	setTimeout(() => process.exit(0), 3_000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema.js';

export type Database = LibSQLDatabase<typeof schema>;

export interface OpenDatabase {
	client: Client;
	db: Database;
	/** True for an embedded file database (where the durability pragmas apply). */
	isEmbeddedFile: boolean;
	/** Re-asserts the per-connection durability settings; call before every write transaction. */
	ensureDurability(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'file:data/be-supported.db';

/**
 * Opens the embedded libSQL file (creating its folder), `:memory:`, or a libsql:// / http(s)://
 * libSQL server or Turso database.
 *
 * An embedded file gets WAL and synchronous=FULL: an acknowledged response must survive a power
 * cut (sqlite.org/pragma.html#pragma_synchronous). @libsql/client keeps a pool of connections and
 * may open a new one (e.g. after a failed rollback), and a new connection starts without these
 * per-connection pragmas (libsql-client-ts #288/#352). So the pool is one connection, and
 * ensureDurability() sets synchronous again before every write.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, authToken?: string): OpenDatabase {
	const isEmbeddedFile = url.startsWith('file:') && !url.includes(':memory:');
	if (isEmbeddedFile) {
		const path = url.slice('file:'.length).split('?')[0]!;
		mkdirSync(dirname(resolve(path)), { recursive: true });
	}
	const client = createClient({ url, authToken, concurrency: isEmbeddedFile ? 1 : undefined, timeout: 5_000 });
	const ensureDurability = async () => {
		if (isEmbeddedFile) await client.execute('PRAGMA synchronous=FULL');
	};
	return { client, db: drizzle(client, { schema }), isEmbeddedFile, ensureDurability };
}

/** Settings that persist in the file (WAL) or apply per connection (the rest). */
export async function configureDatabase(database: OpenDatabase): Promise<void> {
	if (database.isEmbeddedFile) {
		await database.client.execute('PRAGMA journal_mode=WAL');
		await database.client.execute('PRAGMA busy_timeout=5000');
	}
	await database.client.execute('PRAGMA foreign_keys=ON');
	await database.ensureDurability();
}

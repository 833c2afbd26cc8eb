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

const isBusy = (error: unknown) =>
	error instanceof Error &&
	/SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(
		`${(error as { code?: string }).code ?? ''} ${error.message}`
	);

/** Per-connection settings of an embedded file (WAL itself is stored in the file). */
async function configureConnection(client: Client, isEmbeddedFile: boolean): Promise<void> {
	if (isEmbeddedFile) {
		// busy_timeout first: the others may have to wait for a lock themselves.
		await client.execute('PRAGMA busy_timeout=5000');
		await client.execute('PRAGMA journal_mode=WAL');
		await client.execute('PRAGMA synchronous=FULL');
	}
	await client.execute('PRAGMA foreign_keys=ON');
}

/**
 * After SQLITE_BUSY (another process held the write lock past busy_timeout, e.g. a long
 * `npm run import`), @libsql/client leaves the failed statement unfinalised on its connection:
 * every later COMMIT fails, and autocommit writes look done but are rolled back when the statement
 * is finally collected (libsql-client-ts #352; test/faults/db-contention.test.ts). So on a busy
 * error the connection is replaced — reconnect() opens a fresh one — and configured again.
 */
function recoveringFromBusy(client: Client, isEmbeddedFile: boolean): Client {
	const guarded = new Set(['execute', 'batch', 'executeMultiple', 'migrate']);
	// One replacement at a time, and every call waits for it: reconnect() closes the connection, so
	// nothing may be using it then. A replacement that fails to configure is tried again next call.
	let replacing: Promise<void> | null = null;
	let needsConfiguring = false;
	const replace = () =>
		(replacing ??= (async () => {
			try {
				await client.reconnect();
				needsConfiguring = true;
				await configureConnection(client, isEmbeddedFile);
				needsConfiguring = false;
			} finally {
				replacing = null;
			}
		})());
	return new Proxy(client, {
		get(target, name, receiver) {
			const value = Reflect.get(target, name, receiver);
			if (typeof value !== 'function') return value;
			if (!guarded.has(String(name))) return value.bind(target);
			return async (...args: unknown[]) => {
				await replacing?.catch(() => undefined);
				if (needsConfiguring) await replace();
				try {
					return await value.apply(target, args);
				} catch (error) {
					if (isBusy(error)) await replace().catch(() => undefined);
					throw error;
				}
			};
		}
	});
}

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
	const raw = createClient({
		url,
		authToken,
		concurrency: isEmbeddedFile ? 1 : undefined,
		timeout: 5_000
	});
	const client = isEmbeddedFile ? recoveringFromBusy(raw, isEmbeddedFile) : raw;
	const ensureDurability = async () => {
		if (isEmbeddedFile) await client.execute('PRAGMA synchronous=FULL');
	};
	return { client, db: drizzle(client, { schema }), isEmbeddedFile, ensureDurability };
}

/** Settings that persist in the file (WAL) or apply per connection (the rest). */
export async function configureDatabase(database: OpenDatabase): Promise<void> {
	await configureConnection(database.client, database.isEmbeddedFile);
}

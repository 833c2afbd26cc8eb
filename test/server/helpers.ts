import { parse } from 'csv-parse/sync';
import { AuthService } from '../../server/auth/auth.service.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentQuestionnaire, type SurveyResponse } from '#survey';
import { createApp, type AppDeps } from '../../server/app.js';
import { openDatabase, type OpenDatabase } from '../../server/db/client.js';
import { migrateDatabase } from '../../server/db/migrate.js';
import { WavesService } from '../../server/services/waves.service.js';

/** A real libSQL database with the real migrations: in memory, or a temporary file. */
export async function testDatabase(kind: 'memory' | 'file' = 'memory'): Promise<OpenDatabase> {
	const url =
		kind === 'memory'
			? ':memory:'
			: `file:${join(mkdtempSync(join(tmpdir(), 'be-supported-test-')), 'test.db')}`;
	const database = openDatabase(url);
	await migrateDatabase(database);
	return database;
}

/** The app on a migrated database with this school year's wave open, as `npm start` prepares it. */
export async function testApp(
	overrides: Partial<AppDeps> = {},
	kind: 'memory' | 'file' = 'memory'
) {
	const database = overrides.database ?? (await testDatabase(kind));
	await new WavesService(database, overrides.clock).ensureCurrentWave();
	const app = createApp({
		database,
		rateLimit: { limit: 10_000 },
		passwordCost: { N: 1024, r: 8, p: 1 },
		// The second factor has its own tests (mfa.test.ts), which pass the real default; elsewhere no
		// role requires it unless a test says so, as an admin could.
		mfaRequiredByDefault: { admin: false, analyst: false, rep: false },
		...overrides
	});
	return { app, database };
}

export function aResponse(overrides: Partial<SurveyResponse> = {}): SurveyResponse {
	return {
		id: randomUUID(),
		questionnaireVersion: currentQuestionnaire.version,
		mode: 'standard',
		locale: 'en-GB',
		startedAt: '2026-11-22T10:00:00.000Z',
		completedAt: '2026-11-22T10:06:00.000Z',
		answers: {
			know_who_to_talk_to: 'agree',
			who_would_you_talk_to: ['friend', 'teacher'],
			what_would_help: 'More youth clubs'
		},
		...overrides
	};
}

export function postResponses(
	app: ReturnType<typeof createApp>,
	body: unknown,
	contentType = 'application/json'
) {
	return app.request('/api/v1/responses', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

/** Every row of every table that ingestion and imports write, sorted, to compare before and after. */
export async function dumpStoredTables(database: OpenDatabase): Promise<Record<string, string[]>> {
	const tables: Record<string, string[]> = {};
	for (const table of ['responses', 'answer_counts', 'group_totals', 'baseline_counts']) {
		tables[table] = (await database.client.execute(`SELECT * FROM ${table}`)).rows
			.map((row) => JSON.stringify(row))
			.sort();
	}
	return tables;
}

/** Makes a staff user (cheap hashing) and signs them in; returns the session cookie to send. */
export async function signedInAs(
	app: ReturnType<typeof createApp>,
	database: OpenDatabase,
	role: 'admin' | 'analyst' | 'rep',
	email = `${role}@example.org`
): Promise<string> {
	const password = `a-long-${role}-password`;
	await new AuthService(database, () => new Date(), { N: 1024, r: 8, p: 1 }).createUser(
		email,
		password,
		role
	);
	const login = await app.request('/api/v1/auth/login', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	return login.headers.get('set-cookie')!.split(';')[0]!;
}

/** A CSV export parsed as one table (csv-parse): one record per row, keyed by the header. */
export function parseCsvTable(text: string): Record<string, string>[] {
	return parse(text, { bom: true, columns: true, skip_empty_lines: false }) as Record<
		string,
		string
	>[];
}

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentQuestionnaire } from '#survey';
import { migrateDatabase } from '../../server/db/migrate.js';
import { aResponse, postResponses, testApp, testDatabase } from './helpers.js';

describe('the API around ingest', () => {
	it('reports health with the database', async () => {
		const { app } = await testApp();
		const answer = await app.request('/api/v1/health');
		expect(answer.status).toBe(200);
		expect(await answer.json()).toEqual({ status: 'ok', db: 'ok' });
	});

	it('publishes the questionnaire with its version', async () => {
		const { app } = await testApp();
		const body = (await (
			await app.request('/api/v1/questionnaire')
		).json()) as typeof currentQuestionnaire;
		expect(body.version).toBe(currentQuestionnaire.version);
		expect(body.items.map((item) => item.code)).toEqual(
			currentQuestionnaire.items.map((item) => item.code)
		);
	});

	it('answers unknown API paths with a JSON 404 in the error shape', async () => {
		const { app } = await testApp();
		const answer = await app.request('/api/v1/nothing-here');
		expect(answer.status).toBe(404);
		expect(await answer.json()).toEqual({
			error: { code: 'not_found', message: expect.any(String) }
		});
	});

	it('sends security headers, with a strict CSP on the API', async () => {
		const { app } = await testApp();
		const answer = await app.request('/api/v1/health');
		expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
		expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
		expect(answer.headers.get('strict-transport-security')).toContain('max-age=31536000');
		expect(answer.headers.get('content-security-policy')).toBe(
			"default-src 'none'; frame-ancestors 'none'"
		);
	});
});

describe('the embedded database', () => {
	it('migrates an empty database, and migrating again changes nothing', async () => {
		const database = await testDatabase('file');
		await migrateDatabase(database);
		const tables = await database.client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
		);
		expect(tables.rows.map((row) => String(row.name))).toEqual(
			expect.arrayContaining(['responses', 'answer_counts', 'group_totals'])
		);
	});

	it('keeps WAL and synchronous=FULL after migrations and after ingest transactions', async () => {
		const { app, database } = await testApp({}, 'file');
		const pragma = async (name: string) =>
			(await database.client.execute(`PRAGMA ${name}`)).rows[0]?.[0];
		expect(await pragma('journal_mode')).toBe('wal');
		expect(Number(await pragma('synchronous'))).toBe(2);
		for (let batch = 0; batch < 3; batch++)
			await postResponses(app, { responses: [aResponse(), aResponse()] });
		// A failed write must not leave a connection without the setting either.
		await postResponses(app, { responses: [aResponse({ answers: { nope: 'x' } })] });
		expect(Number(await pragma('synchronous'))).toBe(2);
		expect(await pragma('journal_mode')).toBe('wal');
	});
});

describe('serving the built app', () => {
	function buildFolder() {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-static-'));
		mkdirSync(join(dir, 'survey'));
		mkdirSync(join(dir, '_app/immutable'), { recursive: true });
		writeFileSync(join(dir, 'index.html'), '<h1>welcome</h1>');
		writeFileSync(join(dir, '200.html'), '<h1>shell</h1>');
		writeFileSync(join(dir, 'survey/feel_believed.html'), '<h1>believed</h1>');
		writeFileSync(join(dir, '_app/immutable/app.abc.js'), 'console.log(1)');
		writeFileSync(join(dir, 'service-worker.js'), 'self.x = 1');
		return dir;
	}

	it('maps clean URLs to prerendered pages, like a static host', async () => {
		const { app } = await testApp({ staticDir: buildFolder() });
		expect(await (await app.request('/')).text()).toBe('<h1>welcome</h1>');
		const page = await app.request('/survey/feel_believed');
		expect(await page.text()).toBe('<h1>believed</h1>');
		expect(page.headers.get('content-type')).toContain('text/html');
		expect(page.headers.get('cache-control')).toBe('no-cache');
		expect(page.headers.get('content-security-policy')).not.toContain('script-src');
	});

	it('caches hashed files for a year and revalidates the service worker', async () => {
		const { app } = await testApp({ staticDir: buildFolder() });
		expect(
			(await app.request('/_app/immutable/app.abc.js')).headers.get('cache-control')
		).toContain('immutable');
		const worker = await app.request('/service-worker.js');
		expect(worker.headers.get('cache-control')).toBe('no-cache');
		expect(worker.headers.get('content-type')).toContain('javascript');
	});

	it('serves the app shell for other pages and refuses paths outside the build', async () => {
		const { app } = await testApp({ staticDir: buildFolder() });
		const shell = await app.request('/dashboard', { headers: { accept: 'text/html' } });
		expect(await shell.text()).toBe('<h1>shell</h1>');
		expect((await app.request('/../../etc/passwd')).status).toBe(404);
		expect((await app.request('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
		expect((await app.request('/missing.js')).status).toBe(404);
	});
});

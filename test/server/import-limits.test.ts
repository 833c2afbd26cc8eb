import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import {
	MAX_IMPORT_COLUMNS,
	MAX_IMPORT_LINES,
	MAX_LISTED_PROBLEMS
} from '../../server/routes/waves.routes.js';
import { WavesService } from '../../server/services/waves.service.js';
import { testApp } from './helpers.js';

/** Issue 12 item 4: import previews and refusals list at most 100 problems; oversized files are refused. */

const CHEAP = { N: 1024, r: 8, p: 1 };

async function importApp() {
	const { app, database } = await testApp();
	await new AuthService(database, undefined, CHEAP).createUser(
		'analyst@example.org',
		'a-long-analyst-password',
		'analyst'
	);
	await new WavesService(database).create({
		id: 'base',
		name: 'Baseline',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	const login = await app.request('/api/v1/auth/login', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'analyst@example.org', password: 'a-long-analyst-password' })
	});
	const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
	const send = (path: string, csv: string) =>
		app.request(`/api/v1/waves/base/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ format: 'respondent', csv, replace: true })
		});
	return { send, database };
}

/** A file of `rows` rows, every one with a bad answer in two columns. */
const badRows = (rows: number) =>
	'feel_believed,know_who_to_talk_to\n' + 'maybe,perhaps\n'.repeat(rows);

describe('import problem lists', () => {
	it('a preview of 100,000 bad rows lists the first 100 problems, the total and counts by kind, in a small reply', async () => {
		const { send } = await importApp();
		const answer = await send('import/preview', badRows(100_000));
		expect(answer.status).toBe(200);
		const text = await answer.text();
		expect(text.length).toBeLessThan(100_000);
		const { preview } = JSON.parse(text) as {
			preview: {
				problems: unknown[];
				problemTotal: number;
				problemsByKind: Record<string, number>;
			};
		};
		expect(preview.problems).toHaveLength(MAX_LISTED_PROBLEMS);
		expect(preview.problemTotal).toBe(200_000);
		expect(preview.problemsByKind).toEqual({
			feel_believed: 100_000,
			know_who_to_talk_to: 100_000
		});
	}, 60_000);

	it('a refused import lists the first 100 problems and says how many there are; nothing is stored', async () => {
		const { send, database } = await importApp();
		const answer = await send('import', badRows(1_000));
		expect(answer.status).toBe(422);
		const { error } = (await answer.json()) as { error: { message: string; details: unknown[] } };
		expect(error.details).toHaveLength(MAX_LISTED_PROBLEMS);
		expect(error.message).toMatch(/2,000 problems; the first 100 are listed/);
		expect(
			(await database.client.execute('SELECT count(*) AS n FROM baseline_counts')).rows[0]!.n
		).toBe(0);
	}, 60_000);
});

describe('import size limits', () => {
	it(`a header of 200,000 columns is refused (at most ${MAX_IMPORT_COLUMNS}) with a short reply`, async () => {
		const { send } = await importApp();
		const answer = await send(
			'import/preview',
			Array.from({ length: 200_000 }, (_, index) => `c${index}`).join(',') + '\n'
		);
		expect(answer.status).toBe(413);
		const text = await answer.text();
		expect(text.length).toBeLessThan(1_000);
		expect(JSON.parse(text).error.code).toBe('too_many_columns');
	});

	it(`a file of more than ${MAX_IMPORT_LINES.toLocaleString('en-GB')} lines is refused before it is parsed`, async () => {
		const { send } = await importApp();
		for (const path of ['import/preview', 'import']) {
			const answer = await send(path, 'feel_believed\n' + 'agree\n'.repeat(MAX_IMPORT_LINES));
			expect(answer.status, path).toBe(413);
			expect(((await answer.json()) as { error: { code: string; message: string } }).error).toEqual(
				{ code: 'too_many_rows', message: expect.stringMatching(/more than 200,000 lines/) }
			);
		}
	});
});

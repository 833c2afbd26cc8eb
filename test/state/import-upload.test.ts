import { describe, expect, it } from 'vitest';
import { ImportUpload } from '../../src/lib/state/import-upload.svelte.js';
import { WavesService } from '../../server/services/waves.service.js';
import { aResponse, signedInAs, testApp } from '../server/helpers.js';

/** The import page's upload work (issue 15 item 4), against the real app on libSQL :memory:. */

async function upload() {
	const { app, database } = await testApp();
	await new WavesService(database).create({
		id: 'base',
		name: 'Baseline',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	const cookie = await signedInAs(app, database, 'analyst');
	const requests: string[] = [];
	// The browser's fetch, as the page has it: same origin, with the session cookie.
	const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
		requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
		const headers = new Headers(init?.headers);
		headers.set('cookie', cookie);
		return app.request(String(input), { ...init, headers });
	}) as typeof fetch;
	const stored = async (wave: string) =>
		Number(
			(
				await database.client.execute({
					sql: 'SELECT count(*) AS n FROM responses WHERE wave_id = ?',
					args: [wave]
				})
			).rows[0]!.n
		);
	return { upload: new ImportUpload(fetcher), requests, stored };
}

const file = (name: string, text: string) => ({ name, text: async () => text });

describe('ImportUpload', () => {
	it('asks for a file before checking', async () => {
		const { upload: state, requests } = await upload();
		await state.check('base', 'respondent');
		expect(state.error).toBe('Choose a CSV file first.');
		expect(requests).toEqual([]);
	});

	it('checks a file with a bad row: the problem with its line, nothing stored', async () => {
		const { upload: state, stored } = await upload();
		await state.choose(file('bad.csv', 'feel_believed\nagree\nmaybe\n'));
		await state.check('base', 'respondent');
		expect(state.problems).toEqual([
			{ line: 3, column: 'feel_believed', message: expect.stringContaining('maybe') }
		]);
		expect(state.problemTotal).toBe(1);
		expect(await stored('base')).toBe(0);
	});

	it('checks, then imports a good file; a second import without replace is refused', async () => {
		const { upload: state, stored } = await upload();
		await state.choose(file('good.csv', 'feel_believed\nagree\ndisagree\n'));
		await state.check('base', 'respondent');
		expect(state.preview).toEqual(
			expect.objectContaining({ rows: 2, problems: [], hasExistingData: false })
		);
		expect(await state.confirm('base', 'respondent', false)).toBe(true);
		expect(state.message).toBe('Imported 2 rows into base.');
		expect(state.preview).toBeNull();
		expect(await stored('base')).toBe(2);
		expect(await state.confirm('base', 'respondent', false)).toBe(false);
		expect(state.error).toMatch(/already has data/);
		expect(await state.confirm('base', 'respondent', true)).toBe(true);
		expect(await stored('base')).toBe(2);
	});

	it('sends unsent responses 100 at a time; sending the file again stores nothing twice', async () => {
		const { upload: state, requests } = await upload();
		const saved = JSON.stringify({
			format: 'be-supported-unsent-responses',
			responses: Array.from({ length: 250 }, () => aResponse())
		});
		expect(await state.sendUnsent(file('unsent.json', saved))).toBe(true);
		expect(state.unsentMessage).toBe('250 new responses stored, 0 already received, 0 refused.');
		expect(requests.filter((request) => request === 'POST /api/v1/responses')).toHaveLength(3);
		expect(await state.sendUnsent(file('unsent.json', saved))).toBe(true);
		expect(state.unsentMessage).toBe('0 new responses stored, 250 already received, 0 refused.');
	});

	it('refuses a file that is not one of unsent responses, sending nothing', async () => {
		const { upload: state, requests } = await upload();
		expect(await state.sendUnsent(file('other.json', '{"responses": []}'))).toBe(false);
		expect(state.unsentMessage).toBe('This is not a file of unsent responses saved by the survey.');
		expect(requests).toEqual([]);
	});
});

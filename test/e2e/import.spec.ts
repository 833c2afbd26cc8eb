import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from './support/fixture.js';
import { E2E_ANALYST } from './support/server.js';
import { findAxeViolations } from './support/axe.js';

/** Issue 14 item 10: the import page (template, import, list refresh, current wave) and sign-in return. */

const setup = useServerAndBrowser({ SEED_ILLUSTRATIVE: 'true' });
const SHOTS = '/tmp/shots-waves';

async function expectAccessible(page: Page, label: string) {
	const violations = await findAxeViolations(page);
	expect(violations, `axe on ${label}:\n${violations.join('\n')}`).toEqual([]);
}

async function signIn(page: Page) {
	await page.getByLabel('Email').fill(E2E_ANALYST.email);
	await page.getByLabel('Password').fill(E2E_ANALYST.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in returns to the page that asked', () => {
	it('a rep opening /rep signs in and is back on /rep', async () => {
		const context = await setup.browser.newContext({ baseURL: setup.server.url });
		const page = await context.newPage();
		await page.goto('/rep');
		await page.waitForURL(/\/dashboard\/login\?next=%2Frep$/);
		await signIn(page);
		await page.waitForURL(/\/rep$/);
		await page.getByRole('heading', { name: 'Hand-round mode' }).waitFor();
		await context.close();
	});

	it('a next that points to another site goes to the dashboard instead', async () => {
		const context = await setup.browser.newContext({ baseURL: setup.server.url });
		const page = await context.newPage();
		await page.goto(`/dashboard/login?next=${encodeURIComponent('//evil.example/rep')}`);
		await signIn(page);
		await page.waitForURL(/\/dashboard$/);
		expect(new URL(page.url()).origin).toBe(setup.server.url);
		await context.close();
	});
});

describe('what a person sees when a request is refused (one client error handler)', () => {
	it('a refused file: the server’s words in an alert; a session that ended: sign in and come back', async () => {
		mkdirSync(SHOTS, { recursive: true });
		const context = await setup.browser.newContext({
			viewport: { width: 360, height: 740 },
			baseURL: setup.server.url
		});
		const page = await context.newPage();
		await page.goto('/dashboard/import');
		await signIn(page);
		await page.waitForURL(/\/dashboard\/import$/);
		await page.getByTestId('current-wave').getByText('Demonstration repeat').waitFor();
		const file = join(mkdtempSync(join(tmpdir(), 'be-supported-import-')), 'wide.csv');
		const header = Array.from({ length: 600 }, (_, index) => `column_${index}`).join(',');
		writeFileSync(file, `${header}\n`);
		await page.getByLabel('CSV file').setInputFiles(file);
		await page.getByRole('button', { name: 'Check the file' }).click();
		const alert = page.getByRole('alert');
		await alert.getByText('The header has 600 columns; at most 500 are allowed').waitFor();
		await expectAccessible(page, 'import page with a refused file');
		await page.screenshot({ path: `${SHOTS}/import-refused-360x740.png`, fullPage: true });

		// The session ends (signed out elsewhere, or expired): the next request goes to sign-in.
		await context.clearCookies();
		await page.getByRole('button', { name: 'Check the file' }).click();
		await page.waitForURL(/\/dashboard\/login\?next=%2Fdashboard%2Fimport$/);
		await signIn(page);
		await page.waitForURL(/\/dashboard\/import$/);

		// The server cannot be reached when a staff page opens: the guard says so, in words.
		await page.route('**/api/v1/auth/me', (route) => route.abort('internetdisconnected'));
		await page.goto('/dashboard/sessions');
		await page
			.getByRole('alert')
			.getByText('Could not reach the server; check the connection and try again.')
			.waitFor();
		await expectAccessible(page, 'a staff page when the server cannot be reached');
		await context.close();
	});
});

describe('the import page (1280×800 and 360×740)', () => {
	it('offers the template, imports into a new wave, refreshes the list and makes it current', async () => {
		mkdirSync(SHOTS, { recursive: true });
		const context = await setup.browser.newContext({
			viewport: { width: 1280, height: 800 },
			baseURL: setup.server.url,
			acceptDownloads: true
		});
		const page = await context.newPage();
		await page.goto('/dashboard/import');
		await page.waitForURL(/\/dashboard\/login\?next=%2Fdashboard%2Fimport$/);
		await signIn(page);
		await page.waitForURL(/\/dashboard\/import$/);
		await page.getByTestId('current-wave').getByText('Demonstration repeat').waitFor();

		// The two template links download CSV made from the questionnaire.
		const template = page.getByRole('link', { name: 'Download the import template (CSV)' });
		const dictionary = page.getByRole('link', { name: /Download the data dictionary/ });
		expect(await template.getAttribute('href')).toBe('/api/v1/import/template.csv');
		expect(await dictionary.getAttribute('href')).toBe('/api/v1/import/dictionary.csv');
		const [download] = await Promise.all([page.waitForEvent('download'), template.click()]);
		expect(download.suggestedFilename()).toBe('be-supported-import-template.csv');
		const header = await page.evaluate(async () =>
			(await fetch('/api/v1/import/template.csv')).text()
		);
		expect(header.startsWith('mode,know_who_to_talk_to,')).toBe(true);

		// A new wave, then a file into it: the list says its rows at once, with no reload.
		await page.getByLabel('Short name (letters, digits and dashes)').fill('2025-autumn');
		await page.getByLabel('Name shown on the dashboard').fill('Autumn 2025');
		await page.getByLabel('This is a baseline').uncheck();
		await page.getByRole('button', { name: 'Create the wave' }).click();
		await page.getByText('Created wave Autumn 2025.').waitFor();
		const option = page.locator('#wave option[value="2025-autumn"]');
		// Every staff role reads the wave list: its counts are published ones (under 10 is not a number).
		expect(await option.textContent()).toBe('Autumn 2025 (fewer than 10 rows)');
		const file = join(mkdtempSync(join(tmpdir(), 'be-supported-import-')), 'autumn.csv');
		const rows = Array.from({ length: 40 }, (_, index) =>
			index % 2 === 0 ? 'standard,agree,friend' : 'easy_read,no,teacher;friend'
		);
		writeFileSync(file, `${header.trim().split(',').slice(0, 3).join(',')}\n${rows.join('\n')}\n`);
		await page.getByLabel('Wave', { exact: true }).selectOption('2025-autumn');
		await page.getByLabel('CSV file').setInputFiles(file);
		await page.getByRole('button', { name: 'Check the file' }).click();
		await page.getByTestId('import-preview').waitFor();
		await page.getByRole('button', { name: 'Import 40 rows' }).click();
		await page.getByText('Imported 40 rows into 2025-autumn.').waitFor();
		await page.waitForFunction(
			() =>
				document.querySelector('#wave option[value="2025-autumn"]')?.textContent ===
				'Autumn 2025 (40 rows)'
		);
		// Importing did not change the current wave.
		await page.getByTestId('current-wave').getByText('Demonstration repeat').waitFor();
		await expectAccessible(page, 'import page after an import');
		await page.screenshot({ path: `${SHOTS}/import-1280x800.png`, fullPage: true });

		// The analyst makes it current; the dashboard then opens on it.
		await page.getByRole('button', { name: 'Make Autumn 2025 the current wave' }).click();
		await page.getByText('Autumn 2025 is now the current wave').waitFor();
		expect(await option.textContent()).toBe('Autumn 2025 (40 rows) – current wave');
		await expectAccessible(page, 'import page after making a wave current');
		await page.setViewportSize({ width: 360, height: 740 });
		await page.screenshot({ path: `${SHOTS}/import-360x740.png`, fullPage: true });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			360
		);
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.goto('/dashboard');
		await page.locator('[data-item="know_who_to_talk_to"]').waitFor();
		expect(await page.getByLabel('Wave', { exact: true }).inputValue()).toBe('2025-autumn');
		const stored = await setup.server.db.execute('SELECT id FROM waves WHERE is_current = 1');
		expect(stored.rows.map((row) => row.id)).toEqual(['2025-autumn']);
		await context.close();
	});
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPhone, TABLET } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { E2E_ANALYST } from './support/server.js';
import { DashboardPage } from './pages/dashboard.page.js';
import { SurveyPage } from './pages/survey.page.js';
import { findAxeViolations } from './support/axe.js';

// As `npm start` on a fresh machine: illustrative baselines (and the test analyst startServer makes).
const setup = useServerAndBrowser({ SEED_ILLUSTRATIVE: 'true' });

async function expectAccessible(page: Page, label: string) {
	const violations = await findAxeViolations(page);
	expect(violations, `axe on ${label}:\n${violations.join('\n')}`).toEqual([]);
}

describe('"You said": results told back to young people', () => {
	it('shows the illustrative headline results in easy read, labelled as pretend numbers', async () => {
		const phone = await newPhone(setup.browser, setup.server.url);
		const page = await phone.newPage();
		await page.goto('/you-said');
		await page.getByText('out of 100').first().waitFor();
		expect(await page.getByText('These are pretend numbers').count()).toBe(1);
		await expectAccessible(page, 'you said');
		await phone.close();
	});
});

describe('the Engagement Team dashboard (1024×768)', () => {
	it('signs in, imports a baseline through the page, and sees new survey responses arrive', async () => {
		const context = await setup.browser.newContext({ ...TABLET, baseURL: setup.server.url });
		const page = await context.newPage();
		await page.goto('/dashboard');
		await page.waitForURL(/\/dashboard\/login$/);
		await page.getByLabel('Email').waitFor();
		await expectAccessible(page, 'sign in');
		await page.getByLabel('Email').fill(E2E_ANALYST.email);
		await page.getByLabel('Password').fill('wrong-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('alert').waitFor();
		await page.getByLabel('Password').fill(E2E_ANALYST.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/dashboard$/);
		await page.locator('[data-item="know_who_to_talk_to"]').waitFor();
		// The illustrative baselines are labelled as such.
		// On screen once (the printed cover has its own, hidden until printing).
		expect(await page.getByText('Illustrative data.').filter({ visible: true }).count()).toBe(1);
		await expectAccessible(page, 'results');
		// The scorecard's every column fits a 1024 px screen: none hidden behind a sideways scroll.
		const scorecard = page.locator('.table-wrap').first();
		expect(
			await scorecard.evaluate((region) => region.scrollWidth - region.clientWidth)
		).toBeLessThanOrEqual(0);
		// One item's breakdown, opened from the scorecard.
		const dashboard = new DashboardPage(page);
		await dashboard.openItem('know_who_to_talk_to');
		await dashboard.breakDownBy('send', 'Special educational needs or disability (SEND)');
		expect(await dashboard.detail().locator('tbody th[scope="row"]').allInnerTexts()).toContain(
			"I'm not sure"
		);
		await expectAccessible(page, 'results by SEND');

		// Import a (tiny) 2019 file through the page: preview, then confirm with replace.
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-import-'));
		const file = join(dir, 'baseline-2019.csv');
		const rows = Array.from(
			{ length: 40 },
			(_, index) => `${index < 25 ? 'agree' : 'disagree'},${index % 3 === 0 ? 'yes' : 'no'}`
		);
		writeFileSync(file, ['know_who_to_talk_to,send', ...rows].join('\r\n'));
		await page.getByRole('link', { name: 'Import a baseline' }).click();
		await page.waitForURL(/\/dashboard\/import$/);
		// A new wave can be made from the same page.
		await page.getByLabel('Short name (letters, digits and dashes)').fill('2025-autumn');
		await page.getByLabel('Name shown on the dashboard').fill('Autumn 2025');
		await page.getByRole('button', { name: 'Create the wave' }).click();
		await page.getByText('Created wave Autumn 2025.').waitFor();
		await expectAccessible(page, 'import and waves');
		await page.getByLabel('Wave', { exact: true }).selectOption('2019');
		await page.getByLabel('CSV file').setInputFiles(file);
		await page.getByRole('button', { name: 'Check the file' }).click();
		await page.getByTestId('import-preview').waitFor();
		await expectAccessible(page, 'import preview');
		await page.getByLabel(/Replace the data already in 2019/).check();
		await page.getByRole('button', { name: 'Import 40 rows' }).click();
		await page.getByText('Imported 40 rows into 2019.').waitFor();
		const stored = await setup.server.db.execute(
			"SELECT count(*) AS n FROM responses WHERE wave_id = '2019'"
		);
		expect(Number(stored.rows[0]?.n)).toBe(40);

		// A young person answers on a phone; the dashboard's count for this wave goes up.
		const phone = await newPhone(setup.browser, setup.server.url);
		const survey = new SurveyPage(await phone.newPage());
		await survey.open('/');
		await survey.start();
		await survey.answerUntilCheck({ know_who_to_talk_to: 'agree', send: 'yes' });
		await survey.send();
		await survey.page.waitForFunction(() =>
			document.body.innerText.includes('Your answers have been sent.')
		);
		await phone.close();

		await page.goto('/dashboard');
		await page.locator('[data-item="know_who_to_talk_to"]').waitFor();
		const currentWave = (
			await setup.server.db.execute(
				'SELECT id FROM waves WHERE is_baseline = 0 AND is_illustrative = 0'
			)
		).rows[0]!.id as string;
		await page.getByLabel('Wave', { exact: true }).selectOption(currentWave);
		await page.getByRole('button', { name: 'Show results' }).click();
		// The live count of one response says "fewer than 10", as every other view does.
		await page.waitForFunction(
			() => document.querySelector('[data-testid="live-total"]')?.textContent === 'fewer than 10'
		);
		// One response is far below 10: no percentage for it anywhere on the page.
		await page.locator('[data-item="know_who_to_talk_to"] h3').waitFor();
		await page.waitForFunction(() =>
			document
				.querySelector('[data-item="know_who_to_talk_to"] tbody')
				?.textContent?.includes('not shown, to protect a small group')
		);
		expect(await page.locator('[data-item="know_who_to_talk_to"] tbody').innerText()).not.toMatch(
			/100%/
		);

		await page.getByRole('link', { name: 'What young people wrote' }).click();
		await page.waitForURL(/free-text$/);
		await page.getByRole('status').or(page.locator('p.panel')).first().waitFor();
		// It opens on the current reporting wave, the demonstration one: its invented answers say so.
		await page.getByText('no young person wrote them').waitFor();
		expect(await page.locator('.answers li').count()).toBeGreaterThan(10);
		await expectAccessible(page, 'free text');
		// The real wave's one answer is hidden, and nothing there says it is invented.
		await page.getByLabel('Wave', { exact: true }).selectOption(currentWave);
		await page.getByRole('button', { name: 'Show answers' }).click();
		await page.locator('p.panel').filter({ hasText: 'Fewer than 10' }).waitFor();
		expect(await page.getByText('Illustrative data.').count()).toBe(0);
		await expectAccessible(page, 'free text');
		await context.close();
	});
});

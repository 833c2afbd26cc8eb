import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PDFParse } from 'pdf-parse';
import { currentQuestionnaire } from '#survey';
import { useServerAndBrowser, signInAsDemoAnalyst } from './support/fixture.js';
import { E2E_ANALYST } from './support/server.js';
import { findAxeViolations } from './support/axe.js';
import { DashboardPage } from './pages/dashboard.page.js';
import WORDING from '../../src/lib/i18n/locales/en-GB/questionnaire.json';

// The illustrative 2019, 2020 and demonstration waves of a fresh `npm start`; the demonstration
// wave has easy-read and SEND (3-point) answers beside standard ones.
const setup = useServerAndBrowser({ SEED_ILLUSTRATIVE: 'true' });
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const AGREE_ITEMS = currentQuestionnaire.items.filter((item) => item.type === 'agree');

async function expectAccessible(page: Page, label: string) {
	const violations = await findAxeViolations(page);
	expect(violations, `axe on ${label}:\n${violations.join('\n')}`).toEqual([]);
}

/** Codes as the issue saw them on screen ("8 10", "dont know", "non binary", "cherwell"). */
function expectNoRawCodes(text: string) {
	expect(text).not.toMatch(/\b[a-z0-9]+_[a-z0-9_]+\b/);
	expect(text).not.toMatch(/\b\d+ \d+\b(?! point)/);
	for (const code of [
		/\bdont know\b/,
		/\bnon binary\b/,
		/\bcherwell\b/,
		/\bnot stated\b/, // the code spelled out; "Not stated" (capital N) is the wording
		/\bprefer not\b(?! to say)/
	])
		expect(text).not.toMatch(code);
}

async function openDashboard(viewport = DESKTOP) {
	const context = await setup.browser.newContext({ ...viewport, baseURL: setup.server.url });
	const page = await context.newPage();
	await signInAsDemoAnalyst(page);
	const dashboard = new DashboardPage(page);
	await dashboard.scorecard().waitFor();
	return { context, page, dashboard };
}

describe('the scorecard and its drill-down', () => {
	it('shows every agree item as a row under outcomes 13–16, in words, with markers that are not colour', async () => {
		const { context, page, dashboard } = await openDashboard();
		const rows = dashboard.scorecard().locator('[data-scorecard-item]');
		expect(await rows.count()).toBe(AGREE_ITEMS.length);
		const outcomes = await dashboard.scorecard().locator('th[scope="colgroup"]').allInnerTexts();
		expect(outcomes.map((text) => text.slice(0, 10))).toEqual([
			'Outcome 13',
			'Outcome 14',
			'Outcome 15',
			'Outcome 16'
		]);
		// Columns: the question, this wave, 2019, 2020, and the change against each.
		const headings = await dashboard.scorecard().locator('thead th').allInnerTexts();
		expect(headings.map((text) => text.replace(/\s+/g, ' '))).toEqual([
			'Question',
			'Demonstration repeat (illustrative)',
			'2019 (illustrative)',
			'2020 (illustrative)',
			'Change since 2019 (illustrative)',
			'Change since 2020 (illustrative)'
		]);
		for (const item of AGREE_ITEMS) {
			const row = dashboard.scorecardRow(item.code);
			const cells = await row.locator('td').allInnerTexts();
			expect(cells).toHaveLength(5);
			for (const share of cells.slice(0, 3)) expect(share).toMatch(/^\d+%$/);
			for (const changeText of cells.slice(3))
				expect(changeText).toMatch(/^(▲ better|▼ worse|– no clear change), [+\u2212]?\d+ points?$/);
			// The row's button is named by the question's wording (the i18n resources).
			const wording = WORDING.items[item.code as keyof typeof WORDING.items].question;
			expect(
				await row.getByRole('button').evaluate((button) => button.textContent?.replace(/\s+/g, ' '))
			).toBe(`${wording}: see it by group`);
		}
		// On screen once (the printed cover has its own, hidden until printing).
		expect(await page.getByText('Illustrative data.').filter({ visible: true }).count()).toBe(1);
		expectNoRawCodes(await page.locator('main').innerText());
		await expectAccessible(page, 'scorecard');
		await context.close();
	});

	it('drills down to one item: bars per group with a data table and headline sentences, in words', async () => {
		const { context, page, dashboard } = await openDashboard();
		await dashboard.openItem('feel_listened_to');
		const detail = dashboard.detail();
		expect(await detail.getByRole('heading', { level: 2 }).innerText()).toBe(
			'When I talk to adults about things that matter to me, they listen'
		);
		// Focus moves to what opened, for keyboard and screen-reader users.
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-heading');
		// The chart is hidden from assistive technology; the table after it carries the figures.
		const chart = detail.getByTestId('breakdown-chart');
		expect(await chart.getAttribute('aria-hidden')).toBe('true');
		const rowHeads = await detail.locator('tbody th[scope="row"]').allInnerTexts();
		expect(rowHeads).toEqual([
			'8 to 10',
			'11 to 13',
			'14 to 16',
			'17 to 19',
			'20 to 25',
			"I'd prefer not to say",
			'Not stated'
		]);
		// One small multiple per group, each with one bar or a hidden-figure note per wave.
		expect(await chart.locator('.multiple').count()).toBe(rowHeads.length);
		expect(await chart.locator('.row').count()).toBe(rowHeads.length * 3);
		const table = await detail.locator('table').innerText();
		expect(table).toContain('8 to 10');
		// A sentence per group whose change survives adjustment, or a sentence saying none does.
		const headlines = await detail.getByTestId('group-headlines').innerText();
		expect(headlines).toMatch(
			/(?:(?:More|Fewer) young people .+ agreed “When I talk to adults.+” than in 20(?:19|20) \(illustrative\) \(\d+% vs \d+%\)\.)|No group's change since/
		);
		await expectAccessible(page, 'item by age');

		await dashboard.breakDownBy('gender', 'Gender');
		expect(await detail.locator('tbody th[scope="row"]').allInnerTexts()).toContain('Non-binary');
		await dashboard.breakDownBy('district', 'Where they live');
		expect(await detail.locator('tbody th[scope="row"]').allInnerTexts()).toContain(
			'Cherwell (for example Banbury or Bicester)'
		);
		expectNoRawCodes(await page.locator('main').innerText());
		await expectAccessible(page, 'item by district');

		await detail.getByRole('button', { name: 'Back to the scorecard' }).click();
		await detail.waitFor({ state: 'detached' });
		await context.close();
	});

	it('reads and works on a phone (360×740)', async () => {
		const { context, page, dashboard } = await openDashboard({
			viewport: { width: 360, height: 740 }
		});
		await expectAccessible(page, 'scorecard on a phone');
		await dashboard.openItem('staff_care');
		const bar = await dashboard.detail().locator('svg.track').first().boundingBox();
		// The bar keeps most of the width (the wave's name goes above it on a narrow screen).
		expect(bar!.width).toBeGreaterThan(200);
		await expectAccessible(page, 'breakdown on a phone');
		await context.close();
	});
});

describe('like with like: standard mode only', () => {
	it('offers the filter where 3-point answers are pooled, asks for it, and says so', async () => {
		const { context, page } = await openDashboard();
		expect(await page.getByTestId('showing').innerText()).toMatch(/pooled/);
		expect(await page.locator('caption', { hasText: 'Scorecard' }).innerText()).toMatch(/pooled/);
		const asked = page.waitForRequest((request) => request.url().includes('/api/v1/benchmark?'));
		await page.getByLabel('Standard mode only (comparable with 2019 and 2020)').check();
		expect(new URL((await asked).url()).searchParams.getAll('filter')).toEqual(['mode:standard']);
		await page.waitForFunction(() =>
			document
				.querySelector('[data-testid="showing"]')
				?.textContent?.includes('Showing: standard mode only')
		);
		expect(await page.locator('caption', { hasText: 'Scorecard' }).innerText()).not.toMatch(
			/pooled/
		);
		// The CSV export asks for the same young people.
		expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain(
			'filter=mode%3Astandard'
		);
		await expectAccessible(page, 'standard mode only');
		await page.getByLabel('Standard mode only (comparable with 2019 and 2020)').uncheck();
		await page.waitForFunction(() =>
			document.querySelector('[data-testid="showing"]')?.textContent?.includes('pooled')
		);
		await context.close();
	});

	it('counts only standard-mode answers once filtered', async () => {
		const { context, page } = await openDashboard();
		const base = () =>
			page
				.locator('[data-item="know_who_to_talk_to"] tbody td')
				.first()
				.innerText()
				.then((text) => Number(/n = (\d+)/.exec(text)?.[1]));
		const pooled = await base();
		await page.getByLabel('Standard mode only (comparable with 2019 and 2020)').check();
		await page.getByText('Showing: standard mode only').waitFor();
		expect(await base()).toBeLessThan(pooled);
		await context.close();
	});
});

describe('like with like, group by group', () => {
	it('breaks a filtered scorecard down by group with the same filter, and says what it counts', async () => {
		const { context, page, dashboard } = await openDashboard();
		await page.getByLabel('Standard mode only (comparable with 2019 and 2020)').check();
		await page.getByText('Showing: standard mode only').waitFor();
		const asked = page.waitForRequest(
			(request) => request.url().includes('/api/v1/benchmark?') && request.url().includes('by=')
		);
		await dashboard.openItem('feel_listened_to');
		const query = new URL((await asked).url()).searchParams;
		expect(query.getAll('filter')).toEqual(['mode:standard']);
		expect(query.get('by')).toBe('age_band');
		const detail = dashboard.detail();
		expect(await detail.getByTestId('breakdown-filtered').innerText()).toContain(
			'standard mode only'
		);
		// Way of doing the survey is no longer offered as a breakdown: the figures are one mode.
		expect(
			await detail.getByLabel('Break down by').locator('option').allInnerTexts()
		).not.toContain('Way of doing the survey');
		expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(
			/by=age_band.*filter=mode%3Astandard|filter=mode%3Astandard.*by=age_band/
		);
		await expectAccessible(page, 'filtered breakdown');

		// A second group as well: two groups already, so no breakdown, and the page says why.
		const twoFilters = page.waitForRequest(
			(request) =>
				request.url().includes('/api/v1/benchmark?') && request.url().includes('age_band%3A11_13')
		);
		await page.getByLabel('Only young people').selectOption({ label: 'Age: 11 to 13' });
		expect(new URL((await twoFilters).url()).searchParams.getAll('filter')).toEqual([
			'mode:standard',
			'age_band:11_13'
		]);
		await page.getByTestId('no-breakdown').waitFor();
		await page.waitForFunction(() =>
			document.querySelector('[data-testid="showing"]')?.textContent?.includes('Age: 11 to 13')
		);
		expectNoRawCodes(await page.locator('main').innerText());
		await expectAccessible(page, 'two filters');
		await context.close();
	});
});

describe('the Board-ready printed report', () => {
	it('prints a cover with wave, date and author, the scorecard, a page per outcome, numbered pages and no controls', async () => {
		const { context, page } = await openDashboard();
		const button = page.getByRole('button', { name: 'Download report (PDF)' });
		// The button opens the browser's print dialog, which saves the PDF.
		await page.evaluate(() => {
			(window as unknown as { printed: number }).printed = 0;
			window.print = () => (window as unknown as { printed: number }).printed++;
		});
		await button.click();
		expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

		// Chromium's print to PDF, as "Save as PDF" in the print dialog makes it.
		const parser = new PDFParse({ data: await page.pdf({ format: 'A4' }) });
		const { pages } = await parser.getText();
		await parser.destroy();
		const texts = pages.map((entry) => entry.text);
		expect(texts.length).toBeGreaterThanOrEqual(6);
		const [cover, scorecard] = texts;
		expect(cover).toContain('Results for Demonstration');
		expect(cover).toContain('2019 (illustrative) and 2020 (illustrative)');
		expect(cover).toMatch(/Produced\s+\d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d UTC/);
		expect(cover).toContain(E2E_ANALYST.email);
		expect(cover).toContain('Illustrative data.');
		expect(cover).toMatch(/Wilson/);
		expect(cover).toMatch(/fewer than 10/);
		expect(scorecard).toContain('Scorecard');
		// Every page is numbered, and illustrative figures are labelled on every page.
		texts.forEach((text, index) => {
			expect(text).toContain(`Page ${index + 1} of ${texts.length}`);
			expect(text).toContain('ILLUSTRATIVE DATA');
		});
		// Each outcome starts its own page, after the cover and the scorecard, in order.
		const outcomePages = [13, 14, 15, 16].map(
			(outcome) => 2 + texts.slice(2).findIndex((text) => text.includes(`Outcome ${outcome}: `))
		);
		expect(outcomePages[0]).toBe(2);
		for (const [index, pageIndex] of outcomePages.entries()) {
			if (index === 0) continue;
			expect(pageIndex).toBeGreaterThan(outcomePages[index - 1]!);
			expect(texts[pageIndex]).not.toContain(`Outcome ${12 + index}: `);
		}
		const all = texts.join('\n');
		for (const control of [
			'Download report',
			'Download CSV',
			'Show results',
			'Sign out',
			'By day',
			'▶',
			'Break down by',
			'Back to the scorecard',
			'Standard mode only',
			'Choose a question'
		])
			expect(all, control).not.toContain(control);
		expectNoRawCodes(all);
		await context.close();
	});
});

describe('the sessions page pickers', () => {
	it('offers settings and districts in words', async () => {
		const { context, page } = await openDashboard();
		await page.goto('/dashboard/sessions');
		await page.getByRole('option', { name: 'Secondary school' }).waitFor({ state: 'attached' });
		const settings = await page
			.getByLabel('Setting', { exact: true })
			.locator('option')
			.allInnerTexts();
		expect(settings).toContain('Secondary school');
		expect(settings).toContain('At home (home educated)');
		const districts = await page
			.getByLabel('District', { exact: true })
			.locator('option')
			.allInnerTexts();
		expect(districts).toContain('South Oxfordshire (for example Didcot or Henley)');
		expectNoRawCodes([...settings, ...districts].join('\n'));
		await context.close();
	});
});

import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';

const setup = useServerAndBrowser();

describe('language first', () => {
	it('opens in the device language, names each language in itself, and switches on the welcome page', async () => {
		const context = await setup.browser.newContext({
			viewport: { width: 390, height: 844 },
			baseURL: setup.server.url,
			locale: 'ar-EG'
		});
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		await page.waitForFunction(() => document.documentElement.lang === 'ar');
		expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
		const languages = page.getByRole('group', { name: 'اللغة' }).getByRole('button');
		expect(await languages.allInnerTexts()).toEqual(
			['English', 'Polski', '✓ العربية'].map((name) =>
				expect.stringContaining(name.replace('✓ ', ''))
			)
		);
		expect(await page.getByRole('button', { name: 'العربية' }).getAttribute('aria-pressed')).toBe(
			'true'
		);
		expect(await page.getByRole('button', { name: 'Polski' }).getAttribute('lang')).toBe('pl');
		await survey.expectNoAxeViolations('welcome in Arabic with the language choice');

		await page.getByRole('button', { name: 'Polski' }).click();
		await page.waitForFunction(() => document.documentElement.lang === 'pl');
		expect(await page.getByRole('button', { name: 'Polski' }).getAttribute('aria-pressed')).toBe(
			'true'
		);
		await page.getByRole('button', { name: 'English' }).click();
		await page.waitForFunction(() => document.documentElement.lang === 'en-GB');
		await context.close();
	});

	it('wraps Latin place names in <bdi> in Arabic, so brackets stay right', async () => {
		const context = await setup.browser.newContext({
			viewport: { width: 390, height: 844 },
			baseURL: setup.server.url,
			locale: 'ar'
		});
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		await page.waitForFunction(() => document.documentElement.lang === 'ar');
		await page.locator('button.start').click();
		await page.waitForURL(/\/survey\//);
		for (
			let guard = 0;
			guard < 40 && !(await page.locator('label[for="district-cherwell"]').count());
			guard++
		) {
			const before = page.url();
			await page.locator('form button.secondary').click();
			await page.waitForURL((url) => url.toString() !== before);
		}
		const label = page.locator('label[for="district-cherwell"]');
		expect(await label.locator('bdi').allInnerTexts()).toEqual(['Cherwell', 'Banbury', 'Bicester']);
		expect(await label.innerText()).not.toContain('<bdi>');
		await survey.expectNoAxeViolations('district question in Arabic');
		await context.close();
	});
});

describe('"Got a code?" on the welcome page', () => {
	it('takes a code in any case with look-alikes, joins like /s/CODE, and says plainly when it is not a code or cannot be checked', async () => {
		const session = await setup.server.db
			.execute('select code from sessions limit 1')
			.catch(() => null);
		const context = await setup.browser.newContext({
			viewport: { width: 390, height: 844 },
			baseURL: setup.server.url
		});
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		await page.getByText('Got a code?').click();
		const field = page.getByLabel('Session code');
		await field.fill('abco34');
		await page.getByRole('button', { name: 'Join' }).click();
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').innerText()).toContain('never use O or 0');
		await survey.expectNoAxeViolations('welcome with a wrong code');

		await context.setOffline(true);
		await field.fill('kim9pq');
		await page.getByRole('button', { name: 'Join' }).click();
		await page.waitForFunction(() =>
			document.querySelector('[role="alert"]')?.textContent?.includes('KLM9PQ')
		);
		expect(await page.getByRole('alert').innerText()).toContain('not online');
		await context.setOffline(false);

		const code = String(session?.rows[0]?.code ?? 'KLM9PQ');
		await field.fill(` ${code.toLowerCase().slice(0, 3)}-${code.toLowerCase().slice(3)} `);
		await page.getByRole('button', { name: 'Join' }).click();
		await page.waitForURL(new RegExp(`/s/${code}$`));
		await page.locator('main [role="status"], main [role="alert"]').first().waitFor();
		await context.close();
	});
});

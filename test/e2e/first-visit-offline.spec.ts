import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPhone } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';

const setup = useServerAndBrowser();

/** Every picture on the page has loaded (a broken one has naturalWidth 0). */
async function brokenImages(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const images = [...document.images];
		for (const image of images) {
			image.loading = 'eager';
			if (image.complete) continue;
			await new Promise((resolve) => {
				image.addEventListener('load', resolve, { once: true });
				image.addEventListener('error', resolve, { once: true });
				setTimeout(resolve, 3000);
			});
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		return images
			.filter((image) => image.naturalWidth === 0)
			.map((image) => image.getAttribute('src') ?? '');
	});
}

/** Client-side navigation by the page's own link (no reload: the first page stays loaded). */
async function follow(page: Page, name: string, url: RegExp) {
	await page.getByRole('link', { name, exact: true }).first().click();
	await page.waitForURL(url);
	await page.waitForTimeout(300);
}

describe('offline from the first second', () => {
	it('says "Ready to use offline" only when the precache is complete, then works offline without a reload', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		// Honest while the precache fills; ready only once the worker controls this very page.
		await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
		expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		expect(await page.getByTestId('offline-preparing').count()).toBe(0);

		await context.setOffline(true);
		await follow(page, 'Who can I talk to?', /\/help$/);
		expect(await page.getByText('Call 0800 1111').count()).toBe(1);
		await follow(page, 'Settings', /\/settings$/);
		expect(await page.locator('h1').first().innerText()).toBeTruthy();

		for (const mode of ['easy_read', 'send', 'standard'] as const) {
			await page.locator(`label[for="mode-${mode}"]`).click();
			await page.waitForTimeout(300);
			await page.locator('header a[href="/"]').click();
			await page.waitForURL((url) => url.pathname === '/');
			await page.waitForTimeout(500);
			expect(await brokenImages(page), `${mode}: welcome symbols`).toEqual([]);
			if (mode !== 'standard')
				expect(await page.locator('main img.symbol').count()).toBeGreaterThan(0);
			await follow(page, 'Settings', /\/settings$/);
		}

		// Every language arrives from the precache too.
		for (const language of ['pl', 'ar', 'en-GB']) {
			await page.locator('#language').selectOption(language);
			await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
		}
		// And the first question, with its symbols, in SEND mode.
		await page.locator('label[for="mode-send"]').click();
		await page.locator('header a[href="/"]').click();
		await page.waitForURL((url) => url.pathname === '/');
		await page.locator('button.start').click();
		await page.waitForURL(/\/survey\//);
		await page.waitForTimeout(500);
		expect(await page.locator('.choice img.symbol').count()).toBeGreaterThan(0);
		expect(await brokenImages(page)).toEqual([]);
		await survey.expectNoAxeViolations('first question offline, SEND');
		await context.close();
	});
});

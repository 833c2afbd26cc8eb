import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newPhone } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { findAxeViolations } from './support/axe.js';

const setup = useServerAndBrowser();
const FIRST = 'know_who_to_talk_to';

/** The app's scripts arrive late (a slow phone link): each waits this long before it is fetched. */
async function delayScripts(context: BrowserContext, ms = 2500): Promise<void> {
	await context.route(/\/_app\/.*\.js$/, async (route) => {
		await new Promise((resolve) => setTimeout(resolve, ms));
		await route.continue();
	});
}

/** Documents the page loads (a tap kept for the app loads none; a followed form loads one). */
function countDocuments(context: BrowserContext): string[] {
	const documents: string[] = [];
	context.on('request', (request) => {
		if (request.resourceType() === 'document') {
			const url = new URL(request.url());
			documents.push(url.pathname + url.search);
		}
	});
	return documents;
}

/** Taps Start the moment it is painted; returns whether the app had hydrated then (it must not have). */
async function tapStartAtFirstPaint(page: Page): Promise<boolean> {
	await page.goto('/', { waitUntil: 'commit' });
	const start = page.locator('button.start');
	await start.waitFor({ state: 'visible' });
	// The layout sets data-mode on <html> once the app runs.
	const wasHydrated = await page.evaluate(
		() => document.documentElement.dataset.mode !== undefined
	);
	await start.tap();
	return wasHydrated;
}

async function draftInDevice(page: Page): Promise<{ locale: string; currentStep: string } | null> {
	return page.evaluate(
		() =>
			new Promise((resolve) => {
				const open = indexedDB.open('be-supported');
				open.onsuccess = () => {
					const request = open.result
						.transaction('drafts', 'readonly')
						.objectStore('drafts')
						.getAll();
					request.onsuccess = () => resolve(request.result[0] ?? null);
					request.onerror = () => resolve(null);
				};
				open.onerror = () => resolve(null);
			})
	);
}

describe('Start works from first paint, before the app has loaded', () => {
	it('a tap before hydration is kept, and the app opens the first question with it (no second page load)', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		await delayScripts(context);
		const documents = countDocuments(context);
		const page = await context.newPage();
		expect(await tapStartAtFirstPaint(page)).toBe(false);
		// Taken at once: the button says it is busy while the app's script is still on its way.
		const start = page.locator('button.start');
		expect(await start.getAttribute('aria-busy')).toBe('true');
		expect(await start.getAttribute('aria-disabled')).toBe('true');
		expect(await page.evaluate(() => document.documentElement.dataset.mode)).toBeUndefined();
		await page.waitForURL((url) => url.pathname === `/survey/${FIRST}` && url.search === '', {
			timeout: 30_000
		});
		await page.waitForFunction(() => document.documentElement.dataset.mode === 'standard');
		expect(documents).toEqual(['/']);
		expect(await page.locator('h1').first().innerText()).toContain('I know who to talk to');
		const draft = await draftInDevice(page);
		expect(draft?.locale).toBe('en-GB');
		expect(draft?.currentStep).toBe(FIRST);
		expect(await findAxeViolations(page)).toEqual([]);
		// The question works: answering and Continue go on to the next question.
		await page.locator(`label[for="${FIRST}-agree"]`).click();
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.waitForURL((url) => url.pathname !== `/survey/${FIRST}`);
		expect(new URL(page.url()).pathname).toMatch(/^\/survey\/[a-z_]+$/);
		await context.close();
	});

	it('starts in the language this device chose before (not the English the page began in)', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		await context.addInitScript(() => localStorage.setItem('be-supported:language', 'pl'));
		await delayScripts(context);
		const page = await context.newPage();
		expect(await tapStartAtFirstPaint(page)).toBe(false);
		await page.waitForURL((url) => url.pathname === `/survey/${FIRST}` && url.search === '', {
			timeout: 30_000
		});
		await page.waitForFunction(() => document.documentElement.lang === 'pl');
		expect((await draftInDevice(page))?.locale).toBe('pl');
		await context.close();
	});

	it('with an unfinished survey on the device, the tap leaves the welcome page to choose', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		const page = await context.newPage();
		// A survey started (hydrated, the usual way) and left unfinished.
		await page.goto('/');
		await page.waitForFunction(() => document.documentElement.dataset.mode !== undefined);
		await page.locator('button.start').click();
		await page.waitForURL(`**/survey/${FIRST}`);
		await page.locator(`label[for="${FIRST}-agree"]`).click();
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.waitForURL((url) => url.pathname !== `/survey/${FIRST}`);
		const unfinished = await draftInDevice(page);

		await delayScripts(context);
		expect(await tapStartAtFirstPaint(page)).toBe(false);
		await page.getByTestId('resume').waitFor({ timeout: 30_000 });
		expect(new URL(page.url()).pathname).toBe('/');
		// Nothing was lost or replaced.
		const kept = await draftInDevice(page);
		expect(kept?.currentStep).toBe(unfinished?.currentStep);
		await context.close();
	});

	it('when the app never runs on the welcome page, the kept tap follows the form after all', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		// The welcome page's scripts fail; the question page's arrive.
		let isBlocked = true;
		await context.route(/\/_app\/.*\.js$/, (route) =>
			isBlocked ? route.abort() : route.continue()
		);
		context.on('request', (request) => {
			if (request.resourceType() === 'document' && request.url().includes('?start='))
				isBlocked = false;
		});
		const page = await context.newPage();
		expect(await tapStartAtFirstPaint(page)).toBe(false);
		await page.waitForURL((url) => url.pathname === `/survey/${FIRST}` && url.search === '', {
			timeout: 30_000
		});
		await page.waitForFunction(() => document.documentElement.dataset.mode === 'standard');
		expect((await draftInDevice(page))?.currentStep).toBe(FIRST);
		await context.close();
	});
});

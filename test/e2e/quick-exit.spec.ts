import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';

const setup = useServerAndBrowser();

/** A phone whose "neutral site" is answered locally (the tests never leave 127.0.0.1). */
async function newPhone(): Promise<BrowserContext> {
	const context = await setup.browser.newContext({
		viewport: { width: 390, height: 844 },
		baseURL: setup.server.url,
		hasTouch: true
	});
	await context.route('https://www.bbc.co.uk/**', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: '<!doctype html><title>Weather</title><h1>Weather</h1>'
		})
	);
	return context;
}

/** Starts the survey and answers two questions, so question 3 is on screen with answers behind it. */
async function answerTwoQuestions(page: Page): Promise<SurveyPage> {
	const survey = new SurveyPage(page);
	await survey.open('/');
	await survey.start();
	await survey.answer('agree');
	await survey.answer(['parent_carer']);
	return survey;
}

/** What Back shows after the exit: never a question, an answer, or a page of the survey. */
async function expectBackShowsNoSurvey(page: Page) {
	await page.goBack();
	await page.waitForLoadState('domcontentloaded');
	await page.waitForTimeout(300);
	expect(new URL(page.url()).pathname).not.toMatch(/^\/survey\//);
	expect(await page.locator('.choice').count()).toBe(0);
}

describe('quick exit (GOV.UK "Exit this page")', () => {
	it('is one sticky link named as a safety exit on every respondent page', async () => {
		const context = await newPhone();
		const page = await context.newPage();
		const survey = await answerTwoQuestions(page);
		const exit = page.getByTestId('quick-exit');
		expect(await exit.evaluate((link) => link.textContent?.replace(/\s+/g, ' ').trim())).toMatch(
			/^Quick exit: Safety exit/
		);
		expect(await page.getByRole('link', { name: /Safety exit/ }).count()).toBe(1);
		expect(await exit.count()).toBe(1);
		await page.mouse.wheel(0, 2000);
		await page.waitForTimeout(200);
		expect(await exit.isVisible()).toBe(true);
		const box = await exit.boundingBox();
		expect(box && box.y >= 0 && box.y < 120).toBe(true);
		await survey.expectNoAxeViolations('question with the sticky exit');
		await context.close();
	});

	it('leaves from the button; Back shows no question; reopening shows the welcome page', async () => {
		const context = await newPhone();
		const page = await context.newPage();
		await answerTwoQuestions(page);
		await page.getByTestId('quick-exit').click();
		await page.waitForURL(/bbc\.co\.uk/);
		await expectBackShowsNoSurvey(page);

		// Reopening the app, even at a question's address, shows the welcome page; the draft waits behind Continue.
		await page.close();
		const reopened = await context.newPage();
		await reopened.goto('/survey/know_who_to_talk_to');
		await reopened.waitForURL((url) => url.pathname === '/');
		const survey = new SurveyPage(reopened);
		await survey.waitForApp();
		await reopened.getByTestId('resume').waitFor();
		expect(await reopened.locator('fieldset .choice').count()).toBe(0);
		// Choosing Continue brings the draft back where it stopped.
		await reopened.getByRole('button', { name: 'Continue where I stopped' }).click();
		await reopened.waitForURL(/\/survey\/[a-z_]+$/);
		expect(survey.currentCode()).not.toBe('know_who_to_talk_to');
		await context.close();
	});

	it('leaves when Shift is pressed 3 times, and the keyboard reaches the exit first', async () => {
		const context = await newPhone();
		const page = await context.newPage();
		const survey = await answerTwoQuestions(page);
		await page.reload();
		await survey.waitForApp();
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
			'quick-exit'
		);
		await page.locator('h1').click();
		await page.keyboard.press('Shift');
		await page.keyboard.press('Shift');
		expect(new URL(page.url()).pathname).toMatch(/^\/survey\//);
		await page.keyboard.press('Shift');
		await page.waitForURL(/bbc\.co\.uk/);
		await expectBackShowsNoSurvey(page);
		await context.close();
	});

	it('is explained on the About page', async () => {
		const context = await newPhone();
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/about');
		await page.getByRole('heading', { name: 'Quick exit' }).waitFor();
		expect(await page.getByText('pressing the Shift key 3 times').count()).toBe(1);
		await survey.expectNoAxeViolations('about page');
		await context.close();
	});
});

import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { findAxeViolations } from '../support/axe.js';

export type PlannedAnswer = string | string[] | { text: string } | 'skip';

/** The respondent journey as a person uses it: by labels, buttons and links. */
export class SurveyPage {
	constructor(readonly page: Page) {}

	async open(path = '/'): Promise<void> {
		await this.page.goto(path);
		await this.waitForApp();
	}

	/**
	 * The app has hydrated and counted the outbox (the status bar's message shows). Not any text in
	 * the bar: "Still getting ready to work offline" can appear there before the count.
	 */
	async waitForApp(): Promise<void> {
		await this.page.waitForFunction(() =>
			document.querySelector('[data-testid="sync-message"]')?.textContent?.trim()
		);
	}

	heading() {
		return this.page.locator('h1').first().innerText();
	}

	async start(): Promise<void> {
		await this.page.getByRole('button', { name: 'Start the survey' }).click();
		await this.page.waitForURL(/\/survey\/know_who_to_talk_to$/);
	}

	currentCode(): string {
		const match = new URL(this.page.url()).pathname.match(/^\/survey\/([a-z_0-9]+)$/);
		return match?.[1] ?? '';
	}

	/** Answers the question on screen and presses Continue (or Skip). */
	async answer(answer: PlannedAnswer): Promise<void> {
		const code = this.currentCode();
		const before = this.page.url();
		if (answer === 'skip') {
			await this.page.getByRole('button', { name: 'Skip this question' }).click();
		} else {
			if (typeof answer === 'object' && !Array.isArray(answer)) {
				await this.page.getByRole('textbox').fill(answer.text);
			} else {
				for (const value of Array.isArray(answer) ? answer : [answer]) {
					await this.page.locator(`label[for="${code}-${value}"]`).click();
				}
			}
			await this.page.getByRole('button', { name: 'Continue' }).click();
		}
		await this.page.waitForURL((url) => url.toString() !== before);
	}

	/** Answers questions in order until the check page, using the plan (unplanned = skip). */
	async answerUntilCheck(
		plan: Record<string, PlannedAnswer>,
		onEachScreen?: () => Promise<void>
	): Promise<void> {
		for (let guard = 0; guard < 40 && !this.page.url().endsWith('/survey/check'); guard++) {
			await onEachScreen?.();
			await this.answer(plan[this.currentCode()] ?? 'skip');
		}
		expect(this.page.url()).toMatch(/\/survey\/check$/);
	}

	async send(): Promise<void> {
		await this.page.getByRole('button', { name: 'Send my answers' }).click();
		await this.page.waitForURL(/\/survey\/done$/);
	}

	syncStatus() {
		return this.page.getByTestId('sync-status').innerText();
	}

	async expectNoAxeViolations(label: string): Promise<void> {
		const violations = await findAxeViolations(this.page);
		expect(violations, `axe on ${label}:\n${violations.join('\n')}`).toEqual([]);
	}
}

/**
 * Walks the whole survey from the welcome page to "check your answers", choosing the first option
 * of each question (or typing a word), and calls `check` on every screen on the way.
 */
export async function walkSurvey(
	page: Page,
	check: (label: string) => Promise<void>
): Promise<void> {
	const survey = new SurveyPage(page);
	await survey.open('/');
	await check('welcome');
	await page.locator('button.start').click();
	await page.waitForURL(/\/survey\//);
	for (let guard = 0; guard < 40 && !page.url().endsWith('/survey/check'); guard++) {
		await check(survey.currentCode());
		const firstChoice = page.locator('fieldset .choice label').first();
		if (await firstChoice.count()) await firstChoice.click();
		else await page.getByRole('textbox').fill('Ok');
		const before = page.url();
		await page.locator('form button[type="submit"]').click();
		await page.waitForURL((url) => url.toString() !== before);
	}
	await check('check answers');
}

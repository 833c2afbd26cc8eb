import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage, walkSurvey } from './pages/survey.page.js';

const setup = useServerAndBrowser();

type ModeName = 'standard' | 'easy_read' | 'send';

/** A context whose device already holds settings (as the Settings page would have saved them). */
async function contextWith(
	settings: { mode?: ModeName; textSize?: number; language?: string },
	viewport = { width: 390, height: 844 }
): Promise<BrowserContext> {
	const context = await setup.browser.newContext({
		viewport,
		baseURL: setup.server.url,
		hasTouch: true
	});
	await context.addInitScript((saved) => {
		if (sessionStorage.getItem('seeded')) return;
		sessionStorage.setItem('seeded', '1');
		localStorage.setItem(
			'be-supported:preferences',
			JSON.stringify({
				mode: saved.mode ?? 'standard',
				textSize: saved.textSize ?? 1,
				readAloud: null,
				speechRate: 1
			})
		);
		if (saved.language) localStorage.setItem('be-supported:language', saved.language);
	}, settings);
	return context;
}

/** Walks the whole survey, then settings and help, calling `check` on every screen. */
async function walkEveryScreen(page: Page, check: (label: string) => Promise<void>) {
	await walkSurvey(page, check);
	const survey = new SurveyPage(page);
	await page.goto('/settings');
	await survey.waitForApp();
	await check('settings');
	await page.goto('/help');
	await survey.waitForApp();
	await check('help');
}

describe('accessibility in every mode', () => {
	for (const mode of ['standard', 'easy_read', 'send'] as const) {
		it(`has zero axe violations on every screen in ${mode} mode`, async () => {
			const context = await contextWith({ mode });
			const page = await context.newPage();
			const survey = new SurveyPage(page);
			await walkEveryScreen(page, (label) => survey.expectNoAxeViolations(`${mode}: ${label}`));
			await context.close();
		});
	}

	it('has zero axe violations on every screen in Arabic (right to left)', async () => {
		const context = await contextWith({ mode: 'easy_read', language: 'ar' });
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
		await walkEveryScreen(page, (label) => survey.expectNoAxeViolations(`ar: ${label}`));
		await context.close();
	});

	it('has every control at least 48×48 CSS px in SEND mode', async () => {
		const context = await contextWith({ mode: 'send' });
		const page = await context.newPage();
		const tooSmall: string[] = [];
		await walkEveryScreen(page, async (label) => {
			const small = await page.evaluate(() => {
				const selectors = 'a[href], button, select, textarea, .choice, .mode label';
				return [...document.querySelectorAll<HTMLElement>(selectors)]
					.filter((element) => {
						const box = element.getBoundingClientRect();
						const isShown =
							box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth;
						return isShown && (box.width < 48 || box.height < 48);
					})
					.map(
						(element) =>
							`${element.tagName.toLowerCase()}.${element.className} "${element.textContent?.trim().slice(0, 30)}"`
					);
			});
			tooSmall.push(...small.map((item) => `${label}: ${item}`));
		});
		expect(tooSmall).toEqual([]);
		await context.close();
	});

	it('says so when the device has no voice to read aloud with (headless Chromium has none)', async () => {
		const context = await contextWith({ mode: 'send' });
		const page = await context.newPage();
		await page.goto('/');
		await new SurveyPage(page).waitForApp();
		expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
		await page.getByRole('button', { name: /whole page/i }).click();
		// Not a silent button: the message a child can act on ("Ask someone to help you").
		await page.getByRole('status').filter({ hasText: 'cannot read out loud' }).waitFor();
		await context.close();
	});

	it.each(['en-GB', 'ar'])(
		'never scrolls sideways at 320 px wide with text at double size (%s)',
		async (language) => {
			const context = await contextWith(
				{ mode: 'standard', textSize: 2, language },
				{ width: 320, height: 640 }
			);
			const page = await context.newPage();
			const overflowing: string[] = [];
			await walkEveryScreen(page, async (label) => {
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				if (overflow > 0) overflowing.push(`${label}: ${overflow}px`);
			});
			expect(overflowing).toEqual([]);
			await context.close();
		}
	);
});

describe('keyboard only', () => {
	// Every mode and every language at least once.
	for (const [mode, language] of [
		['standard', 'en-GB'],
		['easy_read', 'pl'],
		['send', 'ar']
	] as const) {
		it(`completes the survey with the keyboard alone in ${mode} mode (${language})`, async () => {
			const context = await contextWith({ mode, language });
			const page = await context.newPage();
			const survey = new SurveyPage(page);
			await survey.open('/');
			const focusedIs = (selector: string) =>
				page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
			async function tabTo(selector: string) {
				for (let presses = 0; presses < 60; presses++) {
					await page.keyboard.press('Tab');
					if (await focusedIs(selector)) return;
				}
				throw new Error(`could not reach ${selector} with Tab on ${page.url()}`);
			}
			await tabTo('button.start');
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/survey\//);
			for (let guard = 0; guard < 40 && !page.url().endsWith('/survey/check'); guard++) {
				const before = page.url();
				await tabTo('fieldset input, textarea');
				if (await focusedIs('textarea')) await page.keyboard.type('Typed with a keyboard');
				else {
					// Arrow keys move within a radio group; Space chooses.
					if (await focusedIs('input[type="radio"]')) await page.keyboard.press('ArrowDown');
					await page.keyboard.press('Space');
				}
				await tabTo('form button[type="submit"]');
				await page.keyboard.press('Enter');
				await page.waitForURL((url) => url.toString() !== before);
			}
			await tabTo('button.send');
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/survey\/done$/);
			const query = {
				sql: "select mode, locale, answers_json from responses where mode = ? and locale = ? and source = 'survey'",
				args: [mode, language]
			};
			let stored = await setup.server.db.execute(query);
			for (let tries = 0; tries < 50 && stored.rows.length === 0; tries++) {
				await new Promise((resolve) => setTimeout(resolve, 200));
				stored = await setup.server.db.execute(query);
			}
			// The response records the mode and the language it was given in.
			expect(stored.rows.length).toBe(1);
			const answers = JSON.parse(String(stored.rows.at(-1)?.answers_json)) as Record<
				string,
				unknown
			>;
			expect(answers.what_would_help).toBe('Typed with a keyboard');
			await context.close();
		});
	}
});

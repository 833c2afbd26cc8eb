import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newPhone } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';

const setup = useServerAndBrowser();

/**
 * The screens after the first question get their English wording from a chunk loaded later
 * (src/lib/i18n/first-wording.ts). None may ever show a raw key such as "about.title" instead,
 * not even for a moment: every text the page is given, from the first parsed HTML on, is recorded.
 */
const KEY_LIKE = /\b[a-z]+\.[a-zA-Z.]+\b/g;
// A key starts with one of the wording's sections; "childline.org.uk" on the help page does not.
const SECTIONS = new Set(
	['ui', 'questionnaire', 'easy'].flatMap((namespace) =>
		Object.keys(
			JSON.parse(readFileSync(`src/lib/i18n/locales/en-GB/${namespace}.json`, 'utf8')) as Record<
				string,
				unknown
			>
		)
	)
);

function recordTexts(): void {
	const seen: string[] = [];
	(window as unknown as { __texts: string[] }).__texts = seen;
	// Text a person can be shown: not the code of a script (the app's own file names are in it).
	const isShown = (node: Node) => !node.parentElement?.closest('script, style');
	const textOf = (node: Node) => {
		if (node.nodeType === Node.TEXT_NODE) return isShown(node) ? (node as Text).data : '';
		if (!(node instanceof Element) || node.closest('script, style')) return '';
		const texts: string[] = [];
		const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
		for (let text = walker.nextNode(); text; text = walker.nextNode())
			if (isShown(text)) texts.push((text as Text).data);
		return texts.join(' ');
	};
	new MutationObserver((records) => {
		for (const record of records) {
			if (record.type === 'characterData' && isShown(record.target))
				seen.push((record.target as CharacterData).data);
			for (const node of record.addedNodes) seen.push(textOf(node));
			if (record.type === 'attributes' && record.target instanceof Element)
				seen.push(record.target.getAttribute(record.attributeName ?? '') ?? '');
		}
	}).observe(document, {
		subtree: true,
		childList: true,
		characterData: true,
		attributes: true,
		attributeFilter: ['aria-label', 'title', 'placeholder', 'alt']
	});
}

/** Raw keys in everything the page has shown since it loaded, and in what it shows now. */
async function rawKeys(page: Page): Promise<string[]> {
	const texts = await page.evaluate(() => [
		...(window as unknown as { __texts?: string[] }).__texts!,
		document.title,
		document.body.innerText
	]);
	return [...new Set(texts.flatMap((text) => text.match(KEY_LIKE) ?? []))].filter((match) =>
		SECTIONS.has(match.split('.')[0]!)
	);
}

async function phone(): Promise<BrowserContext> {
	const context = await newPhone(setup.browser, setup.server.url);
	await context.addInitScript(recordTexts);
	return context;
}

const LATER_SCREENS = [
	{ path: '/about', link: 'About this survey' },
	{ path: '/help', link: 'Who can I talk to?' },
	{ path: '/settings', link: 'Settings' },
	{ path: '/you-said', link: 'What young people said' }
];

/** Opens each later screen directly, then by its link from the welcome page (no reload between). */
async function openLaterScreens(page: Page, label: string): Promise<void> {
	const survey = new SurveyPage(page);
	for (const { path } of LATER_SCREENS) {
		await survey.open(path);
		await page.locator('h1').first().waitFor();
		expect(await rawKeys(page), `${label}: ${path} opened directly`).toEqual([]);
		expect(await page.locator('h1').first().innerText()).not.toBe('');
	}
	for (const { path, link } of LATER_SCREENS) {
		await survey.open('/');
		await page.getByRole('link', { name: link, exact: true }).first().click();
		await page.waitForURL((url) => url.pathname === path);
		await page.locator('h1').first().waitFor();
		await page.waitForTimeout(300);
		expect(await rawKeys(page), `${label}: ${path} by its link`).toEqual([]);
	}
}

describe('the wording loaded after the first question', () => {
	it('is there before about, help, settings, you-said, check answers and done show, online', async () => {
		const context = await phone();
		const page = await context.newPage();
		await openLaterScreens(page, 'online');

		const survey = new SurveyPage(page);
		await survey.open('/');
		await survey.start();
		expect(await rawKeys(page), 'first question').toEqual([]);
		await survey.answerUntilCheck({});
		expect(await rawKeys(page), 'check answers by navigation').toEqual([]);
		await survey.open('/survey/check');
		await page.locator('h1').first().waitFor();
		expect(await rawKeys(page), 'check answers opened directly').toEqual([]);
		await survey.send();
		await page.locator('h1').first().waitFor();
		expect(await rawKeys(page), 'done').toEqual([]);
		await context.close();
	});

	it('works offline after a first visit, opened directly and by navigation', async () => {
		const context = await phone();
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		// A first visit that never reaches a question: the precache brings the later wording too.
		await survey.open('/');
		await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
		await context.setOffline(true);
		await openLaterScreens(page, 'offline');

		await survey.open('/');
		await survey.start();
		await survey.answerUntilCheck({});
		expect(await rawKeys(page), 'offline: check answers by navigation').toEqual([]);
		await survey.open('/survey/check');
		await page.locator('h1').first().waitFor();
		expect(await rawKeys(page), 'offline: check answers opened directly').toEqual([]);
		await context.close();
	});
});

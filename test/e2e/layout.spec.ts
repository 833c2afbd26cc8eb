import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useServerAndBrowser } from './support/fixture.js';
import { walkSurvey } from './pages/survey.page.js';

const setup = useServerAndBrowser();

type ModeName = 'standard' | 'easy_read' | 'send';
const MODES: ModeName[] = ['standard', 'easy_read', 'send'];
const LANGUAGES = ['en-GB', 'pl', 'ar'];
const WIDTHS = [320, 360];
/** Text size "Largest" on the Settings page. */
const LARGEST = 2;

async function contextWith(
	mode: ModeName,
	language: string,
	textSize: number = LARGEST
): Promise<BrowserContext> {
	const context = await setup.browser.newContext({
		viewport: { width: 320, height: 640 },
		baseURL: setup.server.url,
		hasTouch: true
	});
	await context.addInitScript(
		(saved) => {
			if (sessionStorage.getItem('seeded')) return;
			sessionStorage.setItem('seeded', '1');
			localStorage.setItem(
				'be-supported:preferences',
				JSON.stringify({
					mode: saved.mode,
					textSize: saved.textSize,
					readAloud: null,
					speechRate: 1
				})
			);
			localStorage.setItem('be-supported:language', saved.language);
		},
		{ mode, language, textSize }
	);
	return context;
}

/**
 * Every word in option labels, question headings and buttons that the browser has broken across
 * lines: a Range over one word's characters gives one client rect per line box it sits on, so
 * rects with different tops mean the word was split. Also the page's sideways overflow.
 */
function findBrokenWords(page: Page) {
	return page.evaluate(() => {
		const broken: string[] = [];
		const elements = document.querySelectorAll<HTMLElement>('.choice label, h1, button, .button');
		for (const element of elements) {
			const box = element.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
			for (
				let node = walker.nextNode() as Text | null;
				node;
				node = walker.nextNode() as Text | null
			) {
				for (const match of node.data.matchAll(/\S+/g)) {
					const range = document.createRange();
					range.setStart(node, match.index);
					range.setEnd(node, match.index + match[0].length);
					const tops = [...range.getClientRects()]
						.filter((rect) => rect.width > 0)
						.map((rect) => rect.top);
					if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 2)
						broken.push(`"${match[0]}"`);
				}
			}
		}
		return { broken, overflow: document.documentElement.scrollWidth - window.innerWidth };
	});
}

describe('no word is ever broken inside, at 320 and 360 px with the largest text', () => {
	for (const mode of MODES) {
		for (const language of LANGUAGES) {
			it(`${mode}, ${language}`, async () => {
				const context = await contextWith(mode, language);
				const page = await context.newPage();
				const problems: string[] = [];
				await walkSurvey(page, async (label) => {
					for (const width of WIDTHS) {
						await page.setViewportSize({ width, height: 640 });
						// Symbols have their size in width/height attributes; fonts settle the line boxes.
						await page.evaluate(() => document.fonts.ready.then(() => undefined));
						const { broken, overflow } = await findBrokenWords(page);
						if (broken.length) problems.push(`${label} @${width}px: ${broken.join(' ')}`);
						if (overflow > 0) problems.push(`${label} @${width}px: ${overflow}px sideways scroll`);
					}
				});
				expect(problems).toEqual([]);
				await context.close();
			});
		}
	}
});

/** Where the top of the page sits on question 1 (px from the top of the viewport). */
function measureQuestionOne(page: Page) {
	return page.evaluate(() => {
		const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
		const header = box('header.site-header');
		return {
			headerHeight: header.height,
			exitHeight: box('[data-testid="quick-exit"]').height,
			headingBottom: box('main h1').bottom,
			firstAnswerTop: box('main fieldset .choice').top,
			firstAnswerBottom: box('main fieldset .choice').bottom,
			// Symbols mode: the question's read-aloud button and the words of the question.
			speakQuestion: document.querySelector('.speak-question')?.getBoundingClientRect().toJSON(),
			questionWords: document.querySelector('main h1 .question > span')?.getBoundingClientRect()
				.top,
			navLinkTops: [...document.querySelectorAll('.site-nav a')].map(
				(link) => link.getBoundingClientRect().top
			)
		} as {
			headerHeight: number;
			exitHeight: number;
			headingBottom: number;
			firstAnswerTop: number;
			firstAnswerBottom: number;
			speakQuestion?: DOMRect;
			questionWords?: number;
			navLinkTops: number[];
		};
	});
}

describe('the header leaves question 1 room on a 320×640 phone', () => {
	for (const mode of MODES) {
		for (const language of LANGUAGES) {
			it(`${mode}, ${language}`, async () => {
				const problems: string[] = [];
				for (const textSize of [1, LARGEST]) {
					const context = await contextWith(mode, language, textSize);
					const page = await context.newPage();
					await page.goto('/');
					await page.waitForSelector('html[data-mode]');
					await page.locator('button.start').click();
					await page.waitForURL(/\/survey\/know_who_to_talk_to$/);
					await page.locator('main fieldset .choice').first().waitFor();
					await page.evaluate(() => document.fonts.ready.then(() => undefined));
					const at = await measureQuestionOne(page);
					const label = `text ×${textSize}`;
					// The sticky row is one row at every text size (the name gives way to Quick exit):
					// Quick exit's height plus the row's padding, never two rows.
					if (at.headerHeight > at.exitHeight * 1.5)
						problems.push(
							`${label}: sticky header ${at.headerHeight}px for a ${at.exitHeight}px exit`
						);
					// At the default size the question can be read, and in words or easy read answered,
					// without scrolling (symbols mode's picture and read-aloud buttons take more room).
					if (textSize === 1) {
						// Help and Settings share one row; a long translation wraps inside its link.
						if (at.navLinkTops.length !== 2 || new Set(at.navLinkTops).size !== 1)
							problems.push(`${label}: header links' tops ${at.navLinkTops.join(', ')}px`);
						if (at.headingBottom > 640)
							problems.push(`${label}: heading ends at ${at.headingBottom}px`);
						if (mode !== 'send' && at.firstAnswerBottom > 640)
							problems.push(`${label}: first answer ends at ${at.firstAnswerBottom}px`);
						// In symbols mode (a picture and a read-aloud button in every answer) the first answer
						// at least begins on screen, so there is a sign that the answers follow.
						if (mode === 'send' && at.firstAnswerTop > 640 - 24)
							problems.push(`${label}: first answer starts at ${at.firstAnswerTop}px`);
					}
					// Symbols mode: the question's read-aloud button sits in the picture's row, above
					// the words, at every text size (not a row of its own, never over the words).
					if (mode === 'send') {
						if (!at.speakQuestion || at.questionWords === undefined)
							problems.push(`${label}: no read-aloud button or question words`);
						else if (at.speakQuestion.bottom > at.questionWords + 1)
							problems.push(
								`${label}: read-aloud button ends at ${at.speakQuestion.bottom}px, below the words' top ${at.questionWords}px`
							);
					}
					await context.close();
				}
				expect(problems).toEqual([]);
			});
		}
	}
});

import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/fixture.js';
import { findAxeViolations } from './support/axe.js';

// A fresh server with nothing published: young people are told the results are coming.
const setup = useServerAndBrowser();
const SHOTS = '/tmp/shots-wedid';

describe('"You said" before anything is published (issue 14 item 8)', () => {
	it.each([
		['en-GB', 'The results are coming soon.'],
		['ar', 'النتائج قادمة قريبًا.']
	])('says the results are coming, in %s', async (locale, coming) => {
		mkdirSync(SHOTS, { recursive: true });
		const context = await setup.browser.newContext({
			viewport: { width: 360, height: 740 },
			isMobile: true,
			hasTouch: true,
			locale,
			baseURL: setup.server.url
		});
		const page = await context.newPage();
		await page.goto('/you-said');
		await page.waitForFunction(
			(lang) => document.documentElement.lang === lang,
			locale === 'ar' ? 'ar' : 'en-GB'
		);
		await page.getByTestId('results-coming').getByText(coming).waitFor();
		expect(await page.getByTestId('results-coming').innerText()).toContain(coming);
		expect(await page.getByText('We did').count()).toBe(0);
		const violations = await findAxeViolations(page);
		expect(violations, `axe:\n${violations.join('\n')}`).toEqual([]);
		await page.screenshot({ path: `${SHOTS}/you-said-coming-${locale}-360x740.png` });
		await context.close();
	});
});

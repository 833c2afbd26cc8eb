import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLET } from './support/browser.js';
import { signInAsDemoAnalyst, useServerAndBrowser } from './support/fixture.js';
import { findAxeViolations } from './support/axe.js';

// As `npm start` on a fresh machine: illustrative data, the demo wave (closed) published by the seed.
const setup = useServerAndBrowser({ SEED_ILLUSTRATIVE: 'true' });
const SHOTS = '/tmp/shots-yousaid';

describe('publishing "You said" (issue 11, item 4)', () => {
	it('an analyst previews and publishes a closed wave from the dashboard; the public page then shows exactly that', async () => {
		mkdirSync(SHOTS, { recursive: true });
		const context = await setup.browser.newContext({ ...TABLET, baseURL: setup.server.url });
		const page = await context.newPage();
		await signInAsDemoAnalyst(page);
		await page.getByRole('link', { name: 'Publish "You said"' }).click();
		await page.waitForURL(/\/dashboard\/you-said$/);
		// The seed published the demonstration wave against 2020.
		await page
			.getByTestId('current-snapshot')
			.getByText('compared with 2020 (illustrative)')
			.waitFor();
		await page.getByTestId('you-said-preview').waitFor();

		// Compare with 2019 instead: the preview follows the choice.
		await page.getByLabel('Compare with').selectOption('2019');
		await page
			.locator('[data-testid="you-said-preview"][data-compare="2019"]')
			.getByText('Last time it was')
			.first()
			.waitFor();
		const preview = await page
			.getByTestId('you-said-preview')
			.getByTestId('you-said-results')
			.innerText();
		const violations = await findAxeViolations(page);
		expect(violations, `axe on the publish screen:\n${violations.join('\n')}`).toEqual([]);
		await page.screenshot({ path: `${SHOTS}/publish-1024x768.png` });
		await page.screenshot({ path: `${SHOTS}/publish-1024x768-full.png`, fullPage: true });

		await page.getByRole('button', { name: 'Publish these results' }).click();
		await page.getByRole('status').getByText('Published.').waitFor();
		await page
			.getByTestId('current-snapshot')
			.getByText('compared with 2019 (illustrative)')
			.waitFor();
		expect(await page.getByTestId('current-snapshot').innerText()).toContain('analyst@example.org');
		const audit = await setup.server.db.execute(
			"SELECT count(*) AS n FROM audit_log WHERE action = 'you_said_published'"
		);
		expect(Number(audit.rows[0]?.n)).toBe(2);
		await context.close();

		// A young person's phone (360×740) sees the published snapshot: the same results, labelled illustrative.
		const phone = await setup.browser.newContext({
			viewport: { width: 360, height: 740 },
			isMobile: true,
			hasTouch: true,
			baseURL: setup.server.url
		});
		const young = await phone.newPage();
		await young.goto('/you-said');
		await young.getByTestId('you-said-results').waitFor();
		expect(await young.getByTestId('you-said-results').innerText()).toBe(preview);
		expect(await young.getByText('These are pretend numbers').count()).toBe(1);
		expect(await young.getByText(/The Engagement Team shared these results on/).count()).toBe(1);
		expect(await young.locator('body').innerText()).not.toContain('@example.org');
		const youngViolations = await findAxeViolations(young);
		expect(youngViolations, `axe on you said:\n${youngViolations.join('\n')}`).toEqual([]);
		await young.screenshot({ path: `${SHOTS}/you-said-360x740.png` });
		await young.screenshot({ path: `${SHOTS}/you-said-360x740-full.png`, fullPage: true });
		await phone.close();
	});

	/** Text size "Largest" on the Settings page (as test/e2e/layout.spec.ts sets it). */
	const LARGEST = 2;

	it.each([
		['en-GB', 'You said', 'These numbers are pretend.', 'What young people said'],
		['ar', 'أنتم قلتم', 'هذه الأرقام تجريبية.', 'ماذا قال الشباب']
	])(
		'in easy read (%s, largest text): easy wording with pictures, nothing off the side of a 360 px phone',
		async (language, title, pretend, footerLink) => {
			mkdirSync(SHOTS, { recursive: true });
			const phone = await setup.browser.newContext({
				viewport: { width: 360, height: 740 },
				isMobile: true,
				hasTouch: true,
				baseURL: setup.server.url
			});
			await phone.addInitScript(
				(saved) => {
					localStorage.setItem(
						'be-supported:preferences',
						JSON.stringify({ mode: 'easy_read', textSize: saved.textSize, readAloud: null })
					);
					localStorage.setItem('be-supported:language', saved.language);
				},
				{ language, textSize: LARGEST }
			);
			const young = await phone.newPage();
			await young.goto('/you-said');
			await young.waitForFunction((lang) => document.documentElement.lang === lang, language);
			await young.getByTestId('you-said-results').waitFor();
			// The easy-read wording has arrived (it loads after the page) when the pretend warning uses it.
			await young.getByText(pretend).waitFor();
			expect(await young.locator('h1').innerText()).toBe(title);
			// Pictures beside the sentence blocks (thank you, make things better), as on the thank-you page.
			expect(await young.locator('main .easy-line img').count()).toBe(2);
			expect(await young.locator('footer a[href="/you-said"]').innerText()).toBe(footerLink);
			if (language === 'en-GB') {
				expect(await young.getByText('We shared these results on').count()).toBe(1);
				expect(await young.locator('main').innerText()).not.toContain('Engagement Team');
			}
			const overflow = await young.evaluate(
				() => document.documentElement.scrollWidth - window.innerWidth
			);
			expect(overflow).toBeLessThanOrEqual(0);
			const violations = await findAxeViolations(young);
			expect(violations, `axe on you said in easy read:\n${violations.join('\n')}`).toEqual([]);
			await young.screenshot({ path: `${SHOTS}/you-said-easy-${language}-360x740.png` });
			await young.screenshot({
				path: `${SHOTS}/you-said-easy-${language}-360x740-full.png`,
				fullPage: true
			});
			await phone.close();
		}
	);
});

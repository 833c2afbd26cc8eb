import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAsDemoAnalyst, useServerAndBrowser } from './support/fixture.js';
import { findAxeViolations } from './support/axe.js';

// As `npm start` on a fresh machine: illustrative data, the demo wave (closed) published by the seed.
const setup = useServerAndBrowser({ SEED_ILLUSTRATIVE: 'true' });
const SHOTS = '/tmp/shots-wedid';
const STAFF = { viewport: { width: 1280, height: 800 } };

const youngPhone = (browser: Browser, locale = 'en-GB') =>
	browser.newContext({
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true,
		locale,
		serviceWorkers: 'allow',
		baseURL: setup.server.url
	});

async function expectAccessible(page: Page, what: string) {
	const violations = await findAxeViolations(page);
	expect(violations, `axe on ${what}:\n${violations.join('\n')}`).toEqual([]);
}

describe('"You said, we did" (issue 14 item 8)', () => {
	it('staff write an easy-read action per outcome; young people see it, in Arabic too, and still see it offline', async () => {
		mkdirSync(SHOTS, { recursive: true });
		// A young person opened the app once before anything was written: the worker takes control.
		const phone = await youngPhone(setup.browser);
		const young = await phone.newPage();
		await young.goto('/you-said');
		await young.getByTestId('you-said-results').waitFor();
		await young.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
			timeout: 60_000
		});
		expect(await young.getByText('We did:').count()).toBe(0);

		// The analyst writes one sentence too long: the form refuses it before sending.
		const staff = await setup.browser.newContext({ ...STAFF, baseURL: setup.server.url });
		const page = await staff.newPage();
		await signInAsDemoAnalyst(page);
		await page.goto('/dashboard/you-said');
		const form = page.getByTestId('we-did-form');
		await form.waitFor();
		const requests: string[] = [];
		page.on('request', (request) => {
			if (request.url().includes('/api/v1/you-said/actions')) requests.push(request.method());
		});
		await page
			.getByLabel('What we did (English)')
			.first()
			.fill(
				'We listened to you. We trained forty youth workers across the whole county to listen and to believe young people.'
			);
		await page.getByRole('button', { name: 'Save what we did' }).click();
		const problem = form.getByRole('alert');
		await problem.waitFor();
		expect(await problem.innerText()).toContain(
			'What we did for outcome 13: sentence 2 ("We trained forty youth workers…") has 16 words; keep each sentence to 15 words or fewer'
		);
		expect(await page.locator('#we-did-13-error').count()).toBe(1);
		expect(requests).toEqual([]);
		await expectAccessible(page, 'the "we did" form with an error');
		// The error summary has focus, so the page shows it, at the top of the form.
		expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
		await page.screenshot({ path: `${SHOTS}/we-did-error-1280x800.png` });

		// Shorter sentences, an Arabic translation for outcome 13, English only for outcome 15.
		await page
			.locator('#we-did-13')
			.fill('We listened to you. We trained 40 youth workers to listen.');
		await page.locator('#we-did-13-ar').fill('استمعنا إليكم. دربنا 40 عامل شباب على الاستماع.');
		await page.locator('#we-did-15').fill('We started a mentoring club at the youth centre.');
		await page.getByRole('button', { name: 'Save what we did' }).click();
		await page.getByRole('status').getByText('Saved.').waitFor();
		expect(requests).toEqual(['PUT']);
		await page.getByTestId('we-did-last-change').getByText('analyst').waitFor();
		await expectAccessible(page, 'the "we did" form');
		await page.screenshot({ path: `${SHOTS}/we-did-form-1280x800.png`, fullPage: true });
		const stored = await setup.server.db.execute(
			'SELECT outcome, updated_by FROM you_said_actions ORDER BY outcome'
		);
		expect(stored.rows.map((row) => Number(row.outcome))).toEqual([13, 15]);
		const audit = await setup.server.db.execute(
			"SELECT count(*) AS n FROM audit_log WHERE action = 'you_said_actions_saved'"
		);
		expect(Number(audit.rows[0]?.n)).toBe(1);
		await staff.close();

		// The young person opens the page again online: the actions are under their outcomes.
		await young.reload();
		await young.getByTestId('we-did-13').waitFor();
		expect(await young.getByTestId('we-did-13').innerText()).toBe(
			'We did: We listened to you. We trained 40 youth workers to listen.'
		);
		expect(await young.getByTestId('we-did-15').innerText()).toContain('mentoring club');
		expect(await young.getByTestId('we-did-14').count()).toBe(0);
		// Under the outcome's own heading, after its results.
		expect(
			await young
				.locator('section', { has: young.getByTestId('we-did-13') })
				.locator('.results li')
				.count()
		).toBeGreaterThan(0);
		await expectAccessible(young, 'you said, we did');
		await young.screenshot({ path: `${SHOTS}/you-said-we-did-360x740.png` });
		await young.screenshot({ path: `${SHOTS}/you-said-we-did-360x740-full.png`, fullPage: true });

		// Offline, a reload still shows the version this phone downloaded last, and says so.
		await phone.setOffline(true);
		await young.reload();
		await young.getByTestId('we-did-13').waitFor();
		expect(await young.getByTestId('we-did-15').innerText()).toContain('mentoring club');
		expect(await young.getByText('You are offline.').count()).toBe(1);
		await young.screenshot({ path: `${SHOTS}/you-said-offline-360x740.png` });
		await phone.close();

		// In Arabic: the translation where there is one, else the English marked as English.
		const arabic = await youngPhone(setup.browser, 'ar');
		const reader = await arabic.newPage();
		await reader.goto('/you-said');
		await reader.waitForFunction(() => document.documentElement.lang === 'ar');
		await reader.getByTestId('we-did-13').waitFor();
		expect(await reader.getByTestId('we-did-13').innerText()).toContain('دربنا 40 عامل شباب');
		expect(await reader.getByTestId('we-did-13').locator('[lang="en-GB"]').count()).toBe(0);
		expect(await reader.getByTestId('we-did-15').locator('[lang="en-GB"]').innerText()).toBe(
			'We started a mentoring club at the youth centre.'
		);
		await expectAccessible(reader, 'you said, we did in Arabic');
		await reader.getByTestId('we-did-15').scrollIntoViewIfNeeded();
		await reader.screenshot({ path: `${SHOTS}/you-said-we-did-ar-360x740.png` });
		await reader.screenshot({
			path: `${SHOTS}/you-said-we-did-ar-360x740-full.png`,
			fullPage: true
		});
		await arabic.close();
	});
});

describe('free-text themes (issue 14 item 9)', () => {
	it('an analyst keeps a codebook, tags answers and filters by theme; small counts stay hidden', async () => {
		mkdirSync(SHOTS, { recursive: true });
		const staff = await setup.browser.newContext({ ...STAFF, baseURL: setup.server.url });
		const page = await staff.newPage();
		await signInAsDemoAnalyst(page);
		await page.goto('/dashboard/free-text');
		const codebook = page.getByTestId('codebook');
		await codebook.waitFor();

		for (const [name, description] of [
			['Youth clubs', 'Places to go and things to do'],
			['Online help', '']
		]) {
			await page.getByLabel('New theme').fill(name!);
			await page.getByLabel('Short description (optional)').fill(description!);
			await page.getByRole('button', { name: 'Add theme' }).click();
			await codebook.locator(`tr[data-theme="${name}"]`).waitFor();
		}
		const answers = page.locator('ul.answers > li');
		const total = await answers.count();
		expect(total).toBeGreaterThan(2);
		// Tag the first two answers "Youth clubs", the first also "Online help".
		for (const index of [0, 1])
			await answers.nth(index).getByRole('checkbox', { name: 'Youth clubs' }).check();
		await answers.nth(0).getByRole('checkbox', { name: 'Online help' }).check();
		await expect
			.poll(async () =>
				Number(
					(
						await setup.server.db.execute(
							"SELECT count(*) AS n FROM free_text_tags t JOIN free_text_themes h ON h.id = t.theme_id WHERE h.name = 'Youth clubs'"
						)
					).rows[0]?.n
				)
			)
			.toBe(2);
		// Two answers is under 10: the count is hidden, with the one label every hidden count has.
		expect(await codebook.locator('tr[data-theme="Youth clubs"] .count').innerText()).toBe(
			'not shown, to protect a small group'
		);

		await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'Youth clubs' });
		await page.getByRole('button', { name: 'Show answers' }).click();
		await page.getByRole('status').getByText('2 answers tagged "Youth clubs".').waitFor();
		expect(await answers.count()).toBe(2);
		await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'Online help' });
		await page.getByRole('button', { name: 'Show answers' }).click();
		await page.getByRole('status').getByText('1 answer tagged "Online help".').waitFor();

		// Rename a theme: its tags stay.
		await page.getByRole('button', { name: 'Rename Online help' }).click();
		await page.getByLabel('Name', { exact: true }).fill('Help online');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await codebook.locator('tr[data-theme="Help online"]').waitFor();
		await expectAccessible(page, 'free text with themes');
		await page.screenshot({ path: `${SHOTS}/free-text-themes-1280x800.png` });
		await page.screenshot({ path: `${SHOTS}/free-text-themes-1280x800-full.png`, fullPage: true });
		const audit = await setup.server.db.execute(
			"SELECT action FROM audit_log WHERE action LIKE 'theme_%' OR action = 'answer_tagged'"
		);
		expect(audit.rows.map((row) => String(row.action)).sort()).toEqual([
			'answer_tagged',
			'answer_tagged',
			'answer_tagged',
			'theme_created',
			'theme_created',
			'theme_updated'
		]);
		await staff.close();
	});
});

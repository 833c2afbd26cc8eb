import { describe, expect, it } from 'vitest';
import { TABLET } from './support/browser.js';
import { signInAsDemoAnalyst, useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';
import { findAxeViolations } from './support/axe.js';

const setup = useServerAndBrowser();

describe('hand-round mode on a shared tablet (1024×768)', () => {
	it('runs a session offline: five people one after another, none sees the last one’s answers, all five arrive once', async () => {
		const context = await setup.browser.newContext({ ...TABLET, baseURL: setup.server.url });
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		// The rep signs in and makes a session (online).
		await signInAsDemoAnalyst(page);
		await page.goto('/dashboard/sessions');
		await page.getByLabel(/^Name/).fill('Oxford youth centre');
		await page.getByRole('button', { name: 'Create the session' }).click();
		const code = (await page.getByTestId('poster').locator('strong.code').innerText()).trim();

		// Load the survey once so the service worker has it, then start hand-round mode.
		await survey.open('/');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		await page.goto('/rep');
		await page.getByLabel('Session').selectOption(code);
		await page.getByLabel('Choose a PIN (4 to 8 digits)').fill('2468');
		await page.getByLabel('Type the PIN again').fill('2468');
		await page.getByRole('button', { name: 'Start hand-round mode' }).click();
		await page.waitForURL((url) => url.pathname === '/');
		await survey.waitForApp();
		expect(await findAxeViolations(page)).toEqual([]);

		await context.setOffline(true);
		const choices = ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree'];
		for (let person = 0; person < 5; person++) {
			// Nobody is offered the previous person's survey, and the first question is blank.
			expect(await page.getByTestId('resume').count()).toBe(0);
			await page.locator('button.start').click();
			await page.waitForURL(/know_who_to_talk_to$/);
			expect(await page.locator('input:checked').count()).toBe(0);
			if (person === 2) {
				// A reload while offline keeps this person's answers and nobody else's.
				await page.locator(`label[for="know_who_to_talk_to-${choices[person]}"]`).click();
				await page.reload();
				await survey.waitForApp();
				expect(await page.locator(`#know_who_to_talk_to-${choices[person]}`).isChecked()).toBe(
					true
				);
				await page.getByRole('button', { name: 'Continue' }).click();
				await page.waitForURL(/who_would_you_talk_to$/);
				await survey.answerUntilCheck({});
			} else {
				await survey.answerUntilCheck({ know_who_to_talk_to: choices[person]! });
			}
			await survey.send();
			await page.getByRole('heading', { name: 'Thank you – please pass the tablet on' }).waitFor();
			// The same help as a phone's thank-you page (issue 13, item 8).
			if (person === 0)
				expect(
					await page.getByRole('heading', { name: 'If something is worrying you' }).count()
				).toBe(1);
			if (person === 0) expect(await findAxeViolations(page)).toEqual([]);
			await page.getByRole('button', { name: 'Next person' }).click();
			await page.waitForURL((url) => url.pathname === '/');
			await survey.waitForApp();
		}
		expect(await page.getByTestId('hand-round-counts').innerText()).toBe(
			'5 answered · 0 sent · 5 waiting'
		);
		expect(
			Number(
				(
					await setup.server.db.execute({
						sql: 'SELECT count(*) AS n FROM responses WHERE session_code = ?',
						args: [code]
					})
				).rows[0]?.n
			)
		).toBe(0);

		// Last resort: the rep saves the waiting responses to a file; an analyst imports it (twice).
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Save unsent responses to a file' }).click()
		]);
		const file = await download.path();
		const office = await setup.browser.newContext({
			viewport: { width: 1024, height: 768 },
			baseURL: setup.server.url
		});
		const desk = await office.newPage();
		await signInAsDemoAnalyst(desk);
		await desk.goto('/dashboard/import');
		await desk.getByLabel('File of unsent responses (.json)').setInputFiles(file);
		await desk.getByTestId('unsent-result').waitFor();
		expect(await desk.getByTestId('unsent-result').innerText()).toBe(
			'5 new responses stored, 0 already received, 0 refused.'
		);
		await desk.getByLabel('File of unsent responses (.json)').setInputFiles(file);
		await desk.getByText('0 new responses stored, 5 already received, 0 refused.').waitFor();
		await office.close();

		// Leaving needs the PIN.
		await page.getByRole('button', { name: 'End hand-round mode' }).click();
		await page.getByLabel('Rep PIN').fill('0000');
		await page.getByRole('button', { name: 'Leave' }).click();
		await page.getByText('That PIN is not right.').waitFor();
		expect(await page.getByTestId('hand-round-bar').count()).toBe(1);

		await context.setOffline(false);
		await page.evaluate(() => window.dispatchEvent(new Event('online')));
		await page.waitForFunction(
			() =>
				document.querySelector('[data-testid="hand-round-counts"]')?.textContent ===
				'5 answered · 5 sent · 0 waiting'
		);
		const stored = await setup.server.db.execute({
			sql: "SELECT json_extract(answers_json, '$.know_who_to_talk_to') AS answer FROM responses WHERE session_code = ?",
			args: [code]
		});
		expect(stored.rows.map((row) => row.answer).sort()).toEqual([
			'agree',
			'disagree',
			'neither',
			'strongly_agree',
			'strongly_disagree'
		]);

		await page.getByLabel('Rep PIN').fill('2468');
		await page.getByRole('button', { name: 'Leave' }).click();
		expect(await page.getByTestId('hand-round-summary').innerText()).toContain(
			'All 5 responses confirmed by the server.'
		);
		await context.close();
	});
});

describe('an abandoned survey on a hand-round tablet', () => {
	it('is cleared after a warning, so the next person never sees it', async () => {
		const context = await setup.browser.newContext({ ...TABLET, baseURL: setup.server.url });
		// A tablet already in hand-round mode, with short timers for the test.
		await context.addInitScript(() => {
			localStorage.setItem(
				'be-supported:hand-round',
				JSON.stringify({
					code: 'ABCDEF',
					name: 'Test club',
					pinSalt: 's',
					pinHash: 'h',
					startedAt: new Date().toISOString(),
					answered: 0,
					inactivityMs: 1500,
					warningMs: 1500
				})
			);
		});
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		await page.locator('button.start').click();
		await page.waitForURL(/know_who_to_talk_to$/);
		await page.locator('label[for="know_who_to_talk_to-agree"]').click();
		await page.getByRole('alertdialog').waitFor();
		expect(await findAxeViolations(page)).toEqual([]);
		await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
		await survey.waitForApp();
		expect(await page.getByTestId('resume').count()).toBe(0);
		await page.locator('button.start').click();
		await page.waitForURL(/know_who_to_talk_to$/);
		expect(await page.locator('input:checked').count()).toBe(0);
		await context.close();
	});
});

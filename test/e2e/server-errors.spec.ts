import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';

const setup = useServerAndBrowser();

describe('when the server answers 500 or 503', () => {
	it.each([500, 503])(
		'keeps the answers, says honestly that they are waiting, and sends them once the server recovers (%i)',
		async (status) => {
			await setup.server.db.execute('delete from responses');
			const context = await newPhone(setup.browser, setup.server.url);
			// The page's timers run at real speed until the test pauses them (see below).
			await context.clock.install();
			const page = await context.newPage();
			const survey = new SurveyPage(page);
			// The server recovers at the moment Send now is tapped (flagged in the page before the
			// button's own handler runs), so a retry of the page's loop can never send the answer first
			// and leave no button to tap; every request before the tap is refused.
			await page.addInitScript(() =>
				document.addEventListener(
					'click',
					(event) => {
						if ((event.target as Element).closest?.('button.send-now'))
							(window as unknown as { __tappedSendNow: boolean }).__tappedSendNow = true;
					},
					true
				)
			);
			const isTapped = () =>
				page.evaluate(
					() => (window as unknown as { __tappedSendNow?: boolean }).__tappedSendNow === true
				);
			let refused = 0;
			await context.route('**/api/v1/responses', async (route) => {
				if (await isTapped()) return route.continue();
				refused += 1;
				await route.fulfill({
					status,
					contentType: 'application/json',
					headers: status === 503 ? { 'retry-after': '30' } : {},
					body: JSON.stringify({
						error: {
							code: status === 503 ? 'storage_unavailable' : 'internal_error',
							message: 'Try again later'
						}
					})
				});
			});
			await survey.open('/');
			await survey.start();
			await survey.answerUntilCheck({ know_who_to_talk_to: 'agree', feel_believed: 'disagree' });
			await survey.send();

			await expect.poll(() => refused).toBeGreaterThan(0);
			await expect
				.poll(() => survey.syncStatus())
				.toContain('Could not send yet. Trying again soon.');
			expect(await survey.syncStatus()).toContain('1 answer waiting to be sent');
			// Never "sent" while the server refuses: the thank-you page says they are kept on the device.
			expect(await page.getByTestId('done-status').innerText()).toContain('saved on this device');
			// Backoff, not hammering: a few tries at most in 1.5 s (the page's loop, with full jitter, and
			// Chromium's Background Sync from the service worker both retry; a tight loop would be dozens).
			const attempts = refused;
			await page.waitForTimeout(1_500);
			expect(refused).toBeLessThanOrEqual(attempts + 3);
			expect(
				(await setup.server.db.execute('select count(*) as n from responses')).rows[0]?.n
			).toBe(0);

			// The loop's clock stops, so only the tap can send now (a retry already begun is refused, or
			// joined by the tap). Pausing first jumps ahead: 5 s, as a pause the page's time has already
			// passed on a busy machine is refused.
			await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 5_000);
			await page.getByRole('button', { name: 'Send now' }).click();
			await expect
				.poll(() => survey.syncStatus(), { timeout: 10_000 })
				.toContain('No answers waiting');
			expect(
				(await setup.server.db.execute('select count(*) as n from responses')).rows[0]?.n
			).toBe(1);
			await context.close();
		}
	);
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage, type PlannedAnswer } from './pages/survey.page.js';

const PLAN: Record<string, PlannedAnswer> = {
	know_who_to_talk_to: 'agree',
	who_would_you_talk_to: ['friend', 'youth_worker'],
	feel_listened_to: 'strongly_agree',
	feel_believed: 'dont_know',
	views_make_difference: 'disagree',
	can_find_information: 'neither',
	// information_understandable is skipped
	preferred_information_channels: ['social_media', 'video'],
	has_role_model: 'agree',
	role_model_who: ['sports_coach'],
	staff_care: 'agree',
	staff_know_how_to_help: 'strongly_agree',
	staff_do_what_they_say: 'agree',
	what_would_help: { text: 'Más clubs juveniles – أندية الشباب – więcej klubów 🙂' },
	age_band: '14_16',
	send: 'prefer_not',
	district: 'oxford'
};

/** What the database must hold: the plan without skips, free text as typed. */
const EXPECTED_ANSWERS = Object.fromEntries(
	Object.entries(PLAN)
		.filter(([, answer]) => answer !== 'skip')
		.map(([code, answer]) => [
			code,
			typeof answer === 'object' && !Array.isArray(answer) ? answer.text : answer
		])
);

const setup = useServerAndBrowser();

async function storedResponses() {
	const result = await setup.server.db.execute(
		'select id, mode, locale, answers_json from responses'
	);
	return result.rows.map((row) => ({
		id: String(row.id),
		mode: String(row.mode),
		locale: String(row.locale),
		answers: JSON.parse(String(row.answers_json)) as Record<string, unknown>
	}));
}

async function waitForStoredCount(count: number) {
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		if ((await storedResponses()).length >= count) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

describe('respondent journey on a phone (390×844)', () => {
	it('completes the survey online, with zero axe violations on every screen, and stores it once', async () => {
		await setup.server.db.execute('delete from responses');
		const context = await newPhone(setup.browser, setup.server.url);
		const survey = new SurveyPage(await context.newPage());
		await survey.open('/');
		await survey.expectNoAxeViolations('welcome');
		await survey.start();
		await survey.answerUntilCheck(PLAN, () => survey.expectNoAxeViolations(survey.currentCode()));
		await survey.expectNoAxeViolations('check answers');
		// Every answer is on the check page, including the free text byte for byte.
		expect(
			await survey.page.locator('[data-item="what_would_help"] .text-answer').innerText()
		).toBe(EXPECTED_ANSWERS.what_would_help);
		expect(
			await survey.page.locator('[data-item="information_understandable"] .answer').innerText()
		).toBe('Skipped');
		await survey.send();
		await survey.expectNoAxeViolations('done');
		await survey.page.waitForFunction(() =>
			document.body.innerText.includes('Your answers have been sent.')
		);
		await survey.page.goto('/help');
		await survey.expectNoAxeViolations('help');

		const stored = await storedResponses();
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({
			mode: 'standard',
			locale: 'en-GB',
			answers: EXPECTED_ANSWERS
		});
		await context.close();
	});

	it('works offline: answers saved on the device are sent exactly once when it is back online', async () => {
		await setup.server.db.execute('delete from responses');
		const context = await newPhone(setup.browser, setup.server.url);
		let page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		// The service worker has precached the whole journey, and nothing only the dashboard uses.
		await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			return registration.active?.state;
		});
		const cached = await page.evaluate(async () => {
			const urls: string[] = [];
			for (const name of await caches.keys()) {
				for (const request of await (await caches.open(name)).keys())
					urls.push(new URL(request.url).pathname);
			}
			return urls;
		});
		const staffOnly = JSON.parse(
			/=\s*(\[.*\]);/.exec(readFileSync('build/staff-only.js', 'utf8'))![1]!
		) as string[];
		expect(staffOnly.length).toBeGreaterThan(0);
		expect(cached.filter((url) => staffOnly.includes(url))).toEqual([]);
		expect(cached).toEqual(
			expect.arrayContaining([
				'/',
				'/survey/feel_believed',
				'/survey/check',
				'/help',
				'/symbols/1F600.svg'
			])
		);

		await context.setOffline(true);
		await page.reload();
		await survey.waitForApp();
		expect(await survey.heading()).toBe('Do you feel supported?');
		await survey.start();
		await survey.answerUntilCheck(PLAN);
		await survey.send();
		await page.waitForFunction(() => document.body.innerText.includes('saved on this device'));
		expect(await survey.syncStatus()).toContain('1 answer waiting to be sent');

		// Close the page while offline, then reopen it: the response is still waiting.
		await page.close();
		page = await context.newPage();
		const reopened = new SurveyPage(page);
		await reopened.open('/');
		expect(await reopened.syncStatus()).toContain('1 answer waiting to be sent');
		expect(await storedResponses()).toHaveLength(0);

		await context.setOffline(false);
		await page.evaluate(() => window.dispatchEvent(new Event('online')));
		await page.waitForFunction(() =>
			document
				.querySelector('[data-testid="sync-status"]')
				?.textContent?.includes('No answers waiting')
		);
		await waitForStoredCount(1);
		// Give any stray second send a chance to arrive before counting.
		await new Promise((resolve) => setTimeout(resolve, 500));
		const stored = await storedResponses();
		expect(stored).toHaveLength(1);
		expect(stored[0]?.answers).toEqual(EXPECTED_ANSWERS);
		await context.close();
	});

	it('continues an abandoned survey where it stopped, with every answer kept', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		let page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		await survey.start();
		await survey.answer('agree');
		await survey.answer(['teacher', 'friend']);
		await survey.answer('disagree');
		expect(survey.currentCode()).toBe('feel_believed');
		await page.close();

		page = await context.newPage();
		const resumed = new SurveyPage(page);
		await resumed.open('/');
		await resumed.expectNoAxeViolations('welcome with a survey to continue');
		await page.getByRole('button', { name: 'Continue where I stopped' }).click();
		await page.waitForURL(/\/survey\/feel_believed$/);
		await page.getByRole('link', { name: 'Back' }).click();
		await page.waitForURL(/\/survey\/feel_listened_to$/);
		expect(await page.locator('#feel_listened_to-disagree').isChecked()).toBe(true);
		await page.getByRole('link', { name: 'Back' }).click();
		expect(await page.locator('#who_would_you_talk_to-teacher').isChecked()).toBe(true);
		expect(await page.locator('#who_would_you_talk_to-friend').isChecked()).toBe(true);
		await context.close();
	});

	it('offers help and a quick exit on every page', async () => {
		const context = await newPhone(setup.browser, setup.server.url);
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		for (const path of ['/', '/help']) {
			await survey.open(path);
			expect(await page.getByRole('link', { name: 'Who can I talk to?' }).count()).toBe(1);
			expect(await page.getByRole('link', { name: /Quick exit/ }).count()).toBe(1);
		}
		await survey.open('/');
		await survey.start();
		expect(await page.getByRole('link', { name: 'Who can I talk to?' }).count()).toBe(1);
		await page.getByRole('link', { name: 'Who can I talk to?' }).click();
		await page.waitForURL(/\/help$/);
		expect(await page.getByText('Call 0800 1111').count()).toBe(1);
		await context.close();
	});
});

import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newPhone } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage, type PlannedAnswer } from './pages/survey.page.js';

const PLAN: Record<string, PlannedAnswer> = {
	know_who_to_talk_to: 'agree',
	who_would_you_talk_to: ['friend'],
	feel_listened_to: 'disagree',
	feel_believed: 'agree',
	what_would_help: { text: 'Somewhere quiet to talk' }
};
const EXPECTED = {
	know_who_to_talk_to: 'agree',
	who_would_you_talk_to: ['friend'],
	feel_listened_to: 'disagree',
	feel_believed: 'agree',
	what_would_help: 'Somewhere quiet to talk'
};

/** A private window that refuses IndexedDB, as Firefox did before version 115. */
function refuseIndexedDb() {
	IDBFactory.prototype.open = function () {
		throw new DOMException(
			'A mutation operation was attempted on a database that did not allow mutations.',
			'InvalidStateError'
		);
	};
}

/** A device whose storage fills up: every IndexedDB write fails once the test sets __storageFull. */
function fillStorageOnDemand() {
	const put = IDBObjectStore.prototype.put;
	IDBObjectStore.prototype.put = function (
		this: IDBObjectStore,
		...args: Parameters<IDBObjectStore['put']>
	) {
		if ((window as unknown as { __storageFull?: boolean }).__storageFull)
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		return put.apply(this, args);
	};
}

const setup = useServerAndBrowser();

async function stored() {
	const rows = await setup.server.db.execute('select id, answers_json from responses');
	return rows.rows.map((row) => ({
		id: String(row.id),
		answers: JSON.parse(String(row.answers_json)) as Record<string, unknown>
	}));
}

async function waitForStored(count: number) {
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline && (await stored()).length < count)
		await new Promise((resolve) => setTimeout(resolve, 200));
	return stored();
}

/** Closing the page asks first (a beforeunload dialog); the test says "stay". */
async function expectCloseWarning(page: Page): Promise<void> {
	const dialog = new Promise<string>((resolve) =>
		page.once('dialog', (shown) => void shown.dismiss().then(() => resolve(shown.type())))
	);
	await page.close({ runBeforeUnload: true });
	expect(await dialog).toBe('beforeunload');
	expect(page.isClosed()).toBe(false);
}

async function phoneWith(
	initScript: () => void
): Promise<{ context: BrowserContext; survey: SurveyPage }> {
	await setup.server.db.execute('delete from responses');
	const context = await newPhone(setup.browser, setup.server.url);
	await context.addInitScript(initScript);
	return { context, survey: new SurveyPage(await context.newPage()) };
}

describe('when the device cannot store answers', () => {
	it('says so before the first question, keeps the answers on the page, and sends them once online', async () => {
		const { context, survey } = await phoneWith(refuseIndexedDb);
		await survey.open('/');
		await survey.page
			.getByRole('alert')
			.filter({ hasText: 'This device cannot save your answers' })
			.waitFor();
		await survey.expectNoAxeViolations('welcome without storage');
		await survey.start();
		await survey.answerUntilCheck(PLAN);
		// No signal when they press Send: the answers live only in this page until it is online.
		await context.setOffline(true);
		await survey.send();
		await expect
			.poll(() => survey.page.getByTestId('done-status').innerText())
			.toContain('This device could not save your answers');
		expect(await survey.syncStatus()).toContain('Keep this page open until they are sent');
		await survey.expectNoAxeViolations('done, kept on the page');
		await expectCloseWarning(survey.page);
		expect(await stored()).toEqual([]);

		await context.setOffline(false);
		const rows = await waitForStored(1);
		expect(rows.map((row) => row.answers)).toEqual([EXPECTED]);
		// The row is visible to the database before the page has the acknowledgement: allow the
		// round trip more than expect.poll's default second on a busy machine.
		await expect
			.poll(() => survey.syncStatus(), { timeout: 10_000 })
			.toContain('No answers waiting');
		await context.close();
	});

	it('keeps going when storage fills up mid-survey, and sends every answer exactly once', async () => {
		const { context, survey } = await phoneWith(fillStorageOnDemand);
		await survey.open('/');
		await survey.start();
		await survey.answer(PLAN.know_who_to_talk_to!);
		await survey.page.evaluate(
			() => ((window as unknown as { __storageFull: boolean }).__storageFull = true)
		);
		await survey.page.locator('label[for="who_would_you_talk_to-friend"]').click();
		// Never claims "saved" when it was not.
		await survey.page
			.getByRole('alert')
			.filter({ hasText: 'Your answer could not be saved on this device' })
			.waitFor();
		await survey.page.getByRole('button', { name: 'Continue' }).click();
		await survey.page.waitForURL(/\/survey\/feel_listened_to$/);
		await survey.answerUntilCheck(PLAN);
		await survey.send();
		const rows = await waitForStored(1);
		expect(rows.map((row) => row.answers)).toEqual([EXPECTED]);
		await expect
			.poll(() => survey.page.getByTestId('done-status').innerText(), { timeout: 10_000 })
			.toContain('Your answers have been sent');
		// Sending again (e.g. Send now) stores nothing twice.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(await stored()).toHaveLength(1);
		await context.close();
	});
});

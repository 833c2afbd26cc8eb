import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser.js';
import { signInAsDemoAnalyst, useServerAndBrowser } from './support/fixture.js';
import { E2E_ANALYST } from './support/server.js';
import { SurveyPage } from './pages/survey.page.js';
import { findAxeViolations } from './support/axe.js';

const setup = useServerAndBrowser();

/** A session made by the test analyst through the staff API. */
async function createSession(name: string): Promise<string> {
	const login = await fetch(`${setup.server.url}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(E2E_ANALYST)
	});
	const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
	const created = await fetch(`${setup.server.url}/api/v1/sessions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ name, defaultMode: 'easy_read', defaultLocale: 'en-GB' })
	});
	return ((await created.json()) as { session: { code: string } }).session.code;
}

describe('running a session from the dashboard (1024×768)', () => {
	it('creates a session with a QR poster made in the setup.browser, and lists it', async () => {
		const context = await setup.browser.newContext({
			viewport: { width: 1024, height: 768 },
			baseURL: setup.server.url
		});
		const page = await context.newPage();
		await signInAsDemoAnalyst(page);
		await page.getByRole('link', { name: 'Sessions' }).click();
		await page.waitForURL(/\/dashboard\/sessions$/);
		await page.getByLabel(/^Name/).fill('Bicester college, 3 December');
		await page.getByLabel('Way of doing the survey to start with').selectOption('send');
		await page.getByRole('button', { name: 'Create the session' }).click();
		await page.getByTestId('poster').waitFor();
		const code = (await page.getByTestId('poster').locator('strong.code').innerText()).trim();
		expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		expect(await page.getByTestId('poster').innerText()).toContain(`/s/${code}`);
		expect(await page.getByTestId('poster').locator('img').getAttribute('src')).toMatch(
			/^data:image\/png;base64,/
		);
		expect(await page.locator(`tr[data-code="${code}"]`).innerText()).toContain('Open');
		expect(await findAxeViolations(page)).toEqual([]);
		await page.locator(`tr[data-code="${code}"]`).getByRole('button', { name: /Close/ }).click();
		await page.locator(`tr[data-code="${code}"]`, { hasText: 'Closed' }).waitFor();
		await context.close();
	});
});

describe('joining a rep session on a phone (390×844)', () => {
	it('joins by /s/CODE, takes the session defaults, and the response carries the code', async () => {
		const code = await createSession('Didcot youth club');
		const phone = await newPhone(setup.browser, setup.server.url);
		const page = await phone.newPage();
		await page.goto(`/s/${code}`);
		// The session starts in easy read, so the page that says so is in easy read too.
		await page.getByText('You are in this group: Didcot youth club.').waitFor();
		expect(await findAxeViolations(page)).toEqual([]);
		await page.getByRole('button', { name: 'Next' }).click();
		await page.waitForURL((url) => url.pathname === '/');
		expect(await page.getByTestId('joined-session').innerText()).toContain('Didcot youth club');
		// The session's default mode (easy read) is chosen for the respondent.
		expect(await page.locator('#mode-easy_read').isChecked()).toBe(true);
		const survey = new SurveyPage(page);
		await page.locator('button.start').click();
		await page.waitForURL(/\/survey\//);
		await page.locator('label[for="know_who_to_talk_to-yes"]').click();
		await page.locator('form button[type="submit"]').click();
		await page.waitForURL(/who_would_you_talk_to/);
		await page.goto('/survey/check');
		await survey.waitForApp();
		await page.locator('button.send').click();
		await page.waitForURL(/\/survey\/done$/);
		let rows = await setup.server.db.execute({
			sql: 'SELECT mode, answers_json FROM responses WHERE session_code = ?',
			args: [code]
		});
		for (let tries = 0; tries < 50 && rows.rows.length === 0; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			rows = await setup.server.db.execute({
				sql: 'SELECT mode, answers_json FROM responses WHERE session_code = ?',
				args: [code]
			});
		}
		expect(rows.rows).toHaveLength(1);
		expect(rows.rows[0]?.mode).toBe('easy_read');
		expect(JSON.parse(String(rows.rows[0]?.answers_json))).toEqual({ know_who_to_talk_to: 'yes' });
		await phone.close();
	});

	it('says clearly when a code is wrong, and the survey can still be done without one', async () => {
		const phone = await newPhone(setup.browser, setup.server.url);
		const page = await phone.newPage();
		await page.goto('/s/ZZZZZZ');
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').innerText()).toContain(
			'We could not find a session with the code ZZZZZZ'
		);
		expect(await findAxeViolations(page)).toEqual([]);
		await page.getByRole('link', { name: 'Do the survey without a session' }).click();
		await page.waitForURL((url) => url.pathname === '/');
		await page.locator('button.start').waitFor();
		expect(await page.getByTestId('joined-session').count()).toBe(0);
		await phone.close();
	});
});

import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PHONE, TABLET } from './support/browser.js';
import { signInAsDemoAnalyst, useServerAndBrowser } from './support/fixture.js';
import { findAxeViolations } from './support/axe.js';
import { E2E_ANALYST } from './support/server.js';

const setup = useServerAndBrowser();
const SHOTS = '/tmp/shots-tablet';

/** Issue 11, item 7: a shared tablet (or a phone that joined by code) holds no staff rights. */
describe('a tablet in hand-round mode', () => {
	it('ends the staff session; /dashboard asks for the PIN, shows nothing, staff calls get 401, and works after the PIN and a fresh sign-in', async () => {
		const context = await setup.browser.newContext({ ...TABLET, baseURL: setup.server.url });
		const page = await context.newPage();
		await signInAsDemoAnalyst(page);
		await page.goto('/dashboard/sessions');
		await page.getByLabel(/^Name/).fill('Kidlington library');
		await page.getByRole('button', { name: 'Create the session' }).click();
		const code = (await page.getByTestId('poster').locator('strong.code').innerText()).trim();
		await page.goto('/rep');
		await page.getByLabel('Session').selectOption(code);
		await page.getByLabel('Choose a PIN (4 to 8 digits)').fill('1357');
		await page.getByLabel('Type the PIN again').fill('1357');
		await page.getByRole('button', { name: 'Start hand-round mode' }).click();
		await page.waitForURL((url) => url.pathname === '/');

		// A young person types /dashboard: the PIN screen, no results, and the staff session is gone.
		const benchmarkRequests: string[] = [];
		page.on('request', (request) => {
			if (new URL(request.url()).pathname.startsWith('/api/v1/benchmark'))
				benchmarkRequests.push(request.url());
		});
		await page.goto('/dashboard');
		await page.getByTestId('staff-gate').waitFor();
		expect(await page.locator('table').count()).toBe(0);
		expect(benchmarkRequests).toEqual([]);
		const statuses = await page.evaluate(async () => {
			const waves = await fetch('/api/v1/waves', { credentials: 'include' });
			const benchmark = await fetch('/api/v1/benchmark?wave=2019', { credentials: 'include' });
			const me = await fetch('/api/v1/auth/me', { credentials: 'include' });
			return [waves.status, benchmark.status, me.status];
		});
		expect(statuses).toEqual([401, 401, 401]);
		// The rep's set-up page is behind the same PIN.
		await page.goto('/rep');
		await page.getByTestId('staff-gate').waitFor();

		mkdirSync(SHOTS, { recursive: true });
		await page.goto('/dashboard');
		await page.getByTestId('staff-gate').waitFor();
		expect(await findAxeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SHOTS}/pin-1024x768.png`, fullPage: true });
		await page.getByLabel('Rep PIN').fill('0000');
		await page.getByRole('button', { name: 'Unlock with the PIN' }).click();
		await page.getByText('That PIN is not right.').waitFor();
		expect(await findAxeViolations(page)).toEqual([]);
		await page.setViewportSize({ width: 360, height: 740 });
		await page.screenshot({ path: `${SHOTS}/pin-error-360x740.png`, fullPage: true });
		await page.setViewportSize({ width: 1024, height: 768 });

		// The right PIN ends hand-round mode and shows a fresh sign-in; then the dashboard works.
		await page.getByLabel('Rep PIN').fill('1357');
		await page.getByRole('button', { name: 'Unlock with the PIN' }).click();
		await page.waitForURL(/\/dashboard\/login$/);
		expect(await page.evaluate(() => localStorage.getItem('be-supported:hand-round'))).toBeNull();
		await page.getByLabel('Email').fill('analyst@example.org');
		await page.getByLabel('Password').fill(E2E_ANALYST.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/dashboard$/);
		await page.locator('table').first().waitFor();
		expect(
			await page.evaluate(
				async () => (await fetch('/api/v1/auth/me', { credentials: 'include' })).status
			)
		).toBe(200);
		await context.close();
	});
});

describe('a phone that joined a session by code', () => {
	it('gets a fresh sign-in at /dashboard even if a staff session was open on it', async () => {
		const context = await setup.browser.newContext({ ...PHONE, baseURL: setup.server.url });
		const page = await context.newPage();
		await signInAsDemoAnalyst(page);
		const code = await page.evaluate(async () => {
			const created = await fetch('/api/v1/sessions', {
				method: 'POST',
				credentials: 'include',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Thame youth club' })
			});
			return ((await created.json()) as { session: { code: string } }).session.code;
		});
		await page.goto(`/s/${code}`);
		await page.waitForFunction(() => localStorage.getItem('be-supported:active-session') !== null);
		await page.goto('/dashboard');
		await page.waitForURL(/\/dashboard\/login$/);
		expect(await page.locator('table').count()).toBe(0);
		expect(
			await page.evaluate(
				async () => (await fetch('/api/v1/auth/me', { credentials: 'include' })).status
			)
		).toBe(401);
		await context.close();
	});
});

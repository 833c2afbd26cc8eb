import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { E2E_ANALYST, startServer, type RunningServer } from './server.js';

/** One real server (fresh database) and one Chromium for a spec file, stopped after it. */
export function useServerAndBrowser(env: Record<string, string> = {}): {
	server: RunningServer;
	browser: Browser;
} {
	const shared = {} as { server: RunningServer; browser: Browser };
	beforeAll(async () => {
		[shared.server, shared.browser] = await Promise.all([startServer(env), launchBrowser()]);
	});
	afterAll(async () => {
		await shared.browser?.close();
		await shared.server?.stop();
	});
	return shared;
}

/** Signs in as the test analyst that startServer makes in each fresh database. */
export async function signInAsDemoAnalyst(page: Page): Promise<void> {
	await page.goto('/dashboard/login');
	await page.getByLabel('Email').fill(E2E_ANALYST.email);
	await page.getByLabel('Password').fill(E2E_ANALYST.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/dashboard$/);
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AuthService } from '../../server/auth/auth.service.js';
import { totpCode } from '../../server/auth/totp.js';
import { openDatabase } from '../../server/db/client.js';
import { useServerAndBrowser } from './support/fixture.js';
import { findAxeViolations } from './support/axe.js';

/**
 * The second factor and the forced password change as a person meets them, in Chromium: the
 * account enrols with a code the test computes from the key the page shows (as an app would),
 * signs out, and signs in again with a code.
 */
// As a council would run it (docs/security.md): analysts and admins must use a second factor.
const setup = useServerAndBrowser({ REQUIRE_MFA: 'true' });
const SHOTS = process.env.SCREENSHOT_DIR ?? join('test-results', 'screenshots', 'mfa');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

async function expectAccessible(page: Page, label: string) {
	const violations = await findAxeViolations(page);
	expect(violations, `axe on ${label}:\n${violations.join('\n')}`).toEqual([]);
}

/** Screenshots at the dashboard's desktop size and a small phone, then back to desktop. */
async function shoot(page: Page, name: string) {
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: join(SHOTS, `${name}-1280x800.png`), fullPage: true });
	await page.setViewportSize(PHONE);
	await page.screenshot({ path: join(SHOTS, `${name}-360x740.png`), fullPage: true });
	await page.setViewportSize(DESKTOP);
}

async function makeUser(
	email: string,
	password: string,
	role: 'analyst' | 'rep',
	temporary?: string
) {
	const database = openDatabase(setup.server.databaseUrl);
	try {
		const auth = new AuthService(database, undefined, { N: 1024, r: 8, p: 1 });
		const user = await auth.createUser(email, password, role);
		if (temporary) await auth.resetPassword(user.id, temporary);
	} finally {
		database.client.close();
	}
}

async function signIn(page: Page, email: string, password: string) {
	await page.goto('/dashboard/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the second factor for staff (1280×800 and 360×740)', () => {
	it('an analyst enrols with the shown key, signs out, and signs in again with a code', async () => {
		const email = 'second-factor@example.org';
		const password = 'a-long-second-factor-password';
		await makeUser(email, password, 'analyst');
		const context = await setup.browser.newContext({
			viewport: DESKTOP,
			baseURL: setup.server.url
		});
		const page = await context.newPage();
		await page.goto('/dashboard/login');
		await page.getByLabel('Email').waitFor();
		await expectAccessible(page, 'sign in');
		await shoot(page, 'login');

		// Analysts must enrol (the default policy): sign-in leads straight to the set-up.
		await signIn(page, email, password);
		await page.waitForURL(/\/dashboard\/security$/);
		await page.getByRole('button', { name: 'Set up the second factor' }).click();
		const key = page.getByTestId('mfa-secret');
		await key.waitFor();
		await page.getByRole('img', { name: /QR code/ }).waitFor();
		await expectAccessible(page, 'enrolment');
		await shoot(page, 'enrolment');
		const secret = (await key.textContent())!.replace(/\s/g, '');
		expect(secret).toMatch(/^[A-Z2-7]{32}$/);

		// A wrong code first: the field says what is wrong.
		await page.getByLabel('6-digit code').fill('12345');
		await page.getByRole('button', { name: 'Turn on' }).click();
		await page.getByText('Enter the 6 digits your app shows').waitFor();
		await expectAccessible(page, 'enrolment with an error');
		await shoot(page, 'enrolment-error');
		await page.getByLabel('6-digit code').fill(totpCode(secret, new Date()));
		await page.getByRole('button', { name: 'Turn on' }).click();
		await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
		const codes = await page.locator('.codes code').allTextContents();
		expect(codes).toHaveLength(10);
		await expectAccessible(page, 'recovery codes');
		await shoot(page, 'recovery-codes');
		await page.getByRole('button', { name: 'I have saved my codes' }).click();
		await page.waitForURL(/\/dashboard$/);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL(/\/dashboard\/login$/);

		// Password, then the code step; no session until both pass.
		await signIn(page, email, password);
		await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
		expect((await context.cookies()).some((cookie) => cookie.name === 'bs_session')).toBe(false);
		await expectAccessible(page, 'code step');
		await shoot(page, 'code-step');
		await page.getByLabel(/Code from your app/).fill('000000');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('alert').getByText('not right').waitFor();
		await expectAccessible(page, 'code step with an error');
		await shoot(page, 'code-step-error');
		// The step after the one used to enrol (within the ±1 window): the enrolment code cannot be replayed.
		await page
			.getByLabel(/Code from your app/)
			.fill(totpCode(secret, new Date(Date.now() + 30_000)));
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.waitForURL(/\/dashboard$/);
		await page.getByRole('link', { name: 'Sign-in security' }).click();
		await page.getByText('A second factor is on').waitFor();
		expect(await page.getByTestId('mfa-secret').count()).toBe(0);

		// A recovery code works in place of the app's code.
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL(/\/dashboard\/login$/);
		await signIn(page, email, password);
		await page.getByLabel(/Code from your app/).fill(codes[0]!);
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.waitForURL(/\/dashboard$/);
		await context.close();
	});

	it('after an admin reset, sign-in leads to choosing a new password, with errors per field', async () => {
		const email = 'reset-rep@example.org';
		await makeUser(email, 'a-long-original-password', 'rep', 'a-temporary-passphrase');
		const context = await setup.browser.newContext({
			viewport: DESKTOP,
			baseURL: setup.server.url
		});
		const page = await context.newPage();
		await signIn(page, email, 'a-temporary-passphrase');
		await page.waitForURL(/\/dashboard\/password$/);
		await page.getByText('An admin reset your password').waitFor();
		await expectAccessible(page, 'password change');
		await shoot(page, 'password');
		// The rest of the dashboard sends them back here.
		await page.goto('/dashboard/sessions');
		await page.waitForURL(/\/dashboard\/password$/);

		await page.getByLabel('Current password', { exact: true }).fill('a-temporary-passphrase');
		await page.getByLabel('New password', { exact: true }).fill('short');
		await page.getByLabel('Type the new password again').fill('different');
		await page.getByRole('button', { name: 'Change password' }).click();
		await page.getByText('This does not match the new password').waitFor();
		await expectAccessible(page, 'password errors');
		await page.getByLabel('Type the new password again').fill('short');
		await page.getByRole('button', { name: 'Change password' }).click();
		// The server's rule, on the field it concerns.
		await page.getByText('The new password must be at least 12 characters').waitFor();
		expect(
			await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')
		).toBe('true');
		await expectAccessible(page, 'password rule error');
		await shoot(page, 'password-errors');

		await page.getByLabel('Current password', { exact: true }).fill('wrong-temporary-password');
		await page.getByLabel('New password', { exact: true }).fill('my-own-long-passphrase');
		await page.getByLabel('Type the new password again').fill('my-own-long-passphrase');
		await page.getByRole('button', { name: 'Change password' }).click();
		await page.getByText('Your current password is not right').waitFor();

		await page.getByLabel('Current password', { exact: true }).fill('a-temporary-passphrase');
		await page.getByRole('button', { name: 'Change password' }).click();
		await page.getByText('Password changed').waitFor();
		await page.getByRole('link', { name: 'Go to the dashboard' }).click();
		await page.waitForURL(/\/dashboard$/);

		// The new password signs in; the temporary one no longer does.
		await page.getByRole('button', { name: 'Sign out' }).click();
		await signIn(page, email, 'a-temporary-passphrase');
		await page.getByRole('alert').waitFor();
		await signIn(page, email, 'my-own-long-passphrase');
		await page.waitForURL(/\/dashboard$/);
		await context.close();
	});
});

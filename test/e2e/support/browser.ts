import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; test tools may not download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true };

export async function newPhone(browser: Browser, baseURL: string): Promise<BrowserContext> {
	return browser.newContext({ ...PHONE, baseURL, serviceWorkers: 'allow' });
}

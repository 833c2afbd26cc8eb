import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; test tools may not download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `isolateFromInternet`: every host but 127.0.0.1 fails to resolve at once (benchmarks). */
export async function launchBrowser(
	options: { isolateFromInternet?: boolean } = {}
): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			...(options.isolateFromInternet
				? ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']
				: []),
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

export const PHONE = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};
export const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true };

export async function newPhone(browser: Browser, baseURL: string): Promise<BrowserContext> {
	return browser.newContext({ ...PHONE, baseURL, serviceWorkers: 'allow' });
}

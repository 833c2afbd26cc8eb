// A sync budget of bench/run.ts: 1,000 responses queued offline on a tablet, then synced — none lost, none
// duplicated, ≤ 15 s. The real server (production build, embedded database) and the app's own
// outbox and sync loop in Chromium, on the same weak network and slow CPU as the phone figures.
import type { Browser } from 'playwright-core';
import { startServer } from '../../test/e2e/support/server.js';
import { syntheticResponses } from '../synthetic.js';
import { LOW_END_PHONE, allowCompiledFunctions } from './measure.js';

export interface SyncBurstFigures {
	queued: number;
	seconds: number;
	stored: number;
	duplicatesStored: number;
	lost: number;
}

export async function measureSyncBurst(browser: Browser, count = 1000): Promise<SyncBurstFigures> {
	const server = await startServer({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '100000' });
	const context = await browser.newContext({
		viewport: { width: 1024, height: 768 },
		hasTouch: true,
		serviceWorkers: 'allow',
		baseURL: server.url
	});
	try {
		await allowCompiledFunctions(context);
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		const ready = () =>
			page.waitForFunction(
				() => document.querySelector('[data-testid="sync-status"]')?.textContent?.trim(),
				undefined,
				{ timeout: 60_000 }
			);
		await page.goto('/');
		await ready();
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		const network = (offline: boolean) =>
			cdp.send('Network.emulateNetworkConditions', {
				offline,
				latency: LOW_END_PHONE.roundTripMs,
				downloadThroughput: LOW_END_PHONE.downloadBitsPerSecond / 8,
				uploadThroughput: LOW_END_PHONE.uploadBitsPerSecond / 8
			});
		await cdp.send('Network.enable');
		await network(true);
		// The responses young people left on the tablet during a day with no signal.
		const make = syntheticResponses(7);
		const responses = Array.from({ length: count }, () => make());
		await page.evaluate(async (queued) => {
			const open = indexedDB.open('be-supported');
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const tx = db.transaction('outbox', 'readwrite');
			queued.forEach((response, index) =>
				tx.objectStore('outbox').put({
					id: response.id,
					response,
					attempts: 0,
					queuedAt: new Date(Date.now() - (queued.length - index) * 1000).toISOString()
				})
			);
			await new Promise((resolve, reject) => {
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error);
			});
			db.close();
		}, responses);
		await page.reload();
		await ready();
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: LOW_END_PHONE.cpuSlowdown });
		const started = Date.now();
		await network(false);
		await page.evaluate(() => window.dispatchEvent(new Event('online')));
		await page.waitForFunction(
			() =>
				document
					.querySelector('[data-testid="sync-status"]')
					?.textContent?.includes('No answers waiting'),
			undefined,
			{
				polling: 100,
				timeout: 120_000
			}
		);
		const seconds = (Date.now() - started) / 1000;
		const rows = await server.db.execute('SELECT id FROM responses');
		const storedIds = rows.rows.map((row) => String(row.id));
		const distinct = new Set(storedIds);
		return {
			queued: count,
			seconds,
			stored: distinct.size,
			duplicatesStored: storedIds.length - distinct.size,
			lost: responses.filter((response) => !distinct.has(response.id)).length
		};
	} finally {
		await context.close();
		await server.stop();
	}
}

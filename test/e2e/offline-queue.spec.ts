import { describe, expect, it } from 'vitest';
import { currentQuestionnaire } from '#survey';
import { TABLET } from './support/browser.js';
import { useServerAndBrowser } from './support/fixture.js';
import { SurveyPage } from './pages/survey.page.js';

const setup = useServerAndBrowser({ RATE_LIMIT_PER_MINUTE: '100000' });

describe('a tablet with a big offline queue', () => {
	it('sends 300 queued responses exactly once, even when the network drops in the middle of the sync', async () => {
		const context = await setup.browser.newContext({ ...TABLET, baseURL: setup.server.url });
		const page = await context.newPage();
		const survey = new SurveyPage(page);
		await survey.open('/');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		await context.setOffline(true);
		// 300 finished responses in the device outbox, as 300 young people would have left them.
		const ids = await page.evaluate(async (version) => {
			const open = indexedDB.open('be-supported');
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const tx = db.transaction('outbox', 'readwrite');
			const made: string[] = [];
			for (let index = 0; index < 300; index++) {
				const id = crypto.randomUUID();
				made.push(id);
				const at = new Date(Date.now() - (300 - index) * 1000).toISOString();
				tx.objectStore('outbox').put({
					id,
					queuedAt: at,
					attempts: 0,
					response: {
						id,
						questionnaireVersion: version,
						mode: 'standard',
						locale: 'en-GB',
						startedAt: at,
						completedAt: at,
						answers: { feel_believed: index % 2 ? 'agree' : 'disagree' }
					}
				});
			}
			await new Promise((resolve, reject) => {
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error);
			});
			db.close();
			return made;
		}, currentQuestionnaire.version);
		await page.reload();
		await survey.waitForApp();
		expect(await survey.syncStatus()).toContain('300 answers waiting to be sent');

		// Clearing the device is refused while answers wait.
		page.on('dialog', (dialog) => void dialog.accept());
		await page.goto('/settings');
		await survey.waitForApp();
		await page.getByRole('button', { name: 'Clear this device' }).click();
		await page.getByText('Not cleared: some answers are still waiting to be sent.').waitFor();
		expect(await survey.syncStatus()).toContain('300 answers waiting to be sent');

		// The network comes back but the second batch is cut off mid-way (after the server got it).
		let posts = 0;
		await page.route('**/api/v1/responses', async (route) => {
			posts += 1;
			if (posts === 2) {
				await route.fetch(); // the server stores the batch…
				await route.abort('connectionreset'); // …but the acknowledgement never arrives
			} else if (posts === 3) await route.abort('internetdisconnected');
			else await route.continue();
		});
		await context.setOffline(false);
		await page.evaluate(() => window.dispatchEvent(new Event('online')));
		await page.waitForFunction(
			() =>
				document
					.querySelector('[data-testid="sync-status"]')
					?.textContent?.includes('No answers waiting'),
			undefined,
			{ timeout: 60_000 }
		);
		const stored = await setup.server.db.execute('SELECT id FROM responses');
		expect(stored.rows.map((row) => String(row.id)).sort()).toEqual([...ids].sort());
		expect(posts).toBeGreaterThanOrEqual(4);
		await context.close();
	});
});

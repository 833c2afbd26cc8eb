// Measures one site in headless Chromium emulating a low-end phone (the budgets in bench/run.ts): a cold visit,
// a repeat visit, an offline repeat visit (sites with a service worker), and moving between
// questions. Times come from the page's own clock (performance.now(), from navigation start).
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { StaticSite } from './static-server.js';
import type { BenchTarget } from './targets.js';

export const LOW_END_PHONE = {
	viewport: { width: 360, height: 640 },
	deviceScaleFactor: 2,
	cpuSlowdown: 4,
	downloadBitsPerSecond: 1_600_000,
	uploadBitsPerSecond: 750_000,
	roundTripMs: 150
};

export interface VisitFigures {
	/** From navigation start until the first question can be answered. */
	firstQuestionMs: number;
	/** When each screen before it became usable (ours: the welcome page). */
	stepsMs: Record<string, number>;
	/** Compressed bytes of JavaScript the server had sent the page by then (not its service worker's
	 * downloads), each file once, and how many files. */
	jsBytesBeforeFirstQuestion: number;
	jsFilesBeforeFirstQuestion: number;
	/** Everything the server sent during the visit, service worker downloads included. */
	bytes: number;
	requests: number;
	/** Used JS heap after a garbage collection, once the first question is usable. */
	jsHeapBytes: number;
}

export interface SiteFigures {
	cold: VisitFigures;
	repeat: VisitFigures;
	/** Repeat visit with no network at all; null when the site cannot open offline. */
	offline: VisitFigures | null;
	/** Median time from pressing Next to the next question being shown (null: all on one page). */
	nextQuestionMs: number | null;
	/** Bytes the service worker keeps for offline use (Cache Storage), or null without one. */
	precacheBytes: number | null;
}

/** A person who sees nothing happen after a tap taps again this long after. */
export const RETAP_MS = 250;

/** Runs in the page before its own scripts: records when each screen becomes usable. */
function watcherSource(target: BenchTarget): string {
	const steps = (target.before ?? []).map(
		(step) =>
			`{ name: ${JSON.stringify(step.name)}, visible: ${step.visible}, click: ${JSON.stringify(step.click)} }`
	);
	// Predicates are inlined as code (not eval'd strings), so the pages' CSP stays on.
	return `(${watch.toString()})({ steps: [${steps.join(', ')}], firstQuestion: ${target.firstQuestionUsable}, retapMs: ${RETAP_MS} });`;
}

/**
 * Plays the person: the moment a step's button is painted it is tapped, and tapped again every
 * `retapMs` while nothing happens. A tap "works" when a navigation starts (the Navigation API's
 * navigate event: a link or form followed before the app has loaded, or the app's own goto) or the
 * button it hit, enabled then, turns disabled or goes away (the app took the tap). A tap that
 * leaves the page carries the visit's clock and marks to the next document in sessionStorage.
 * Marks (ms from the visit's first navigation start): `<step>` when its button was first painted,
 * `<step>Tap` the first tap that worked, `<step>Taps` how many taps it took, `firstQuestion`.
 */
function watch(config: {
	steps: { name: string; visible: () => boolean; click: string }[];
	firstQuestion: () => boolean;
	retapMs: number;
}) {
	if (window !== window.top) return;
	const CARRY = '__bench_carry';
	type Carry = { origin: number; marks: Record<string, number>; next: number };
	const carried = ((): Carry | null => {
		try {
			const stored = JSON.parse(sessionStorage.getItem(CARRY) ?? 'null') as Carry | null;
			sessionStorage.removeItem(CARRY);
			return stored;
		} catch {
			return null;
		}
	})();
	const origin = carried?.origin ?? performance.timeOrigin;
	const marks: Record<string, number> = carried?.marks ?? {};
	const bench = window as unknown as { __bench: Record<string, number>; __benchOrigin: number };
	bench.__bench = marks;
	bench.__benchOrigin = origin;
	const now = () => performance.timeOrigin + performance.now() - origin;
	let next = carried?.next ?? 0;
	const holds = (predicate: () => boolean) => {
		try {
			return predicate();
		} catch {
			return false;
		}
	};
	let navigated = false;
	// Only a navigation to another page counts (the app's history.replaceState on start does not).
	(window as unknown as { navigation?: EventTarget }).navigation?.addEventListener(
		'navigate',
		(event) => {
			const to = (event as Event & { destination: { url: string } }).destination.url;
			if (new URL(to).pathname !== location.pathname) navigated = true;
		}
	);
	let tapped: { at: number; element: Element; wasEnabled: boolean } | null = null;
	const isEnabled = (element: Element) =>
		!(element as HTMLButtonElement).disabled && element.getAttribute('aria-disabled') !== 'true';
	const tap = (step: { name: string; click: string }) => {
		const element = document.querySelector(step.click);
		if (!element) return;
		marks[`${step.name}Taps`] = (marks[`${step.name}Taps`] ?? 0) + 1;
		navigated = false;
		tapped = { at: now(), element, wasEnabled: isEnabled(element) };
		(element as HTMLElement).click();
	};
	window.addEventListener('pagehide', () => {
		if (marks.firstQuestion !== undefined) return;
		// A tap that is leaving the page (a form or link followed before the app ran) worked, even
		// if no check has run since: the next document must not wait for it again.
		const step = config.steps[next];
		if (tapped && step) {
			marks[`${step.name}Tap`] = tapped.at;
			next += 1;
		}
		try {
			sessionStorage.setItem(CARRY, JSON.stringify({ origin, marks, next }));
		} catch {
			// No sessionStorage: the visit's figures start again with this document.
		}
	});
	const STALL_MS = 1000;
	let stalled: { step: { name: string; click: string }; at: number; path: string } | null = null;
	const check = (isFrame: boolean) => {
		if (marks.firstQuestion !== undefined) return;
		const step = config.steps[next];
		if (step) {
			if (marks[step.name] === undefined) {
				if (!isFrame || !holds(step.visible)) return;
				marks[step.name] = now();
				tap(step);
			}
			if (!tapped) return;
			const worked =
				navigated ||
				(tapped.wasEnabled && (!tapped.element.isConnected || !isEnabled(tapped.element)));
			if (worked) {
				marks[`${step.name}Tap`] = tapped.at;
				stalled = { step, at: now(), path: location.pathname };
				tapped = null;
				next += 1;
			} else if (now() - tapped.at >= config.retapMs) tap(step);
			return;
		}
		// A tap that seemed to work but left the person on the same page, the button still there to
		// take a tap, for STALL_MS: not a tap that worked after all; they tap again.
		if (stalled && now() - stalled.at >= STALL_MS && location.pathname === stalled.path) {
			const button = document.querySelector(stalled.step.click);
			if (button && isEnabled(button)) {
				delete marks[`${stalled.step.name}Tap`];
				next -= 1;
				tap(stalled.step);
				stalled = null;
				return;
			}
		}
		if (holds(config.firstQuestion)) {
			marks.firstQuestion = now();
			observer.disconnect();
		}
	};
	const observer = new MutationObserver(() => check(false));
	observer.observe(document, {
		subtree: true,
		childList: true,
		attributes: true,
		characterData: true
	});
	// "Painted": checked in animation frames, which run only once the page can render (after its
	// blocking stylesheets), and each is followed by a paint.
	const tick = () => {
		check(true);
		if (marks.firstQuestion === undefined) requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in __name(...);
 * functions sent into the page (watch, page.evaluate) need that helper there too.
 */
export async function allowCompiledFunctions(context: BrowserContext): Promise<void> {
	await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
}

/**
 * The phone's CPU (4× slower) and upload speed, in Chromium. Its download speed and round trip are
 * emulated by the static server instead (serveStatic's link), because Chromium's network
 * emulation does not reach the service worker: its precache downloads would compete with nothing.
 */
async function emulatePhone(cdp: CDPSession, isOffline = false): Promise<void> {
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: isOffline,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: LOW_END_PHONE.uploadBitsPerSecond / 8
	});
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: LOW_END_PHONE.cpuSlowdown });
}

/** The link the static server gives every site (see emulatePhone). */
export const PHONE_LINK = {
	downloadBitsPerSecond: LOW_END_PHONE.downloadBitsPerSecond,
	roundTripMs: LOW_END_PHONE.roundTripMs
};

/** Waits until the server has had no request for `quietMs` (downloads after load, e.g. the precache). */
async function waitForQuiet(site: StaticSite, quietMs = 2_000, limitMs = 60_000): Promise<void> {
	const started = Date.now();
	let last = site.counters().requests;
	let lastChange = Date.now();
	while (Date.now() - lastChange < quietMs && Date.now() - started < limitMs) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		const now = site.counters().requests;
		if (now !== last) {
			last = now;
			lastChange = Date.now();
		}
	}
}

async function visit(
	page: Page,
	cdp: CDPSession,
	site: StaticSite,
	target: BenchTarget,
	options: { waitForServiceWorker: boolean; quietMs?: number }
): Promise<VisitFigures> {
	site.resetCounters();
	await page.goto(site.url + target.startPath, { waitUntil: 'commit', timeout: 120_000 });
	// Polled, not waitForFunction: a tap may load another document on the way.
	const deadline = Date.now() + 120_000;
	for (;;) {
		const isThere = await page
			.evaluate(
				() =>
					(window as unknown as { __bench?: Record<string, number> }).__bench?.firstQuestion !==
					undefined
			)
			.catch(() => false);
		if (isThere) break;
		if (Date.now() > deadline) throw new Error(`${target.name}: no first question in 120 s`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const { marks, origin } = await page.evaluate(() => {
		const bench = window as unknown as { __bench: Record<string, number>; __benchOrigin: number };
		return { marks: bench.__bench, origin: bench.__benchOrigin };
	});
	// What the server sent the page's scripts by the time the first question was usable (wall
	// clock: the page's time origin plus its mark), each file once over every document of the visit.
	const firstQuestionAt = origin + marks.firstQuestion!;
	const js = new Map<string, number>();
	for (const script of site.scriptsSent())
		if (script.sentAt <= firstQuestionAt && !js.has(script.path)) js.set(script.path, script.bytes);
	await cdp.send('HeapProfiler.collectGarbage');
	const heap = await cdp.send('Runtime.getHeapUsage');
	if (options.waitForServiceWorker)
		await page.evaluate(() => navigator.serviceWorker?.ready.then(() => true));
	await waitForQuiet(site, options.quietMs);
	const { firstQuestion, ...steps } = marks;
	return {
		firstQuestionMs: firstQuestion!,
		stepsMs: steps,
		jsBytesBeforeFirstQuestion: [...js.values()].reduce((sum, size) => sum + size, 0),
		jsFilesBeforeFirstQuestion: js.size,
		...site.counters(),
		jsHeapBytes: heap.usedSize
	};
}

/** Answers the question on screen and presses Next, `count` times; the median time to the next question. */
async function timeNextQuestion(page: Page, target: BenchTarget, count: number): Promise<number> {
	const timings: number[] = [];
	for (let run = 0; run < count; run++) {
		const elapsed = await page.evaluate(
			async ({ titleSelector, optionSelector, nextSelector }) => {
				const title = () => document.querySelector(titleSelector)?.textContent ?? '';
				const before = title();
				(document.querySelector(optionSelector) as HTMLElement | null)?.click();
				await new Promise((resolve) => setTimeout(resolve, 50));
				const started = performance.now();
				(document.querySelector(nextSelector) as HTMLElement).click();
				await new Promise<void>((resolve) => {
					const done = () => title() !== before && (observer.disconnect(), resolve());
					const observer = new MutationObserver(done);
					observer.observe(document.body, { subtree: true, childList: true, characterData: true });
					done();
				});
				// Until the frame that shows it has been painted.
				await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
				return performance.now() - started;
			},
			{
				titleSelector: target.titleSelector,
				optionSelector: target.optionSelector,
				nextSelector: target.nextSelector
			}
		);
		timings.push(elapsed);
		await page.waitForTimeout(300);
	}
	return median(timings);
}

/** Our app keeps an unfinished survey: clear it so the next visit starts at the welcome page again. */
async function forgetDraft(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const open = indexedDB.open('be-supported');
				open.onsuccess = () => {
					const tx = open.result.transaction('drafts', 'readwrite');
					tx.objectStore('drafts').clear();
					tx.oncomplete = () => (open.result.close(), resolve());
				};
				open.onerror = () => resolve();
			})
	);
}

async function precacheBytes(page: Page): Promise<number> {
	return page.evaluate(async () => {
		let total = 0;
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys())
				total += (await (await cache.match(request))!.blob()).size;
		}
		return total;
	});
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One fresh phone: cold visit, then next-question timings, then repeat (and offline) visits. */
export async function measureSite(
	browser: Browser,
	site: StaticSite,
	target: BenchTarget
): Promise<SiteFigures> {
	const context: BrowserContext = await browser.newContext({
		viewport: LOW_END_PHONE.viewport,
		deviceScaleFactor: LOW_END_PHONE.deviceScaleFactor,
		isMobile: true,
		hasTouch: true,
		serviceWorkers: 'allow'
	});
	await allowCompiledFunctions(context);
	await context.addInitScript({ content: watcherSource(target) });
	const page = await context.newPage();
	if (process.env.BENCH_DEBUG)
		page
			.on('pageerror', (error) => console.log('page error:', error.message))
			.on('console', (message) => console.log('console:', message.text()));
	const cdp = await context.newCDPSession(page);
	try {
		await emulatePhone(cdp);
		const cold = await visit(page, cdp, site, target, {
			waitForServiceWorker: target.hasServiceWorker
		});
		const nextQuestionMs = target.isAllOnOnePage ? null : await timeNextQuestion(page, target, 5);
		if (target.hasServiceWorker) await forgetDraft(page);
		const repeat = await visit(page, cdp, site, target, { waitForServiceWorker: false });
		let offline: VisitFigures | null = null;
		let precache: number | null = null;
		if (target.hasServiceWorker) {
			precache = await precacheBytes(page);
			await forgetDraft(page);
			// Really offline: the page is told so, and the server drops every connection.
			await emulatePhone(cdp, true);
			site.setOffline(true);
			offline = await visit(page, cdp, site, target, {
				waitForServiceWorker: false,
				quietMs: 500
			}).catch(() => null);
			site.setOffline(false);
		}
		return { cold, repeat, offline, nextQuestionMs, precacheBytes: precache };
	} finally {
		await context.close();
	}
}

/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';
import { cacheNames } from 'workbox-core';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { syncOutboxOnce } from '$lib/offline/sync';
import { Outbox } from '$lib/offline/outbox';
import { openSurveyDb } from '$lib/offline/db';

const worker = self as unknown as ServiceWorkerGlobalScope;

// Files only the staff dashboard uses (listed after the build by scripts/mark-staff-only-files.js).
try {
	worker.importScripts('/staff-only.js');
} catch {
	// Not there (e.g. a build without the post-build step): precache everything rather than fail.
}
const staffOnly = new Set(
	(worker as unknown as { __STAFF_ONLY_FILES?: string[] }).__STAFF_ONLY_FILES ?? []
);

/** Staff pages stay out of the respondent's precache (they are online-only and heavier). */
const isRespondentUrl = (url: string) => !url.startsWith('/dashboard') && !staffOnly.has(url);

// The whole respondent journey: hashed app files (immutable), static files and every prerendered
// page, so anyone who has opened the survey once can answer it with no network.
const precacheManifest = [
	...build.filter(isRespondentUrl).map((url) => ({ url, revision: null })),
	...files.filter(isRespondentUrl).map((url) => ({ url, revision: version })),
	...prerendered.filter(isRespondentUrl).map((url) => ({ url, revision: version })),
	// The app shell for pages made at run time, e.g. /s/CODE to join a session.
	{ url: '/200.html', revision: version }
];
precacheAndRoute(precacheManifest, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

// Any other navigation (e.g. /s/CODE while offline) gets the app shell, which routes on the client.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/200.html'), { denylist: [/^\/api\//] })
);

// "You said" (issue 14 item 8): the published results and "we did" actions are data, not a page,
// so they are not in the precache. Network first: online, a young person always gets the latest
// snapshot and the copy kept is replaced; offline, they get the last one their phone downloaded.
// The copy is also fetched at install, so a phone that opened the app once (even just the
// survey) has it. Only this public address is kept; staff data is never cached (no-store).
const YOU_SAID_CACHE = 'be-supported-you-said';
const YOU_SAID_PATH = '/api/v1/you-said';

async function refreshYouSaid(request: Request): Promise<Response> {
	const response = await fetch(request);
	if (response.ok) {
		const cache = await caches.open(YOU_SAID_CACHE);
		await cache.put(YOU_SAID_PATH, response.clone());
	}
	return response;
}

registerRoute(
	({ url, request }) =>
		url.origin === worker.location.origin &&
		url.pathname === YOU_SAID_PATH &&
		request.method === 'GET',
	async ({ request }) => {
		try {
			return await refreshYouSaid(request);
		} catch (error) {
			const kept = await (await caches.open(YOU_SAID_CACHE)).match(YOU_SAID_PATH);
			if (kept) return kept;
			throw error;
		}
	}
);

worker.addEventListener('install', (event) => {
	// Best effort: an install never fails because the results could not be fetched.
	event.waitUntil(refreshYouSaid(new Request(YOU_SAID_PATH)).catch(() => undefined));
});

// First install only: no version was in control, so nothing can be swapped mid-survey. Taking
// control of the page that installed us means every later chunk, language and symbol of this
// first visit comes from the precache, so a phone that loses signal at once keeps working.
// An update never claims: it waits until the page lets it take over (SKIP_WAITING, then a reload).
let isFirstInstall = false;
worker.addEventListener('install', () => {
	isFirstInstall = !worker.registration.active;
});
worker.addEventListener('activate', (event) => {
	if (isFirstInstall) event.waitUntil(worker.clients.claim());
});

/** Every file of the respondent precache is stored (workbox keys each URL once). */
async function isPrecacheComplete(): Promise<boolean> {
	const cache = await caches.open(cacheNames.precache);
	const stored = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
	return precacheManifest.every((entry) =>
		stored.has(new URL(entry.url, worker.location.origin).pathname)
	);
}

// No skipWaiting on install: the page decides when a new version may take over (never mid-survey).
worker.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void worker.skipWaiting();
	if (event.data?.type === 'IS_PRECACHE_COMPLETE') {
		event.waitUntil(
			isPrecacheComplete().then((isComplete) => event.ports[0]?.postMessage({ isComplete }))
		);
	}
});

// Background Sync (Chromium): an extra trigger only. The outbox in IndexedDB is the store of record.
worker.addEventListener('sync', (event) => {
	const syncEvent = event as ExtendableEvent & { tag: string };
	if (syncEvent.tag !== 'outbox') return;
	syncEvent.waitUntil(
		openSurveyDb().then((db) =>
			syncOutboxOnce({ outbox: new Outbox(db), fetch: (input, init) => fetch(input, init) })
		)
	);
});

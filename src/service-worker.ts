/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
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
const staffOnly = new Set((worker as unknown as { __STAFF_ONLY_FILES?: string[] }).__STAFF_ONLY_FILES ?? []);

/** Staff pages stay out of the respondent's precache (they are online-only and heavier). */
const isRespondentUrl = (url: string) => !url.startsWith('/dashboard') && !staffOnly.has(url);

// The whole respondent journey: hashed app files (immutable), static files and every prerendered
// page, so anyone who has opened the survey once can answer it with no network.
precacheAndRoute(
	[
		...build.filter(isRespondentUrl).map((url) => ({ url, revision: null })),
		...files.filter(isRespondentUrl).map((url) => ({ url, revision: version })),
		...prerendered.filter(isRespondentUrl).map((url) => ({ url, revision: version })),
		// The app shell for pages made at run time, e.g. /s/CODE to join a session.
		{ url: '/200.html', revision: version }
	],
	{ ignoreURLParametersMatching: [/.*/] }
);
cleanupOutdatedCaches();

// Any other navigation (e.g. /s/CODE while offline) gets the app shell, which routes on the client.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/200.html'), { denylist: [/^\/api\//] }));

// No skipWaiting on install: the page decides when a new version may take over (never mid-survey).
worker.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void worker.skipWaiting();
});

// Background Sync (Chromium): an extra trigger only. The outbox in IndexedDB is the store of record.
worker.addEventListener('sync', (event) => {
	const syncEvent = event as ExtendableEvent & { tag: string };
	if (syncEvent.tag !== 'outbox') return;
	syncEvent.waitUntil(
		openSurveyDb().then((db) => syncOutboxOnce({ outbox: new Outbox(db), fetch: (input, init) => fetch(input, init) }))
	);
});

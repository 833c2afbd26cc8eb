import { currentQuestionnaire } from '#survey';
// The offline modules one by one, not the $lib/offline index: that also loads the sync loop,
// which comes later (see startApp).
import { openSurveyDb } from '$lib/offline/db';
import { DraftStore } from '$lib/offline/drafts';
import { Outbox } from '$lib/offline/outbox';
import { OutboxWithFallback } from '$lib/offline/memory-outbox';
import { DraftLock } from '$lib/offline/tab-lock';
import { newResponseId } from '$lib/offline/uuid';
import type { SyncEngine } from '$lib/offline/sync';
import { isLocale } from '$lib/i18n';
import { locale } from './locale.svelte';
import { preferences } from './preferences.svelte';
import { handRound } from './hand-round.svelte';
import { joinedSessions, type JoinedSession } from './joined-session.svelte';
import { SurveySession, type SurveyStorage } from './survey-session.svelte';
import { SyncStatus } from './sync-status.svelte';
import { offlineReadiness } from './offline-readiness.svelte';
import { matchDeviceLanguage } from '$lib/i18n/language-names';

/**
 * The app's shared state, wired to the real browser parts (IndexedDB, fetch, Web Locks).
 * Nothing here touches the browser until startApp() runs, so prerendering can import it.
 */
export const syncStatus = new SyncStatus();

/** The device's outbox, or only this page's memory when the device cannot store anything. */
let outbox = new OutboxWithFallback(null);
let syncEngine: SyncEngine | null = null;
const draftLock = new DraftLock();

async function openStorage(): Promise<SurveyStorage | null> {
	if (typeof indexedDB === 'undefined') return null;
	const db = await openSurveyDb();
	const drafts = new DraftStore(db);
	const queue = new Outbox(db);
	outbox = new OutboxWithFallback(queue, outbox.memory);
	return {
		loadDraft: () => drafts.load(),
		saveDraft: (draft) => drafts.save(draft),
		clearDraft: (id) => drafts.clear(id),
		finishDraft: (draftId, response) => queue.finishDraft(draftId, response)
	};
}

export const session = new SurveySession({
	openStorage,
	acquireDraft: () => draftLock.acquire(),
	newId: () => newResponseId(),
	now: () => new Date(),
	definition: currentQuestionnaire,
	onQueued: async (response, isStored) => {
		handRound.countAnswered();
		// Not stored on the device (private window, full storage): kept in this page's memory and
		// sent by the same loop, with the same retries; the page says so and warns before closing.
		if (!isStored) await outbox.memory.add(response);
		// The status (and the thank-you page) reflect it before anyone can close the page.
		await syncEngine?.refresh();
		void syncEngine?.syncNow();
		if (isStored) void requestBackgroundSync();
	}
});

async function requestBackgroundSync(): Promise<void> {
	// Background Sync is only an extra trigger (Chromium only); the page's own loop is the mechanism.
	const registration = await navigator.serviceWorker?.getRegistration();
	const sync = (
		registration as
			(ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
	)?.sync;
	await sync?.register('outbox').catch(() => undefined);
}

const LANGUAGE_KEY = 'be-supported:language';

/**
 * Starts using a joined session on this device: remembered (so its code works offline later),
 * and its starting mode and language applied. The one place both /s/CODE and hand-round use.
 */
export async function applyJoinedSession(joined: JoinedSession): Promise<void> {
	joinedSessions.remember(joined);
	preferences.mode = joined.defaultMode;
	preferences.save();
	await changeLanguage(joined.defaultLocale);
}

/** Switches the interface and questionnaire language; the response records the locale used. */
export async function changeLanguage(language: string): Promise<void> {
	if (!isLocale(language)) return;
	await locale.setLanguage(language);
	await session.setLocale(locale.language);
	try {
		localStorage.setItem(LANGUAGE_KEY, language);
	} catch {
		// Private windows may refuse; the choice still applies to this visit.
	}
}

function storedLanguage(): string | null {
	try {
		return localStorage.getItem(LANGUAGE_KEY);
	} catch {
		return null;
	}
}

let isStarted = false;
let markLanguageReady: () => void = () => undefined;
const languageReady = new Promise<void>((resolve) => (markLanguageReady = resolve));

/**
 * Resolves once startApp() has put back this device's language (or found it cannot), so a survey
 * started on the first question page (a Start tapped before the app had loaded) records the
 * language the welcome page was about to show, not the English the page began with.
 */
export function whenLanguageReady(): Promise<void> {
	return languageReady;
}

/** Runs once in the browser: loads the draft, starts the sync loop, registers the service worker. */
export async function startApp(): Promise<void> {
	if (isStarted) return;
	isStarted = true;
	try {
		await restoreLanguage();
	} finally {
		markLanguageReady();
	}
	// The sync loop's code comes after the first screen (nothing can be waiting to send before a
	// survey is finished, and a queue from before is sent a moment later all the same).
	const { SyncEngine } = await import('$lib/offline/sync');
	syncEngine = new SyncEngine({ outbox });
	syncStatus.connect(syncEngine);
	syncEngine.subscribe((snapshot) => syncStatus.update(snapshot));
	window.addEventListener('online', () => syncEngine?.notifyOnline());
	syncEngine.start();
	// Not before the page has loaded and gone quiet: the worker's precache (about 1 MB) would share
	// the phone's slow link and CPU with what the first screen still needs.
	await pageSettled();
	const { registerServiceWorker } = await import('$lib/offline/service-worker-registration');
	registerServiceWorker({ isMidSurvey: () => session.status === 'active' });
	// First visit: the worker claims this page once its precache is in place (service-worker.ts).
	void offlineReadiness.check();
	navigator.serviceWorker?.addEventListener(
		'controllerchange',
		() => void offlineReadiness.check()
	);
}

/** Resolves after the load event, at the next idle moment (or within 2 s if none comes). */
function pageSettled(): Promise<void> {
	return new Promise((resolve) => {
		const whenIdle = () =>
			typeof requestIdleCallback === 'function'
				? requestIdleCallback(() => resolve(), { timeout: 2000 })
				: setTimeout(resolve, 0);
		if (document.readyState === 'complete') whenIdle();
		else window.addEventListener('load', whenIdle, { once: true });
	});
}

/** Settings, the draft, then the device's language: what every page needs before its wording. */
async function restoreLanguage(): Promise<void> {
	preferences.load(typeof localStorage === 'undefined' ? null : localStorage);
	handRound.load();
	if (handRound.isActive) void handRound.refreshPersisted();
	await session.init();
	// An unfinished survey continues in its own language; otherwise this device's last choice,
	// then the device's own language when the survey has it (navigator.languages).
	const language =
		session.draft?.locale ??
		storedLanguage() ??
		matchDeviceLanguage(navigator.languages ?? [navigator.language]);
	if (language && language !== locale.language) {
		// A language that cannot be fetched (first visit, no signal) leaves the survey in English and
		// must not stop the answers already waiting from being sent.
		await changeLanguage(language).catch((error) =>
			console.warn('language not available yet:', error)
		);
	}
}

/**
 * The last resort when a tablet cannot get online: a file of every response still waiting, which
 * an analyst imports on the dashboard. Importing it twice stores nothing twice (ids are kept).
 */
export async function unsentResponsesFile(sessionCode?: string): Promise<Blob | null> {
	// If the device's store cannot be read, at least what this page holds is saved.
	const responses = await outbox.listWaiting().catch(() => outbox.memory.listWaiting());
	if (responses.length === 0) return null;
	const file = {
		format: 'be-supported-unsent-responses',
		version: 1,
		exportedAt: new Date().toISOString(),
		sessionCode,
		responses
	};
	return new Blob([JSON.stringify(file)], { type: 'application/json' });
}

/**
 * Clears this device: the unfinished survey, settings, joined sessions. Refused while responses
 * are waiting to be sent, so a reset can never lose a young person's answers.
 */
export async function resetDevice(): Promise<'reset' | 'responses_waiting'> {
	// Not knowing counts as waiting: a reset must never lose answers.
	if ((await outbox.count().catch(() => 1)) > 0) return 'responses_waiting';
	await session.discard();
	joinedSessions.leave();
	try {
		localStorage.clear();
	} catch {
		// nothing stored
	}
	preferences.load(null);
	return 'reset';
}

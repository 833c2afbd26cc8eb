import { Workbox } from 'workbox-window';

let applyWaitingUpdate: (() => void) | null = null;
let isMidSurveyCheck: () => boolean = () => true;

/**
 * Registers the service worker. A new version installs in the background and waits; it is only
 * switched to (with a reload) when no survey is in progress, so nobody is interrupted mid-survey.
 */
export function registerServiceWorker(options: { isMidSurvey: () => boolean }): void {
	if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
	isMidSurveyCheck = options.isMidSurvey;
	const workbox = new Workbox('/service-worker.js');
	workbox.addEventListener('waiting', () => {
		applyWaitingUpdate = () => {
			workbox.addEventListener('controlling', () => window.location.reload());
			workbox.messageSkipWaiting();
		};
		applyUpdateIfIdle();
	});
	void workbox.register();
}

/** Called when a respondent is between surveys (welcome and thank-you pages). */
export function applyUpdateIfIdle(): void {
	if (applyWaitingUpdate && !isMidSurveyCheck()) {
		const apply = applyWaitingUpdate;
		applyWaitingUpdate = null;
		apply();
	}
}

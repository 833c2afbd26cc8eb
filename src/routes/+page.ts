import { browser } from '$app/environment';
import { preloadCode } from '$app/navigation';
import { currentQuestionnaire } from '#survey';
import { session } from '$lib/state/app';

export const load = () => {
	// Fetch the first question's code as the app starts, before the welcome page is even drawn,
	// so pressing Start needs nothing more from a slow connection (the service worker has it later).
	if (browser) void preloadCode(`/survey/${currentQuestionnaire.items[0]!.code}`);
	// Open the device's storage and look for an unfinished survey while the page is drawn, not after.
	if (browser) void session.init();
};

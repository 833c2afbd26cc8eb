import { browser } from '$app/environment';
import { preloadCode } from '$app/navigation';
import { currentQuestionnaire } from '#survey';
import { session } from '$lib/state/app';

// Open the device's storage and look for an unfinished survey as soon as this page's code has
// loaded, before SvelteKit starts drawing the page: on a phone's first visit, creating the
// database takes about as long as drawing the page does.
if (browser) void session.init();

export const load = () => {
	// Fetch the first question's code as the app starts, before the welcome page is even drawn,
	// so pressing Start needs nothing more from a slow connection (the service worker has it later).
	if (browser) void preloadCode(`/survey/${currentQuestionnaire.items[0]!.code}`);
};

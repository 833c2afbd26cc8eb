import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// The respondent journey is prerendered so a phone can run it with no network;
		// the fallback page serves any client-only route (e.g. the dashboard).
		adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: true }),
		// Registered by src/lib/offline/service-worker-registration.ts through workbox-window, so
		// that a new version waits instead of interrupting a respondent mid-survey.
		serviceWorker: { register: false },
		alias: { '#survey': 'src/lib/survey/index.ts' }
	}
};

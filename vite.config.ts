import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { compileHints } from './scripts/vite-compile-hints.js';
import { englishWordingParts } from './scripts/vite-wording-parts.js';

const apiPort = process.env.API_PORT ?? '8787';

/** Code every respondent page needs: the frameworks, and the app's state, storage, engine and English text. */
const FRAMEWORK =
	/node_modules[\\/](svelte|@sveltejs[\\/]kit|i18next|idb|esm-env|devalue|clsx)[\\/]/;
/** …and the path to the first question: the layout, the welcome page and the question page. */
const RESPONDENT_CORE =
	/src[\\/](lib[\\/](state|offline|survey|i18n|symbols|components[\\/](layout|common|survey))[\\/]|routes[\\/](\+layout|\+page|survey[\\/]\[code\])[\\/.])/;
/**
 * …but not what loads on demand or later: other languages, easy-read wording, the later English
 * interface wording (ui.json?later, see src/lib/i18n/first-wording.ts), the service worker, the sync loop,
 * the check-answers and help panels, and the dashboard's import state (a group takes every module
 * its test matches, whoever imports it).
 */
const ON_DEMAND =
	/locales[\\/](?!en-GB)|locales[\\/]en-GB[\\/](easy|ui\.json\?later)|service-worker-registration|offline[\\/]sync\.ts|AnswerSummary|HelpContacts|import-upload/;

export default defineConfig({
	plugins: [englishWordingParts(), sveltekit(), compileHints(['framework', 'respondent'])],
	build: {
		rolldownOptions: {
			output: {
				// A phone on a slow link pays a round trip per file: the code every respondent page needs
				// comes in two files instead of twenty (the dashboard and other languages stay apart).
				codeSplitting: {
					groups: [
						{ name: 'framework', test: FRAMEWORK, priority: 2 },
						{
							name: 'respondent',
							test: (id: string) => RESPONDENT_CORE.test(id) && !ON_DEMAND.test(id),
							priority: 1
						}
					]
				}
			}
		}
	},
	// In development the Hono API runs separately (npm run dev starts both); Vite proxies to it.
	server: { proxy: { '/api': `http://127.0.0.1:${apiPort}` } }
});

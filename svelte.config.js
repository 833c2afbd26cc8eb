import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The inline scripts of src/app.html (the exit guard), allowed by their hashes. */
const appHtmlScriptHashes = [
	...readFileSync(new URL('src/app.html', import.meta.url), 'utf8').matchAll(
		/<script>([\s\S]*?)<\/script>/g
	)
].map(
	([, body]) =>
		/** @type {const} */ (`sha256-${createHash('sha256').update(body).digest('base64')}`)
);

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// The respondent journey is prerendered so a phone can run it with no network;
		// the fallback page serves any client-only route (e.g. the dashboard).
		// precompress: brotli and gzip copies of every text file, which the server sends by Accept-Encoding.
		adapter: adapter({
			pages: 'build',
			assets: 'build',
			fallback: '200.html',
			precompress: true,
			strict: true
		}),
		// Registered by src/lib/offline/service-worker-registration.ts through workbox-window, so
		// that a new version waits instead of interrupting a respondent mid-survey.
		serviceWorker: { register: false },
		// Prerendered pages get a hash-based CSP in a <meta> tag: no 'unsafe-inline' for scripts.
		// frame-ancestors cannot be set by <meta>; the server sends it as a header.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', ...appHtmlScriptHashes],
				// Svelte sets some inline style attributes (e.g. progress bar width).
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		alias: { '#survey': 'src/lib/survey/index.ts' },
		// Small stylesheets go inside the page: a slow link pays a round trip for each blocking file.
		inlineStyleThreshold: 1024
	}
};

import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const survey = fileURLToPath(new URL('./src/lib/survey/index.ts', import.meta.url));
const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

export default defineConfig({
	resolve: { alias: { '#survey': survey } },
	test: {
		projects: [
			{
				// The Svelte compiler, so rune state classes (src/lib/state/*.svelte.ts) run in unit tests.
				plugins: [svelte()],
				resolve: { alias: { '#survey': survey, $lib: lib } },
				test: {
					name: 'unit',
					include: ['test/**/*.test.ts'],
					exclude: ['test/e2e/**'],
					environment: 'node'
				}
			},
			{
				resolve: { alias: { '#survey': survey } },
				test: {
					// Real Chromium against the built app served by the real server.
					name: 'e2e',
					include: ['test/e2e/**/*.spec.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});

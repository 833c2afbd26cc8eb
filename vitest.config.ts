import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { englishWordingParts } from './scripts/vite-wording-parts.js';

const survey = fileURLToPath(new URL('./src/lib/survey/index.ts', import.meta.url));
const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

export default defineConfig({
	resolve: { alias: { '#survey': survey } },
	test: {
		projects: [
			{
				// Compiles rune classes (src/lib/state/*.svelte.ts) so they are tested as they run.
				plugins: [englishWordingParts(), svelte({ compilerOptions: { runes: true } })],
				resolve: { alias: { '#survey': survey, $lib: lib } },
				test: {
					name: 'unit',
					globalSetup: ['test/support/compile-server.ts'],
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
					globalSetup: ['test/support/compile-server.ts'],
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

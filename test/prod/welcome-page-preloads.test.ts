/**
 * The built welcome page (scripts/welcome-page-preloads.js after `vite build`; npm test builds
 * before it runs the tests) preloads the first question page's code, so Start on a slow phone
 * waits for nothing more from the network once the app runs (SvelteKit alone preloads only the
 * welcome page's own code), and asks for its stylesheet before its scripts, so it does not wait
 * for one of the browser's six connections to be free before it can be drawn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
type Manifest = Record<string, { file: string; imports?: string[] }>;

describe('the welcome page: stylesheet first, and the first question preloaded', () => {
	it("has a modulepreload for the question page's node and every file it imports, in all three encodings", () => {
		const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
		const node = Object.keys(manifest).find(
			(key) =>
				key.includes('/nodes/') &&
				existsSync(key) &&
				readFileSync(key, 'utf8').includes('src/routes/survey/[code]/+page')
		);
		expect(node).toBeDefined();
		const needed = new Set<string>();
		const visit = (key: string) => {
			const entry = manifest[key]!;
			needed.add(entry.file);
			entry.imports?.forEach(visit);
		};
		visit(node!);
		const plain = readFileSync('build/index.html', 'utf8');
		for (const html of [
			plain,
			brotliDecompressSync(readFileSync('build/index.html.br')).toString('utf8'),
			gunzipSync(readFileSync('build/index.html.gz')).toString('utf8')
		]) {
			expect(html).toBe(plain);
			const preloaded = [...html.matchAll(/<link href="\.\/([^"]+)" rel="modulepreload">/g)].map(
				([, file]) => file
			);
			for (const file of needed) expect(preloaded).toContain(file);
			const stylesheet = html.search(/<link href="[^"]+\.css" rel="stylesheet">/);
			expect(stylesheet).toBeGreaterThan(0);
			expect(stylesheet).toBeLessThan(html.indexOf('rel="modulepreload"'));
		}
	});
});

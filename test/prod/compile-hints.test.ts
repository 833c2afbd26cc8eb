/**
 * The built app marks the two chunks the first screen runs almost all of (framework and
 * respondent, vite.config.ts) with V8's compile hint as their first line, in every encoding the
 * server sends (scripts/vite-compile-hints.ts); no other chunk has it, since eager compilation of
 * code a page may never run (the dashboard, other languages) costs a phone time and memory.
 * npm test builds before it runs the tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPILE_HINT } from '../../scripts/vite-compile-hints.js';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
type Manifest = Record<string, { file: string; name?: string }>;
const HINTED = ['framework', 'respondent'];

describe('compile hints on the first screen’s chunks', () => {
	const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
	const hinted = Object.values(manifest).filter((entry) => HINTED.includes(entry.name ?? ''));

	it('starts the framework and respondent chunks with the hint, plain, brotli and gzip', () => {
		expect(hinted.map((entry) => entry.name).sort()).toEqual(HINTED);
		for (const { file } of hinted) {
			const path = join('build', file);
			for (const code of [
				readFileSync(path, 'utf8'),
				brotliDecompressSync(readFileSync(`${path}.br`)).toString('utf8'),
				gunzipSync(readFileSync(`${path}.gz`)).toString('utf8')
			])
				expect(code.split('\n', 1)[0], file).toBe(COMPILE_HINT);
		}
	});

	it('leaves every other script without it', () => {
		const hintedFiles = new Set(hinted.map(({ file }) => join('build', file)));
		const scripts = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
				entry.isDirectory()
					? scripts(join(dir, entry.name))
					: entry.name.endsWith('.js')
						? [join(dir, entry.name)]
						: []
			);
		const others = scripts('build').filter((path) => !hintedFiles.has(path));
		expect(others.length).toBeGreaterThan(10);
		for (const path of others) expect(readFileSync(path, 'utf8'), path).not.toContain(COMPILE_HINT);
	});
});

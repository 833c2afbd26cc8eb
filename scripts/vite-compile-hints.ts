import type { Plugin } from 'vite';

/** V8's explicit compile hint (Chrome 136 and later); it counts only as a file's first line. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Marks the browser chunks that the first screen runs almost all of (the frameworks and the
 * respondent's code, vite.config.ts) with V8's compile hint, so Chromium compiles their functions
 * on a background thread while the files download instead of one at a time on the main thread
 * when each is first called (bench/HISTORY.md, 2026-12-04: about 45 ms sooner to the first
 * question on the benchmark's phone). Other browsers read a comment.
 *
 * Done last (`generateBundle`, order post), after Vite has put its preload helper at the top of a
 * chunk, so the hint is the first line.
 */
export function compileHints(chunkNames: readonly string[]): Plugin {
	return {
		name: 'be-supported:compile-hints',
		apply: 'build',
		applyToEnvironment: (environment) => environment.name === 'client',
		// The hint changes the file, so it is part of the file's name: a cached copy is never stale.
		augmentChunkHash: (chunk) => (chunkNames.includes(chunk.name) ? COMPILE_HINT : undefined),
		generateBundle: {
			order: 'post',
			handler(_options, bundle) {
				for (const chunk of Object.values(bundle)) {
					if (chunk.type !== 'chunk' || !chunkNames.includes(chunk.name)) continue;
					if (chunk.code.startsWith(COMPILE_HINT)) continue;
					chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
					// One line more at the top: a source map, when one is built, moves down with it (it
					// is already written out as an asset of its own by now).
					const map = chunk.sourcemapFileName ? bundle[chunk.sourcemapFileName] : undefined;
					if (map?.type === 'asset' && typeof map.source === 'string') {
						const parsed = JSON.parse(map.source) as { mappings: string };
						map.source = JSON.stringify({ ...parsed, mappings: `;${parsed.mappings}` });
					}
				}
			}
		}
	};
}

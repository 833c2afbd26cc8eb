// Compiles the server and its command-line tools to plain JavaScript in dist/ (part of
// `npm run build`), so production runs `node dist/server/index.js` with no TypeScript tooling.
// One ESM bundle per entry for Node 20: our code and the survey engine (`#survey`, TypeScript
// shared with the app) are bundled in; every npm package stays external and is loaded from
// node_modules at run time, so the production dependencies are exactly what these bundles import.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');
/** What the bundles are made from: a newer file here means dist/ is out of date. */
const SOURCES = ['server', 'src/lib/survey', 'scripts', 'package.json'];
export const SERVER_ENTRY = 'dist/server/index.js';
/** output path (without .js) → source */
export const ENTRIES = {
	'server/index': 'server/index.ts',
	'scripts/import-baseline': 'scripts/import-baseline.ts',
	'scripts/user-create': 'scripts/user-create.ts',
	'scripts/backup': 'scripts/backup.ts',
	'scripts/restore': 'scripts/restore.ts'
};

/** @param {string} path @returns {number} */
function newestMtime(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(/** @type {number} */ newest, name) => Math.max(newest, newestMtime(join(path, name))),
		stat.mtimeMs
	);
}

/** True when a bundle is missing or older than any source it is made from. */
export function isServerStale() {
	const outputs = Object.keys(ENTRIES).map((entry) => join(OUT, `${entry}.js`));
	if (!outputs.every((file) => existsSync(file))) return true;
	const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
	return SOURCES.some(
		(source) => existsSync(join(ROOT, source)) && newestMtime(join(ROOT, source)) > built
	);
}

/** Whether esbuild (a dev dependency) is here: not after `npm prune --omit=dev`. */
export function canBuildServer() {
	return existsSync(join(ROOT, 'node_modules', 'esbuild', 'package.json'));
}

export async function buildServer() {
	const { build } = await import('esbuild');
	rmSync(OUT, { recursive: true, force: true });
	const result = await build({
		absWorkingDir: ROOT,
		entryPoints: Object.fromEntries(
			Object.entries(ENTRIES).map(([out, source]) => [out, join(ROOT, source)])
		),
		outdir: OUT,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// npm packages are loaded from node_modules; `#survey` (package.json "imports", a .ts file)
		// is ours and is bundled in, as esbuild resolves subpath imports itself.
		packages: 'external',
		// The root tsconfig extends .svelte-kit's, which may not exist yet; nothing in it changes
		// the output for the server.
		tsconfigRaw: {},
		sourcemap: true,
		metafile: true,
		logLevel: 'warning'
	});
	const external = new Set();
	for (const output of Object.values(result.metafile.outputs))
		for (const use of output.imports)
			if (use.external && !use.path.startsWith('node:')) external.add(use.path);
	return [...external].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const external = await buildServer();
	console.log(`Server compiled to dist/ (packages loaded at run time: ${external.join(', ')})`);
}

// Builds what is missing or older than its sources (npm start, the CLI tools and the benchmarks):
// the app (vite build + the staff-only list) and the compiled server in dist/ (scripts/build-server.js).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, canBuildServer, isServerStale } from './build-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_MARKER = join(ROOT, 'build/index.html');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'].map(
	(source) => join(ROOT, source)
);

/** @param {string} path @returns {number} */
function newestMtime(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(/** @type {number} */ newest, name) => Math.max(newest, newestMtime(join(path, name))),
		stat.mtimeMs
	);
}

export function isBuildStale() {
	if (!existsSync(BUILD_MARKER)) return true;
	const built = statSync(BUILD_MARKER).mtimeMs;
	return SOURCES.some((source) => existsSync(source) && newestMtime(source) > built);
}

/** @param {string} what @param {boolean} isMissing */
function cannotBuild(what, isMissing) {
	const why = `${what} is ${isMissing ? 'missing' : 'older than its sources'}, and the build tools (dev dependencies) are not installed.`;
	if (isMissing) {
		console.error(`${why} Run \`npm ci && npm run build\` first (docs/deploy.md).`);
		process.exit(1);
	}
	// After `npm prune --omit=dev` a deployment runs what `npm run build` made; say so loudly.
	console.warn(`Warning: ${why} Running the existing build; run \`npm run build\` to update it.`);
}

/**
 * Runs `vite build` and the post-build step when the app is stale, and compiles the server when
 * it is; exits the process if a build fails or something needed is missing and cannot be built.
 * @param {{ app?: boolean }} [options] app: false checks only the compiled server (the CLI tools).
 */
export async function buildIfStale({ app = true } = {}) {
	if (app && isBuildStale()) {
		if (!existsSync(join(ROOT, 'node_modules/vite/bin/vite.js')))
			cannotBuild('The built app (build/)', !existsSync(BUILD_MARKER));
		else {
			console.log('Building the app (first run or sources changed)…');
			for (const args of [
				['node_modules/vite/bin/vite.js', 'build'],
				['scripts/mark-staff-only-files.js'],
				['scripts/welcome-page-preloads.js']
			]) {
				const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
				if (result.status !== 0) process.exit(result.status ?? 1);
			}
		}
	}
	if (isServerStale()) {
		if (!canBuildServer())
			cannotBuild('The compiled server (dist/)', !existsSync(join(ROOT, 'dist/server/index.js')));
		else {
			console.log('Compiling the server (first run or sources changed)…');
			await buildServer();
		}
	}
}

// Builds the app when build/ is missing or older than its sources (npm start and the benchmarks).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_MARKER = 'build/index.html';
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

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

/** Runs `vite build` and the post-build step when needed; exits the process if the build fails. */
export function buildIfStale() {
	if (!isBuildStale()) return;
	console.log('Building the app (first run or sources changed)…');
	for (const args of [
		['node_modules/vite/bin/vite.js', 'build'],
		['scripts/mark-staff-only-files.js']
	]) {
		const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
		if (result.status !== 0) process.exit(result.status ?? 1);
	}
}

// npm start: build the app if it is missing or older than its sources, then run the server
// (which migrates the embedded database and serves the app and the API).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_MARKER = 'build/index.html';
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function isBuildStale() {
	if (!existsSync(BUILD_MARKER)) return true;
	const built = statSync(BUILD_MARKER).mtimeMs;
	return SOURCES.some((source) => existsSync(source) && newestMtime(source) > built);
}

if (isBuildStale()) {
	console.log('Building the app (first run or sources changed)…');
	for (const args of [['node_modules/vite/bin/vite.js', 'build'], ['scripts/mark-staff-only-files.js']]) {
		const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
		if (result.status !== 0) process.exit(result.status ?? 1);
	}
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

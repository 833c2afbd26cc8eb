// After `vite build`: lists the files only the staff dashboard uses, so the service worker leaves
// them out of the respondent's precache (a young person's phone never downloads the dashboard).
// Writes build/staff-only.js, which the service worker loads with importScripts().
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const isStaffNode = (key) =>
	key.includes('/nodes/') &&
	existsSync(key) &&
	readFileSync(key, 'utf8').includes('src/routes/dashboard');

/** Every file an entry needs: its chunk, CSS and assets, following imports (and dynamic ones if asked). */
function reachable(keys, followDynamic) {
	const files = new Set();
	const seen = new Set();
	const visit = (key) => {
		if (seen.has(key) || !manifest[key]) return;
		seen.add(key);
		const entry = manifest[key];
		files.add(entry.file);
		for (const file of [...(entry.css ?? []), ...(entry.assets ?? [])]) files.add(file);
		for (const next of entry.imports ?? []) visit(next);
		if (followDynamic) for (const next of entry.dynamicImports ?? []) visit(next);
	};
	keys.forEach(visit);
	return files;
}

const keys = Object.keys(manifest);
const staffNodes = keys.filter(isStaffNode);
const respondentRoots = keys.filter(
	(key) => manifest[key].isEntry && !staffNodes.includes(key) && key.includes('/nodes/')
);
const appEntry = keys.filter((key) => key.endsWith('client-optimized/app.js'));
const respondent = new Set([...reachable(respondentRoots, true), ...reachable(appEntry, false)]);
const staffOnly = [...reachable(staffNodes, true)]
	.filter((file) => !respondent.has(file))
	.map((file) => `/${file}`);

writeFileSync(
	join('build', 'staff-only.js'),
	`self.__STAFF_ONLY_FILES = ${JSON.stringify(staffOnly)};\n`
);
console.log(
	`Service worker: ${staffOnly.length} dashboard-only files left out of the respondent precache`
);

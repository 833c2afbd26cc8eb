// After `vite build`: the welcome page preloads the first question's code. SvelteKit preloads only
// the code of the page it renders, so Start waited for the question page's files (a round trip on
// a slow link, about 60 ms of the cold first question in bench/RESULTS.md) after the app had run.
// Adds <link rel="modulepreload"> for them to build/index.html and writes its .br/.gz copies again.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
const WELCOME = 'build/index.html';
const QUESTION_ROUTE = 'src/routes/survey/[code]/+page';

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const questionNode = Object.keys(manifest).find(
	(key) =>
		key.includes('/nodes/') && existsSync(key) && readFileSync(key, 'utf8').includes(QUESTION_ROUTE)
);
if (!questionNode) throw new Error(`no client node for ${QUESTION_ROUTE} in ${MANIFEST}`);

/** The node's file and every file it imports statically (what loading it fetches). */
const files = [];
const visit = (key) => {
	const entry = manifest[key];
	if (!entry || files.includes(entry.file)) return;
	files.push(entry.file);
	for (const next of entry.imports ?? []) visit(next);
};
visit(questionNode);

const html = readFileSync(WELCOME, 'utf8');
const preloads = [...html.matchAll(/<link href="([^"]+)" rel="modulepreload">/g)];
if (preloads.length === 0) throw new Error(`${WELCOME} has no modulepreload links to add to`);
const missing = files.filter((file) => !preloads.some(([, href]) => href.endsWith(`/${file}`)));
const last = preloads.at(-1);
const at = last.index + last[0].length;
const links = missing.map((file) => `\n\t\t<link href="./${file}" rel="modulepreload">`).join('');
const updated = html.slice(0, at) + links + html.slice(at);
writeFileSync(WELCOME, updated);
// The same compression as adapter-static's precompress (the server sends these by Accept-Encoding).
writeFileSync(
	`${WELCOME}.br`,
	brotliCompressSync(updated, {
		params: {
			[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
			[constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
			[constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(updated)
		}
	})
);
writeFileSync(`${WELCOME}.gz`, gzipSync(updated, { level: constants.Z_BEST_COMPRESSION }));
console.log(`Welcome page: preloads the first question's code (${missing.length} more files)`);

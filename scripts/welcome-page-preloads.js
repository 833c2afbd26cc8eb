// After `vite build`, two changes to the welcome page (build/index.html), the first screen on a slow
// phone (figures in bench/RESULTS.md; docs/architecture.md, "The first screen on a slow phone"):
// - it preloads the first question's code. SvelteKit preloads only the code of the page it
//   renders, so Start waited a round trip for the question page's files after the app had run;
// - its stylesheet is asked for before the scripts. A browser opens at most six connections to a
//   server (HTTP/1.1), and SvelteKit writes the stylesheet after seven or more script preloads, so
//   it waited for a free connection and the page was drawn about 150 ms later.
// The page's .br/.gz copies are written again.
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

const built = readFileSync(WELCOME, 'utf8');
const stylesheet = built.match(/\n\t*<link href="[^"]+\.css" rel="stylesheet">/);
if (!stylesheet) throw new Error(`${WELCOME} has no stylesheet link`);
const withoutStylesheet = built.replace(stylesheet[0], '');
const firstScript = withoutStylesheet.indexOf('<link href="./_app/immutable/entry/');
if (firstScript < 0) throw new Error(`${WELCOME} has no script preloads`);
const html =
	withoutStylesheet.slice(0, firstScript) +
	stylesheet[0].trimStart() +
	'\n\t\t' +
	withoutStylesheet.slice(firstScript);
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
console.log(
	`Welcome page: stylesheet first; preloads the first question's code (${missing.length} more files)`
);

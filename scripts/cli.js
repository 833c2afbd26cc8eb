// npm run import | user:create | backup | restore: runs the compiled tool in dist/scripts/ (made by
// `npm run build`, compiled again here first if its sources changed and the build tools are
// installed), so the tools work on a deployment pruned of dev dependencies.
//   node scripts/cli.js TOOL [ARGS…]   TOOL: import-baseline, user-create, backup, restore
import { buildIfStale } from './build-if-stale.js';
import { ENTRIES } from './build-server.js';

const tool = process.argv[2];
if (!tool || !(`scripts/${tool}` in ENTRIES)) {
	const tools = Object.keys(ENTRIES)
		.filter((entry) => entry.startsWith('scripts/'))
		.map((entry) => entry.slice('scripts/'.length));
	console.error(`Usage: node scripts/cli.js ${tools.join('|')} [ARGS…]`);
	process.exit(2);
}
await buildIfStale({ app: false });
// The tool reads its own arguments from process.argv.slice(2), as when run on its own.
process.argv.splice(2, 1);
process.setSourceMapsEnabled(true);
await import(new URL(`../dist/scripts/${tool}.js`, import.meta.url).href);

// npm start: build the app and compile the server if either is missing or older than its sources,
// then run the compiled server (which migrates the database and serves the app and the API).
// The server runs in this process, with no TypeScript tooling: `node dist/server/index.js` is
// what production runs, and there is no second process to pass signals on to.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { buildIfStale } from './build-if-stale.js';
import { SERVER_ENTRY } from './build-server.js';

// As under npm: relative settings (the default DATABASE_URL, file:data/…) are from the app folder,
// also when a process manager runs `node /path/to/scripts/start.js` from elsewhere.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
await buildIfStale();
// Stack traces name the TypeScript source lines (the bundle has a source map).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(resolve(SERVER_ENTRY)).href);

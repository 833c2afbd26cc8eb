// npm start: build the app if it is missing or older than its sources, then run the server
// (which migrates the embedded database and serves the app and the API).
import { spawn } from 'node:child_process';
import { buildIfStale } from './build-if-stale.js';

buildIfStale();

const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
	stdio: 'inherit'
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

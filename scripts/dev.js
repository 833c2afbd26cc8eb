// npm run dev: the API (restarting on change) and Vite's dev server, which proxies /api to it.
import { spawn } from 'node:child_process';

const apiPort = process.env.API_PORT ?? '8787';
const children = [
	spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/index.ts'], {
		stdio: 'inherit',
		env: { ...process.env, PORT: apiPort, STATIC_DIR: '' }
	}),
	spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'dev', '--host', '127.0.0.1'], {
		stdio: 'inherit',
		env: { ...process.env, API_PORT: apiPort }
	})
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
	child.on('exit', (code) => {
		stop();
		process.exitCode = code ?? 0;
	});

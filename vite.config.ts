import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const apiPort = process.env.API_PORT ?? '8787';

export default defineConfig({
	plugins: [sveltekit()],
	// In development the Hono API runs separately (npm run dev starts both); Vite proxies to it.
	server: { proxy: { '/api': `http://127.0.0.1:${apiPort}` } }
});

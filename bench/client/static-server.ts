// One static server for every site the client benchmark measures, so all get the same HTTP
// behaviour: gzip (level 6) for text, the same cache rules, and byte and request counters.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONTENT_TYPES } from '../../server/lib/static-files.js';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.xml', '.txt']);

interface StaticFile {
	body: Buffer;
	gzipped?: Buffer;
	type: string;
	etag: string;
	/** Content-hashed build output (…/immutable/…, Vite's assets/) may be cached for a year. */
	isImmutable: boolean;
}

export interface StaticSite {
	url: string;
	/** Bytes sent (headers excluded) and requests served since the last reset. */
	counters(): { bytes: number; requests: number };
	resetCounters(): void;
	close(): Promise<void>;
}

function loadFiles(root: string): Map<string, StaticFile> {
	const files = new Map<string, StaticFile>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else {
				const body = readFileSync(path);
				const extension = extname(name);
				const url = '/' + relative(root, path).split(sep).join('/');
				files.set(url, {
					body,
					gzipped: COMPRESSIBLE.has(extension) ? gzipSync(body, { level: 6 }) : undefined,
					type: CONTENT_TYPES[extension] ?? 'application/octet-stream',
					etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
					isImmutable: /\/(immutable|assets)\//.test(url)
				});
			}
		}
	};
	walk(root);
	return files;
}

/** Serves `root` on 127.0.0.1 like a static host: clean URLs, index.html, an app-shell fallback. */
export async function serveStatic(root: string): Promise<StaticSite> {
	if (!existsSync(root)) throw new Error(`nothing to serve: ${root} does not exist (build it first)`);
	const files = loadFiles(root);
	const fallback = files.get('/200.html') ?? files.get('/index.html');
	let bytes = 0;
	let requests = 0;
	const server: Server = createServer((request, response) => {
		requests += 1;
		const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
		const file = files.get(path) ?? files.get(`${path}.html`) ?? files.get(`${path.replace(/\/$/, '')}/index.html`) ?? (extname(path) ? undefined : fallback);
		if (!file) {
			response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
			return;
		}
		const headers: Record<string, string> = {
			'content-type': file.type,
			etag: file.etag,
			'cache-control': file.isImmutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			vary: 'accept-encoding'
		};
		if (path.endsWith('service-worker.js')) headers['service-worker-allowed'] = '/';
		if (request.headers['if-none-match'] === file.etag) {
			response.writeHead(304, headers).end();
			return;
		}
		const useGzip = file.gzipped !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
		const body = useGzip ? file.gzipped! : file.body;
		if (useGzip) headers['content-encoding'] = 'gzip';
		headers['content-length'] = String(body.length);
		bytes += body.length;
		response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		counters: () => ({ bytes, requests }),
		resetCounters: () => {
			bytes = 0;
			requests = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

// One static server for every site the client benchmark measures, so all get the same HTTP
// behaviour: brotli (quality 11) or gzip (level 9) for text, as adapter-static's precompress
// writes them for our build and as any static host can for the peers; the same cache rules; byte
// and request counters.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CONTENT_TYPES } from '../../server/lib/static-files.js';

const COMPRESSIBLE = new Set([
	'.html',
	'.js',
	'.mjs',
	'.css',
	'.json',
	'.webmanifest',
	'.svg',
	'.xml',
	'.txt'
]);

/** One script body sent to a page, as the link carried it. */
export interface ScriptSent {
	path: string;
	bytes: number;
	/** Date.now() when its last byte was written (loopback: when the browser had it). */
	sentAt: number;
}

interface StaticFile {
	body: Buffer;
	gzipped?: Buffer;
	brotli?: Buffer;
	type: string;
	etag: string;
	/** Content-hashed build output (…/immutable/…, Vite's assets/) may be cached for a year. */
	isImmutable: boolean;
}

/** The phone's link, emulated here so that every request shares it: the page's and the service worker's. */
export interface EmulatedLink {
	downloadBitsPerSecond: number;
	roundTripMs: number;
}

export interface StaticSite {
	url: string;
	/** Offline: every connection is dropped at once (and still counted as a request). */
	setOffline(isOffline: boolean): void;
	/** Bytes sent (headers excluded) and requests served since the last reset. */
	counters(): { bytes: number; requests: number };
	/** Scripts a page asked for (not its service worker's downloads) since the last reset. */
	scriptsSent(): ScriptSent[];
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
				const extension = extname(name);
				// The build's own compressed copies are not files of the site.
				if (extension === '.br' || extension === '.gz') continue;
				const body = readFileSync(path);
				const isText = COMPRESSIBLE.has(extension);
				const url = '/' + relative(root, path).split(sep).join('/');
				files.set(url, {
					body,
					gzipped: isText ? gzipSync(body, { level: 9 }) : undefined,
					brotli: isText
						? brotliCompressSync(body, {
								params: {
									[constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
									[constants.BROTLI_PARAM_SIZE_HINT]: body.length
								}
							})
						: undefined,
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHUNK_BYTES = 4096;

/**
 * Serves `root` on 127.0.0.1 like a static host: clean URLs, index.html, an app-shell fallback.
 * With a `link`, every answer waits one round trip and all bodies share one download rate, in
 * small chunks, as on a phone's connection. (Chromium's own network emulation applies only to the
 * page, not to its service worker, whose precache downloads would otherwise be free.)
 */
export async function serveStatic(root: string, link?: EmulatedLink): Promise<StaticSite> {
	if (!existsSync(root))
		throw new Error(`nothing to serve: ${root} does not exist (build it first)`);
	const files = loadFiles(root);
	const fallback = files.get('/200.html') ?? files.get('/index.html');
	let bytes = 0;
	let requests = 0;
	let scripts: ScriptSent[] = [];
	let isOffline = false;
	let linkFreeAt = 0;
	/** Waits until the shared link has carried `size` more bytes (first come, first served). */
	const waitForLink = async (bytesPerMs: number, size: number) => {
		const now = performance.now();
		linkFreeAt = Math.max(now, linkFreeAt) + size / bytesPerMs;
		await sleep(linkFreeAt - now);
	};
	const answer = async (
		response: ServerResponse,
		status: number,
		headers: Record<string, string>,
		body?: Buffer,
		onSent?: () => void
	) => {
		if (link) await sleep(link.roundTripMs);
		response.writeHead(status, headers);
		if (!link || !body) return void response.end(body, onSent);
		// Shaped: written chunk by chunk as the link allows.
		for (let offset = 0; offset < body.length; offset += CHUNK_BYTES) {
			const chunk = body.subarray(offset, offset + CHUNK_BYTES);
			await waitForLink(link.downloadBitsPerSecond / 8 / 1000, chunk.length);
			if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
		}
		response.end(onSent);
	};
	const server: Server = createServer((request, response) => {
		requests += 1;
		// BENCH_DEBUG=1: every request, to see what a visit asked for (e.g. a repeat visit's checks).
		if (process.env.BENCH_DEBUG)
			console.log(
				`request: ${request.method} ${request.url} ${request.headers['if-none-match'] ? '(conditional)' : ''}`
			);
		if (isOffline) {
			request.socket.destroy();
			return;
		}
		const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
		const file =
			files.get(path) ??
			files.get(`${path}.html`) ??
			files.get(`${path.replace(/\/$/, '')}/index.html`) ??
			(extname(path) ? undefined : fallback);
		if (!file) {
			void answer(response, 404, { 'content-type': 'text/plain' }, Buffer.from('Not found'));
			return;
		}
		const acceptEncoding = String(request.headers['accept-encoding'] ?? '');
		const encoding =
			file.brotli && /\bbr\b/.test(acceptEncoding)
				? 'br'
				: file.gzipped && /\bgzip\b/.test(acceptEncoding)
					? 'gzip'
					: undefined;
		// A strong ETag per variant: each is a different body.
		const etag = encoding ? file.etag.replace(/"$/, `-${encoding}"`) : file.etag;
		const headers: Record<string, string> = {
			'content-type': file.type,
			etag,
			'cache-control': file.isImmutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			vary: 'accept-encoding'
		};
		if (path.endsWith('service-worker.js')) headers['service-worker-allowed'] = '/';
		if (request.headers['if-none-match'] === etag) {
			void answer(response, 304, headers);
			return;
		}
		const body = encoding === 'br' ? file.brotli! : encoding === 'gzip' ? file.gzipped! : file.body;
		if (encoding) headers['content-encoding'] = encoding;
		headers['content-length'] = String(body.length);
		bytes += body.length;
		// Sec-Fetch-Dest "script": the page's own <script>/modulepreload (a service worker's fetch()
		// says "empty"), counted by what was sent, so a page left before its scripts finished (or one
		// that then got them from the cache) cannot hide them.
		const isPageScript =
			request.headers['sec-fetch-dest'] === 'script' && request.method !== 'HEAD';
		void answer(response, 200, headers, request.method === 'HEAD' ? undefined : body, () => {
			if (isPageScript) scripts.push({ path, bytes: body.length, sentAt: Date.now() });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		setOffline: (offline) => {
			isOffline = offline;
			if (offline) server.closeAllConnections();
		},
		counters: () => ({ bytes, requests }),
		scriptsSent: () => [...scripts],
		resetCounters: () => {
			bytes = 0;
			requests = 0;
			scripts = [];
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

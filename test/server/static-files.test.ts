import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptedEncodings } from '../../server/lib/static-files.js';
import { testApp } from './helpers.js';

const SCRIPT = 'export const answer = "forty-two, told at some length ".repeat(40);\n';
const PAGE = `<!doctype html><h1>welcome</h1>${'<p>anonymous and voluntary</p>'.repeat(40)}`;

/** A build folder as adapter-static writes it with precompress: each text file, .br and .gz. */
function builtFolder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-precompressed-'));
	mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
	const write = (path: string, text: string, isCompressed = true) => {
		writeFileSync(join(dir, path), text);
		if (!isCompressed) return;
		writeFileSync(join(dir, `${path}.br`), brotliCompressSync(text));
		writeFileSync(join(dir, `${path}.gz`), gzipSync(text));
	};
	write('index.html', PAGE);
	write('200.html', '<h1>shell</h1>');
	write('_app/immutable/entry/app.B1x2c3.js', SCRIPT);
	write('service-worker.js', SCRIPT);
	write('manifest.webmanifest', '{"name":"Be Supported"}');
	// Written after the build's compression step (scripts/mark-staff-only-files.js): no copies.
	write('staff-only.js', 'self.__STAFF_ONLY_FILES = [];\n', false);
	return dir;
}

const HASHED = '/_app/immutable/entry/app.B1x2c3.js';
const bytesOf = async (answer: Response) => Buffer.from(await answer.arrayBuffer());

describe('static files: precompressed variants by Accept-Encoding', () => {
	it('sends the brotli copy to Accept-Encoding: br, gzip to gzip, the file itself otherwise', async () => {
		const { app } = await testApp({ staticDir: builtFolder() });
		const br = await app.request(HASHED, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
		expect(br.status).toBe(200);
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(brotliDecompressSync(await bytesOf(br)).toString()).toBe(SCRIPT);
		expect(br.headers.get('content-type')).toContain('javascript');
		expect(br.headers.get('vary')).toMatch(/accept-encoding/i);

		const gzip = await app.request(HASHED, { headers: { 'accept-encoding': 'gzip' } });
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(await bytesOf(gzip)).toString()).toBe(SCRIPT);
		expect(gzip.headers.get('vary')).toMatch(/accept-encoding/i);

		const plain = await app.request(HASHED);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect((await bytesOf(plain)).toString()).toBe(SCRIPT);
		expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);

		// q=0 refuses a coding (RFC 9110 §12.5.3).
		const noBrotli = await app.request(HASHED, {
			headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' }
		});
		expect(noBrotli.headers.get('content-encoding')).toBe('gzip');
		const identity = await app.request(HASHED, { headers: { 'accept-encoding': 'identity' } });
		expect(identity.headers.get('content-encoding')).toBeNull();
	});

	it('serves pages (clean URLs and the app shell) precompressed too', async () => {
		const { app } = await testApp({ staticDir: builtFolder() });
		const page = await app.request('/', { headers: { 'accept-encoding': 'br' } });
		expect(page.headers.get('content-encoding')).toBe('br');
		expect(brotliDecompressSync(await bytesOf(page)).toString()).toBe(PAGE);
		const shell = await app.request('/dashboard', {
			headers: { accept: 'text/html', 'accept-encoding': 'br' }
		});
		expect(brotliDecompressSync(await bytesOf(shell)).toString()).toBe('<h1>shell</h1>');
		expect(shell.headers.get('cache-control')).toBe('private, no-store');
	});

	it('reads Accept-Encoding as RFC 9110 says', () => {
		expect([...acceptedEncodings('gzip, br')].sort()).toEqual(['br', 'gzip']);
		expect([...acceptedEncodings('br;q=0, gzip')]).toEqual(['gzip']);
		expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
		expect([...acceptedEncodings('*;q=0, gzip;q=0.1')]).toEqual(['gzip']);
		expect([...acceptedEncodings(undefined)]).toEqual([]);
		expect([...acceptedEncodings('identity')]).toEqual([]);
	});
});

describe('static files: validators and caching', () => {
	it('gives each variant its own strong ETag and answers a matching If-None-Match with 304', async () => {
		const { app } = await testApp({ staticDir: builtFolder() });
		const etags = new Map<string, string>();
		for (const coding of ['br', 'gzip', 'identity']) {
			const first = await app.request(HASHED, { headers: { 'accept-encoding': coding } });
			const etag = first.headers.get('etag')!;
			expect(etag, coding).toMatch(/^"[^"]+"$/);
			etags.set(coding, etag);
			const again = await app.request(HASHED, {
				headers: { 'accept-encoding': coding, 'if-none-match': etag }
			});
			expect(again.status, coding).toBe(304);
			expect((await bytesOf(again)).length).toBe(0);
			expect(again.headers.get('etag')).toBe(etag);
			expect(again.headers.get('cache-control')).toContain('immutable');
			expect(again.headers.get('vary')).toMatch(/accept-encoding/i);
		}
		expect(new Set(etags.values()).size).toBe(3);
		// A validator of another variant (or a changed file) is no match: the body is sent.
		const other = await app.request(HASHED, {
			headers: { 'accept-encoding': 'br', 'if-none-match': etags.get('gzip')! }
		});
		expect(other.status).toBe(200);
		expect(other.headers.get('content-encoding')).toBe('br');
		// Several tags, weak form and '*' (RFC 9110 §13.1.2).
		for (const header of [`"nope", ${etags.get('br')}`, `W/${etags.get('br')}`, '*']) {
			const answer = await app.request(HASHED, {
				headers: { 'accept-encoding': 'br', 'if-none-match': header }
			});
			expect(answer.status, header).toBe(304);
		}
	});

	it('revalidates pages with a 304 as well', async () => {
		const { app } = await testApp({ staticDir: builtFolder() });
		const first = await app.request('/', { headers: { 'accept-encoding': 'gzip' } });
		const again = await app.request('/', {
			headers: { 'accept-encoding': 'gzip', 'if-none-match': first.headers.get('etag')! }
		});
		expect(again.status).toBe(304);
	});

	it('caches only hashed files as immutable; pages, the service worker and the manifest are revalidated', async () => {
		const { app } = await testApp({ staticDir: builtFolder() });
		const cacheControl = async (path: string) =>
			(await app.request(path, { headers: { 'accept-encoding': 'br' } })).headers.get(
				'cache-control'
			);
		expect(await cacheControl(HASHED)).toBe('public, max-age=31536000, immutable');
		for (const path of ['/', '/index.html', '/service-worker.js', '/manifest.webmanifest'])
			expect(await cacheControl(path), path).toBe('no-cache');
		// A file with no compressed copy is still served, with its own ETag.
		const staff = await app.request('/staff-only.js', { headers: { 'accept-encoding': 'br' } });
		expect(staff.status).toBe(200);
		expect(staff.headers.get('content-encoding')).toBeNull();
		expect(staff.headers.get('etag')).toMatch(/^"/);
		expect(staff.headers.get('cache-control')).toBe('no-cache');
	});

	it('HEAD sends the headers of the variant and no body', async () => {
		const { app } = await testApp({ staticDir: builtFolder() });
		const head = await app.request(HASHED, {
			method: 'HEAD',
			headers: { 'accept-encoding': 'br' }
		});
		expect(head.status).toBe(200);
		expect(head.headers.get('content-encoding')).toBe('br');
		expect((await bytesOf(head)).length).toBe(0);
	});
});

// The real build (npm run build): adapter-static's precompress wrote .br and .gz beside the files.
const BUILD = 'build';
describe.runIf(existsSync(join(BUILD, 'index.html')))('static files: the real build', () => {
	it('has brotli and gzip copies of every hashed script and serves them', async () => {
		const dir = join(BUILD, '_app/immutable/entry');
		const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));
		expect(scripts.length).toBeGreaterThan(0);
		for (const name of scripts) {
			expect(existsSync(join(dir, `${name}.br`)), name).toBe(true);
			expect(existsSync(join(dir, `${name}.gz`)), name).toBe(true);
		}
		const { app } = await testApp({ staticDir: BUILD });
		const path = `/_app/immutable/entry/${scripts[0]}`;
		const br = await app.request(path, { headers: { 'accept-encoding': 'br, gzip' } });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const page = await app.request('/', { headers: { 'accept-encoding': 'br' } });
		expect(page.headers.get('content-encoding')).toBe('br');
		expect(page.headers.get('cache-control')).toBe('no-cache');
		const again = await app.request('/', {
			headers: { 'accept-encoding': 'br', 'if-none-match': page.headers.get('etag')! }
		});
		expect(again.status).toBe(304);
	});
});

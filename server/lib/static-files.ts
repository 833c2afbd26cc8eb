import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

/** Content types of the files a built web app holds (also used by the benchmark's static server). */
export const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.ttf': 'font/ttf',
	'.xml': 'application/xml; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8'
};

async function isFile(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}

/** One stored form of a file: its bytes and a strong validator of exactly those bytes. */
interface Variant {
	body: Buffer;
	etag: string;
}

/**
 * The precompressed files the build writes beside each text file (adapter-static `precompress`:
 * `x.js.br`, `x.js.gz`), in the order we prefer them: brotli is the smaller of the two.
 */
const ENCODINGS = [
	{ name: 'br', suffix: '.br' },
	{ name: 'gzip', suffix: '.gz' }
] as const;
type Encoding = (typeof ENCODINGS)[number]['name'];

/**
 * The content codings a request accepts, by `Accept-Encoding` (RFC 9110 §12.5.3): a coding is
 * acceptable when it is listed (or `*` is) with a q above 0. No header: identity only.
 */
export function acceptedEncodings(header: string | undefined): Set<Encoding> {
	const accepted = new Set<Encoding>();
	if (!header) return accepted;
	const weights = new Map<string, number>();
	for (const part of header.split(',')) {
		const [name, ...parameters] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
		weights.set(name, q ? Number(q.slice(2)) : 1);
	}
	for (const { name } of ENCODINGS) {
		const weight = weights.get(name) ?? weights.get('*') ?? 0;
		if (weight > 0) accepted.add(name);
	}
	return accepted;
}

/**
 * If-None-Match against a representation's ETag (RFC 9110 §13.1.2: weak comparison, `*` matches
 * any), so a browser that holds this exact variant gets 304 and no body.
 */
function matchesETag(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Serves the prerendered app like a static host: /survey/x → survey/x.html, / → index.html, and
 * any other page → 200.html (the app shell). Each file is served as the build's brotli or gzip
 * copy when the request accepts it (identity otherwise), with `Vary: Accept-Encoding`, a strong
 * ETag per variant and 304 on a matching If-None-Match. Hashed files (`/_app/immutable/`) are
 * cached for a year; pages, the service worker and the manifest are revalidated every time, so a
 * new version is seen at once and an unchanged one costs a 304.
 */
export function staticFiles(root: string): MiddlewareHandler {
	const base = resolve(root);
	// The built app does not change while the server runs: each file (and each compressed copy) is
	// read and hashed once, then served from memory, so pages never wait for the thread pool (which
	// password hashing also uses). null: a built file has no such compressed copy (remembered, as
	// there are at most two per file; a missing page is not, so probing addresses grows nothing).
	const variants = new Map<string, Variant | null>();
	const variantOf = async (path: string, isCopy = false): Promise<Variant | null> => {
		if (variants.has(path)) return variants.get(path)!;
		if (!(await isFile(path))) {
			if (isCopy) variants.set(path, null);
			return null;
		}
		const body = await readFile(path);
		const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
		const variant = { body, etag: `"${hash}"` };
		variants.set(path, variant);
		return variant;
	};
	return async (context, next) => {
		const method = context.req.method;
		if ((method !== 'GET' && method !== 'HEAD') || context.req.path.startsWith('/api/'))
			return next();
		let pathname: string;
		try {
			pathname = decodeURIComponent(new URL(context.req.url).pathname);
		} catch {
			// A malformed escape such as /%E0%A4%A: the client's mistake, not a server error (issue 12 item 9).
			return context.text('Bad request: the address is not valid', 400);
		}
		const relative = normalize(pathname).replace(/^([/\\])+/, '');
		const candidates = pathname.endsWith('/')
			? [join(relative, 'index.html')]
			: [relative, `${relative}.html`, join(relative, 'index.html')];
		if (relative === '') candidates.unshift('index.html');
		let found: string | undefined;
		let identity: Variant | null = null;
		for (const candidate of candidates) {
			const full = resolve(base, candidate);
			// Never outside the build folder (e.g. /../../etc/passwd).
			if (full !== base && !full.startsWith(base + sep)) return context.notFound();
			identity = await variantOf(full);
			if (identity) {
				found = full;
				break;
			}
		}
		const accept = context.req.header('accept') ?? '';
		if (!found && extname(relative) === '' && accept.includes('text/html')) {
			found = join(base, '200.html');
			identity = await variantOf(found);
		}
		if (!found || !identity) return next();

		const accepted = acceptedEncodings(context.req.header('accept-encoding'));
		let encoding: Encoding | undefined;
		let variant = identity;
		for (const { name, suffix } of ENCODINGS) {
			if (!accepted.has(name)) continue;
			const compressed = await variantOf(found + suffix, true);
			if (compressed) {
				encoding = name;
				variant = compressed;
				break;
			}
		}

		const isImmutable = pathname.startsWith('/_app/immutable/');
		// The dashboard is staff-only: its pages are never stored by a shared or browser cache.
		const isDashboard = pathname === '/dashboard' || pathname.startsWith('/dashboard/');
		context.header(
			'Cache-Control',
			isImmutable
				? 'public, max-age=31536000, immutable'
				: isDashboard
					? 'private, no-store'
					: 'no-cache'
		);
		// Caches must key on Accept-Encoding: the same address has up to three bodies.
		context.header('Vary', 'Accept-Encoding');
		context.header('ETag', variant.etag);
		if (matchesETag(context.req.header('if-none-match'), variant.etag))
			return context.body(null, 304);
		context.header('Content-Type', CONTENT_TYPES[extname(found)] ?? 'application/octet-stream');
		if (encoding) context.header('Content-Encoding', encoding);
		context.header('Content-Length', String(variant.body.length));
		return method === 'HEAD' ? context.body(null) : context.body(new Uint8Array(variant.body));
	};
}

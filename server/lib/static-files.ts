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

/**
 * Serves the prerendered app like a static host: /survey/x → survey/x.html, / → index.html, and
 * any other page → 200.html (the app shell). Hashed files are cached for a year; pages, the
 * service worker and the manifest are revalidated every time so a new version is seen.
 */
export function staticFiles(root: string): MiddlewareHandler {
	const base = resolve(root);
	const cache = new Map<string, Buffer>();
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
		for (const candidate of candidates) {
			const full = resolve(base, candidate);
			// Never outside the build folder (e.g. /../../etc/passwd).
			if (full !== base && !full.startsWith(base + sep)) return context.notFound();
			if (cache.has(full) || (await isFile(full))) {
				found = full;
				break;
			}
		}
		const accept = context.req.header('accept') ?? '';
		if (!found && extname(relative) === '' && accept.includes('text/html'))
			found = join(base, '200.html');
		if (!found || !(cache.has(found) || (await isFile(found)))) return next();
		// The built app does not change while the server runs: each file is read once and then served
		// from memory, so pages never wait for the thread pool (which password hashing also uses).
		let body = cache.get(found);
		if (!body) cache.set(found, (body = await readFile(found)));
		const isImmutable = pathname.startsWith('/_app/immutable/');
		context.header('Content-Type', CONTENT_TYPES[extname(found)] ?? 'application/octet-stream');
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
		return method === 'HEAD' ? context.body(null) : context.body(new Uint8Array(body));
	};
}

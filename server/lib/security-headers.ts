import type { MiddlewareHandler } from 'hono';

/**
 * Security headers on every response. HTML pages carry SvelteKit's hash-based CSP in a <meta>
 * tag; a second, header policy would be intersected with it, so the header for pages only adds
 * what a <meta> policy cannot express (frame-ancestors) and never restricts script-src.
 */
export function securityHeaders(): MiddlewareHandler {
	return async (context, next) => {
		await next();
		const headers = context.res.headers;
		headers.set('X-Content-Type-Options', 'nosniff');
		headers.set('Referrer-Policy', 'no-referrer');
		headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
		headers.set('X-Frame-Options', 'DENY');
		headers.set('Cross-Origin-Opener-Policy', 'same-origin');
		headers.set('Cross-Origin-Resource-Policy', 'same-origin');
		headers.set('Permissions-Policy', 'geolocation=(), camera=(), microphone=(), payment=(), usb=()');
		const isApi = new URL(context.req.url).pathname.startsWith('/api/');
		headers.set(
			'Content-Security-Policy',
			isApi ? "default-src 'none'; frame-ancestors 'none'" : "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
		);
	};
}

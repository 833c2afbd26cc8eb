import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

/** The headers every response carries (OWASP ASVS 3.4; reliability-anchors G3). */
const COMMON: SecureHeadersOptions = {
	strictTransportSecurity: 'max-age=31536000; includeSubDomains',
	xContentTypeOptions: 'nosniff',
	referrerPolicy: 'no-referrer',
	xFrameOptions: 'DENY',
	crossOriginOpenerPolicy: 'same-origin',
	crossOriginResourcePolicy: 'same-origin',
	permissionsPolicy: { geolocation: [], camera: [], microphone: [], payment: [], usb: [] }
};

/** The API returns JSON and CSV only: nothing may load or frame it. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/**
 * HTML pages carry SvelteKit's hash-based CSP in a <meta> tag (script-src 'self' 'sha256-…'). A
 * second, header policy is intersected with it, so the header for pages only adds what a <meta>
 * policy cannot express (frame-ancestors) or what must hold everywhere, and never sets script-src
 * or default-src (which would take away the pages' own script hashes).
 */
const PAGE_CSP = { objectSrc: ["'none'"], baseUri: ["'self'"], frameAncestors: ["'none'"] };

/** Hono's secureHeaders with the API's policy under /api/ and the pages' policy elsewhere. */
export function securityHeaders(): MiddlewareHandler {
	const api = secureHeaders({ ...COMMON, contentSecurityPolicy: API_CSP });
	const pages = secureHeaders({ ...COMMON, contentSecurityPolicy: PAGE_CSP });
	return (context, next) => (context.req.path.startsWith('/api/') ? api : pages)(context, next);
}

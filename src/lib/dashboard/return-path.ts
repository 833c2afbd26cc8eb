/** The staff sign-in page, and where it sends a person back to afterwards. */
export const LOGIN_PATH = '/dashboard/login';

const BASE = 'https://same-origin.invalid';

/**
 * The path to return to after signing in, if it is safe: a path on this site only. Anything else
 * (an absolute or protocol-relative URL such as `//evil.example`, a backslash that browsers read as
 * a slash, control characters, the sign-in page itself) gives the fallback, so the sign-in page
 * cannot be used to send someone elsewhere (OWASP "Unvalidated Redirects and Forwards").
 */
export function safeReturnPath(next: string | null | undefined, fallback = '/dashboard'): string {
	if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return fallback;
	// eslint-disable-next-line no-control-regex -- control characters are what is refused here
	if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE || url.pathname === LOGIN_PATH) return fallback;
	return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, returning to this path afterwards. */
export function loginHref(returnTo: string): string {
	const path = safeReturnPath(returnTo, '');
	return path === '' || path === '/dashboard'
		? LOGIN_PATH
		: `${LOGIN_PATH}?${new URLSearchParams({ next: path })}`;
}

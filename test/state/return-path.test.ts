import { describe, expect, it } from 'vitest';
import { loginHref, safeReturnPath } from '../../src/lib/dashboard/return-path.js';

/** Issue 14 item 10: signing in from /rep returns to /rep, and never to another site. */

describe('the return path after signing in', () => {
	it.each([
		['/rep', '/rep'],
		['/dashboard/import', '/dashboard/import'],
		['/dashboard/free-text?wave=2019#results', '/dashboard/free-text?wave=2019#results']
	])('keeps a path on this site: %s', (next, expected) => {
		expect(safeReturnPath(next)).toBe(expected);
	});

	it.each([
		['//evil.example', '//evil.example'],
		['//evil.example/rep', '//evil.example/rep'],
		['an absolute URL', 'https://evil.example/rep'],
		['a javascript: URL', 'javascript:alert(1)'],
		['a backslash browsers read as a slash', '/\\evil.example'],
		['a tab inside the scheme-relative form', '/\t/evil.example'],
		['a relative path', 'rep'],
		['the sign-in page itself', '/dashboard/login'],
		['nothing', null],
		['empty', '']
	])('refuses %s, going to the dashboard instead', (_, next) => {
		expect(safeReturnPath(next)).toBe('/dashboard');
	});

	it('the sign-in link carries the page to return to', () => {
		expect(loginHref('/rep')).toBe('/dashboard/login?next=%2Frep');
		expect(loginHref('/dashboard')).toBe('/dashboard/login');
		expect(loginHref('//evil.example')).toBe('/dashboard/login');
	});
});

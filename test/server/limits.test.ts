import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AuthService } from '../../server/auth/auth.service.js';
import {
	IMPORT_BODY_BYTES,
	PUBLIC_BODY_BYTES,
	STAFF_BODY_BYTES
} from '../../server/lib/json-body.js';
import { MAX_BODY_BYTES } from '../../server/routes/responses.routes.js';
import { testApp } from './helpers.js';

/** Issue 12 items 1, 2 and the malformed-URL part of 9: body limits, cache headers, bad addresses. */

const CHEAP = { N: 1024, r: 8, p: 1 };

/** The routes the app really serves (Hono's app.routes), as in the role matrix. */
function routesOf(
	app: Awaited<ReturnType<typeof testApp>>['app']
): { method: string; path: string }[] {
	const seen = new Set<string>();
	return app.routes
		.filter((route) => route.method !== 'ALL')
		.filter(
			(route) =>
				!seen.has(`${route.method} ${route.path}`) &&
				Boolean(seen.add(`${route.method} ${route.path}`))
		)
		.map(({ method, path }) => ({ method, path }));
}

const fill = (path: string) => path.replace(':id', 'base').replace(':code', 'ABCDEF');
const PUBLIC_READERS = [
	'POST /api/v1/sessions/join',
	'POST /api/v1/auth/login',
	'POST /api/v1/auth/logout'
];

/** The most each route that reads a body may be sent. */
function limitFor(route: string): number {
	if (route === 'POST /api/v1/responses') return MAX_BODY_BYTES;
	if (/\/import(\/preview)?$/.test(route)) return IMPORT_BODY_BYTES;
	if (PUBLIC_READERS.includes(route)) return PUBLIC_BODY_BYTES;
	return STAFF_BODY_BYTES;
}

describe('body limits on every route that reads a body', () => {
	it('every POST, PUT and PATCH route answers 413 in the error shape one byte over its limit; public ones are at most 16 KB', async () => {
		const { app } = await testApp();
		const writers = routesOf(app).filter((route) =>
			['POST', 'PUT', 'PATCH'].includes(route.method)
		);
		expect(writers.length).toBeGreaterThan(8);
		for (const { method, path } of writers) {
			const route = `${method} ${path}`;
			const limit = limitFor(route);
			if (PUBLIC_READERS.includes(route)) expect(limit, route).toBeLessThanOrEqual(16 * 1024);
			const body = `{"x":"${'a'.repeat(limit - 7)}"}`;
			expect(body.length).toBe(limit + 1);
			const answer = await app.request(fill(path), {
				method,
				headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
				body
			});
			expect(answer.status, route).toBe(413);
			const error = ((await answer.json()) as { error: { code: string; message: string } }).error;
			expect(error.code, route).toBe('payload_too_large');
			expect(error.message, route).toMatch(/larger than/);
		}
	});

	it('the session join refuses a large body sent without a Content-Length (as it streams)', async () => {
		const { app } = await testApp();
		const chunk = new TextEncoder().encode('a'.repeat(8 * 1024));
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent++ < 1000) controller.enqueue(chunk);
				else controller.close();
			}
		});
		const answer = await app.request('/api/v1/sessions/join', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			duplex: 'half'
		} as RequestInit);
		expect(answer.status).toBe(413);
		// It stopped reading soon after the limit, not after the 8 MB.
		expect(sent).toBeLessThan(10);
	});
});

describe('Cache-Control on staff answers', () => {
	it('every staff API route says no-store, signed in or not', async () => {
		const { app, database } = await testApp();
		await new AuthService(database, undefined, CHEAP).createUser(
			'admin@example.org',
			'a-long-admin-password',
			'admin'
		);
		const login = await app.request('/api/v1/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'admin@example.org', password: 'a-long-admin-password' })
		});
		expect(login.headers.get('cache-control')).toBe('no-store');
		const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
		const isPublic = (path: string) =>
			[
				'/api/v1/health',
				'/api/v1/questionnaire',
				'/api/v1/responses',
				'/api/v1/you-said',
				'/api/v1/sessions/join'
			].includes(path);
		const staffRoutes = routesOf(app).filter((route) => !isPublic(route.path));
		expect(staffRoutes.length).toBeGreaterThan(12);
		for (const { method, path } of staffRoutes) {
			for (const headers of [{ cookie }, {}] as Record<string, string>[]) {
				const answer = await app.request(`${fill(path)}?wave=2026-27`, {
					method,
					headers: {
						...headers,
						...(method === 'GET' ? {} : { 'content-type': 'application/json' })
					},
					body: method === 'GET' ? undefined : '{}'
				});
				expect(answer.headers.get('cache-control'), `${method} ${path} (${answer.status})`).toBe(
					'no-store'
				);
			}
		}
	});

	it('dashboard pages are private, no-store; survey pages are revalidated', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-cache-'));
		writeFileSync(join(dir, 'index.html'), '<h1>welcome</h1>');
		writeFileSync(join(dir, 'dashboard.html'), '<h1>dashboard</h1>');
		mkdirSync(join(dir, 'dashboard'));
		writeFileSync(join(dir, 'dashboard', 'sessions.html'), '<h1>sessions</h1>');
		const { app } = await testApp({ staticDir: dir });
		for (const path of ['/dashboard', '/dashboard/sessions']) {
			const answer = await app.request(path);
			expect(answer.status, path).toBe(200);
			expect(answer.headers.get('cache-control'), path).toBe('private, no-store');
		}
		expect((await app.request('/')).headers.get('cache-control')).toBe('no-cache');
	});
});

describe('malformed addresses', () => {
	it('GET /%E0%A4%A answers 400 with nothing in the error log', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'be-supported-url-'));
		writeFileSync(join(dir, 'index.html'), '<h1>welcome</h1>');
		const { app } = await testApp({ staticDir: dir });
		const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			for (const path of ['/%E0%A4%A', '/survey/%E0%A4%A', '/api/v1/%E0%A4%A']) {
				const answer = await app.request(path, { headers: { accept: 'text/html' } });
				expect(answer.status, path).toBeLessThan(500);
				expect(answer.status, path).toBeGreaterThanOrEqual(400);
			}
			expect((await app.request('/%E0%A4%A')).status).toBe(400);
			expect(logged).not.toHaveBeenCalled();
		} finally {
			logged.mockRestore();
		}
	});
});

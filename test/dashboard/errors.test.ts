import { describe, expect, it, vi } from 'vitest';
import { ApiFailure, createApi } from '../../src/lib/dashboard/api.js';
import {
	describeFailure,
	FORBIDDEN_MESSAGE,
	NETWORK_MESSAGE,
	SIGNED_OUT_MESSAGE,
	UNEXPECTED_MESSAGE
} from '../../src/lib/dashboard/errors.js';
import { signedInAs, testApp } from '../server/helpers.js';

/**
 * The dashboard's one error handler (issue 15), fed with what the real API client throws against
 * the real app (libSQL :memory:): the hono/client calls and the server's refusals are not faked.
 */
async function apiAs(role: 'admin' | 'analyst' | 'rep' | null) {
	const { app, database } = await testApp();
	const cookie = role ? await signedInAs(app, database, role) : null;
	const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
		const headers = new Headers(init?.headers);
		if (cookie) headers.set('cookie', cookie);
		return app.request(String(input), { ...init, headers });
	}) as typeof fetch;
	return createApi(fetcher);
}

const caught = async (request: Promise<unknown>) =>
	request.then(
		() => null,
		(error) => error
	);

describe('the dashboard error handler', { timeout: 30_000 }, () => {
	it('signed out: says so and sends the person to sign in, coming back to the same page', async () => {
		const api = await apiAs(null);
		const failure = await caught(api.waves());
		expect(failure).toBeInstanceOf(ApiFailure);
		expect(describeFailure(failure, '/dashboard/import?x=1')).toEqual({
			message: SIGNED_OUT_MESSAGE,
			fields: {},
			redirect: '/dashboard/login?next=%2Fdashboard%2Fimport%3Fx%3D1'
		});
	});

	it('a wrong password is the server’s own words, not a trip back to the sign-in page', async () => {
		const api = await apiAs(null);
		const failure = await caught(api.login('nobody@example.org', 'not-the-password'));
		expect(describeFailure(failure, '/dashboard/login')).toEqual({
			message: 'Email or password is not right',
			fields: {},
			redirect: null
		});
	});

	it('a role without access: "you do not have access"', async () => {
		const api = await apiAs('rep');
		const failure = await caught(api.benchmark('2026-27', [], null));
		expect((failure as ApiFailure).status).toBe(403);
		expect(describeFailure(failure, '/dashboard')).toEqual({
			message: FORBIDDEN_MESSAGE,
			fields: {},
			redirect: null
		});
	});

	it('a refused form: the server’s message and each field’s own words', async () => {
		const api = await apiAs('analyst');
		const failure = await caught(
			api.createWave({ id: 'Not An Id', name: '', opensAt: '2026-02-30', closesAt: null })
		);
		const shown = describeFailure(failure, '/dashboard/import');
		expect(shown.message).toBe('The wave is not valid');
		expect(shown.redirect).toBeNull();
		expect(Object.keys(shown.fields).sort()).toEqual(['id', 'name', 'opensAt']);
		expect(shown.fields.opensAt).toContain('must be a real date');
	});

	it('no connection: asks to check it and try again', async () => {
		const offline = createApi((async () => {
			throw new TypeError('Failed to fetch');
		}) as typeof fetch);
		const failure = await caught(offline.me());
		expect(describeFailure(failure, '/dashboard')).toEqual({
			message: NETWORK_MESSAGE,
			fields: {},
			redirect: null
		});
	});

	it('a bug in the page (not a refusal) says so plainly and keeps the detail for the console', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
		expect(describeFailure(bug, '/dashboard').message).toBe(UNEXPECTED_MESSAGE);
		expect(log).toHaveBeenCalledWith(bug);
		log.mockRestore();
	});
});

describe('the API client over hono/client', { timeout: 30_000 }, () => {
	it('sends typed requests the server accepts, with ids in the path encoded', async () => {
		const api = await apiAs('analyst');
		const { waves } = await api.waves();
		const wave = waves.find((entry) => entry.isCurrent)!;
		// A new wave's count is published as the disclosure module says: not a number under 10.
		expect(wave.responses).toEqual({ status: 'suppressed', label: 'fewer than 10' });
		const { theme } = await api.createTheme(wave.id, 'Youth clubs', 'More places to go');
		expect((await api.updateTheme(theme.id, { name: 'Places to go' })).theme.name).toBe(
			'Places to go'
		);
		expect((await api.themes(wave.id)).themes.map((entry) => entry.name)).toEqual(['Places to go']);
		expect(await api.deleteTheme(theme.id)).toEqual({ deleted: theme.id });
		// An id that needs encoding reaches the server as one path segment.
		const failure = await caught(api.setCurrentWave('no/such wave'));
		expect((failure as ApiFailure).status).toBe(404);
		expect((failure as ApiFailure).message).toBe('There is no wave "no/such wave"');
	});
});

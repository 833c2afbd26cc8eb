import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
// Type-only: the server's own routes type every request and answer; no server code is bundled.
import type { AppType } from '../../../server/app.js';
import type { IngestResult } from '../../../server/services/responses.service.js';

/**
 * The staff API as the dashboard uses it: hono/client typed by the server's AppType, same-origin
 * with the session cookie. Every refusal becomes an ApiFailure carrying the server's
 * `{ error: { code, message, details } }`; what a person then sees is decided by ./errors.ts.
 */
export class ApiFailure extends Error {
	constructor(
		/** The HTTP status; 0 when the server could not be reached at all. */
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

/** The answer body of a request's successful (2xx) responses. */
type Ok<R> =
	R extends ClientResponse<infer Body, infer Status, 'json'>
		? [Extract<Status, SuccessStatusCode>] extends [never]
			? never
			: Body
		: never;

async function call<R extends ClientResponse<unknown, number, string>>(
	request: () => Promise<R>
): Promise<Ok<R>> {
	let answer: R;
	try {
		answer = await request();
	} catch {
		// fetch itself failed: offline, DNS, the server down or the connection cut.
		throw new ApiFailure(0, 'network', 'The server could not be reached');
	}
	const body = (await answer.json().catch(() => ({}))) as {
		error?: { code: string; message: string; details?: unknown };
	};
	if (!answer.ok)
		throw new ApiFailure(
			answer.status,
			body.error?.code ?? 'error',
			body.error?.message ?? `Request failed (${answer.status})`,
			body.error?.details
		);
	return body as Ok<R>;
}

/** Writes with nothing to say still send JSON: the server's CSRF guard refuses any other write. */
const EMPTY_BODY = { headers: { 'content-type': 'application/json' }, init: { body: '{}' } };

/** hono/client puts path parameters in as given; ids are encoded here. */
const param = (id: string | number) => encodeURIComponent(String(id));

/** The API over a given fetch (tests pass the real app's `app.request`); pages use `api`. */
export function createApi(fetcher: typeof fetch = (input, init) => fetch(input, init)) {
	const v1 = hc<AppType>('/', { fetch: fetcher, init: { credentials: 'same-origin' } }).api.v1;
	const themes = v1['free-text'].themes;
	return {
		me: () => call(() => v1.auth.me.$get()),
		/** Either a session ({ user }) or, for an account with a second factor, the code step. */
		login: (email: string, password: string) =>
			call(() => v1.auth.login.$post({ json: { email, password } })),
		loginCode: (challenge: string, code: string) =>
			call(() => v1.auth.login.code.$post({ json: { challenge, code } })),
		changePassword: (currentPassword: string, newPassword: string) =>
			call(() => v1.auth.password.$post({ json: { currentPassword, newPassword } })),
		startMfa: () => call(() => v1.auth.mfa.enrol.$post(undefined, EMPTY_BODY)),
		confirmMfa: (code: string) => call(() => v1.auth.mfa.confirm.$post({ json: { code } })),
		logout: () => call(() => v1.auth.logout.$post(undefined, EMPTY_BODY)),
		waves: () => call(() => v1.waves.$get()),
		setCurrentWave: (id: string) =>
			call(() => v1.waves[':id'].current.$put({ param: { id: param(id) } }, EMPTY_BODY)),
		createWave: (wave: WaveInput) => call(() => v1.waves.$post({ json: wave })),
		benchmark: (wave: string, compare: string[], by: string | null, filters: ReportFilter[] = []) =>
			call(() => v1.benchmark.$get({ query: benchmarkParameters(wave, compare, by, filters) })),
		/** Wording for every code a report holds (staff only). */
		labels: () => call(() => v1.labels.$get()),
		sessions: () => call(() => v1.sessions.$get()),
		createSession: (session: SessionInput) => call(() => v1.sessions.$post({ json: session })),
		sessionResults: (code: string) =>
			call(() => v1.sessions[':code'].results.$get({ param: { code: param(code) } })),
		closeSession: (code: string) =>
			call(() => v1.sessions[':code'].close.$post({ param: { code: param(code) } }, EMPTY_BODY)),
		live: (wave: string) => call(() => v1.live.$get({ query: { wave } })),
		freeText: (wave: string, q: string, theme: number | null = null) =>
			call(() =>
				v1['free-text'].$get({
					query: { wave, q, ...(theme === null ? {} : { theme: String(theme) }) }
				})
			),
		previewImport: (wave: string, format: ImportFormat, csv: string) =>
			call(() =>
				v1.waves[':id'].import.preview.$post({ param: { id: param(wave) }, json: { format, csv } })
			),
		runImport: (
			wave: string,
			format: ImportFormat,
			csv: string,
			replace: boolean,
			fileName: string
		) =>
			call(() =>
				v1.waves[':id'].import.$post({
					param: { id: param(wave) },
					json: { format, csv, replace, fileName }
				})
			),
		youSaidPreview: (wave: string, compare: string | null) =>
			call(() => v1['you-said'].preview.$get({ query: { wave, ...(compare ? { compare } : {}) } })),
		youSaidPublished: () => call(() => v1['you-said'].published.$get()),
		saveWeDid: (snapshot: number, actions: Record<string, WeDidInput>) =>
			call(() => v1['you-said'].actions.$put({ json: { snapshot, actions } })),
		publishYouSaid: (wave: string, compare: string | null) =>
			call(() => v1['you-said'].publish.$post({ json: { wave, compare } })),
		themes: (wave: string) => call(() => themes.$get({ query: { wave } })),
		createTheme: (wave: string, name: string, description: string) =>
			call(() => themes.$post({ json: { wave, name, description } })),
		updateTheme: (id: number, change: { name?: string; description?: string }) =>
			call(() => themes[':id'].$patch({ param: { id: param(id) }, json: change })),
		deleteTheme: (id: number) =>
			call(() => themes[':id'].$delete({ param: { id: param(id) } }, EMPTY_BODY)),
		tagAnswer: (id: string, themeIds: number[]) =>
			call(() =>
				v1['free-text'].answers[':id'].themes.$put({
					param: { id: param(id) },
					json: { themes: themeIds }
				})
			),
		/**
		 * A tablet's unsent responses, posted like a device's outbox (the public responses API). That
		 * route reads its own body and answers refusals by returning them, so hono/client cannot
		 * infer its answer: the service's own type stands in.
		 */
		sendResponses: (responses: unknown[]): Promise<IngestResult> =>
			call(() =>
				v1.responses.$post(undefined, {
					...EMPTY_BODY,
					init: { body: JSON.stringify({ responses }) }
				})
			) as Promise<unknown> as Promise<IngestResult>
	};
}

export const api = createApi();

/*
 * Every type below is the server's, as hono/client reads it from AppType (the JSON a route
 * sends), so a change on the server is a type error here rather than a surprise on a page.
 */
type V1 = ReturnType<typeof hc<AppType>>['api']['v1'];
type Answer<Endpoint> = InferResponseType<Endpoint, SuccessStatusCode>;

export type StaffUser = Answer<V1['auth']['me']['$get']>['user'];
export type WaveSummary = Answer<V1['waves']['$get']>['waves'][number];
export type WaveProvenance = NonNullable<WaveSummary['provenance']>;
export type WaveInput = Parameters<V1['waves']['$post']>[0]['json'];
export type BenchmarkReport = Answer<V1['benchmark']['$get']>;
export type AgreeItemReport = BenchmarkReport['agreeItems'][number];
export type MultiItemReport = BenchmarkReport['multiItems'][number];
export type Cell = AgreeItemReport['groups'][number]['cells'][string];
export type Comparison = AgreeItemReport['groups'][number]['comparisons'][string];
export type Interval = Extract<Cell, { status: 'shown' }>['ci'];
export type LabelSet = Answer<V1['labels']['$get']>;
export type SessionSummary = Answer<V1['sessions']['$get']>['sessions'][number];
export type SessionInput = Parameters<V1['sessions']['$post']>[0]['json'];
/** A count as the server publishes it: the number, or what replaces it ("fewer than 10", …). */
export type CountCell = SessionSummary['received'];
export type ImportPreview = Answer<V1['waves'][':id']['import']['preview']['$post']>['preview'];
export type ImportFormat = Parameters<
	V1['waves'][':id']['import']['preview']['$post']
>[0]['json']['format'];
export type LiveCounts = Answer<V1['live']['$get']>;
export type FreeTextAnswer = Answer<V1['free-text']['$get']>['answers'][number];
export type ThemeCounts = Answer<V1['free-text']['themes']['$get']>;
export type Theme = Answer<V1['free-text']['themes']['$post']>['theme'];
export type YouSaidContent = Answer<V1['you-said']['preview']['$get']>['preview'];
export type YouSaidSnapshot = NonNullable<Answer<V1['you-said']['published']['$get']>['snapshot']>;
export type WeDidActionRecord = Answer<V1['you-said']['actions']['$put']>['actions'][number];
/** A "we did" action as written on the form: English text and optional translations. */
export type WeDidInput = NonNullable<
	Parameters<V1['you-said']['actions']['$put']>[0]['json']['actions'][string]
>;

export const countText = (cell: CountCell): string =>
	cell.status === 'shown' ? String(cell.n) : cell.label;

/** What a hidden figure says; every hidden cell says the same, whatever hid it. */
export const HIDDEN_TEXT = 'not shown, to protect a small group';

/** Where a signed-in user must go first, if anywhere: a forced password change, then enrolment. */
export function firstStepFor(user: StaffUser): string | null {
	if (user.mustChangePassword) return '/dashboard/password';
	if (user.mustEnrolMfa) return '/dashboard/security';
	return null;
}

/** `filter=GROUP:VALUE`: every wave of a report restricted to the same young people. */
export interface ReportFilter {
	group: string;
	value: string;
	label?: string;
}

function benchmarkParameters(
	wave: string,
	compare: string[],
	by: string | null,
	filters: ReportFilter[]
) {
	return {
		wave,
		compare: compare.join(','),
		...(by ? { by } : {}),
		filter: filters.map((filter) => `${filter.group}:${filter.value}`)
	};
}

/** The benchmark's query string; also the CSV export's, so both show the same young people. */
export function benchmarkQuery(
	wave: string,
	compare: string[],
	by: string | null,
	filters: ReportFilter[] = []
): URLSearchParams {
	const query = new URLSearchParams({ wave, compare: compare.join(',') });
	if (by) query.set('by', by);
	for (const filter of filters) query.append('filter', `${filter.group}:${filter.value}`);
	return query;
}

type Navigate = (url: string, options?: { replaceState: boolean }) => Promise<void>;

/** Signs out (even if the server cannot be reached, the page leaves) and shows the sign-in page. */
export async function signOutStaff(goto: Navigate): Promise<void> {
	await api.logout().catch(() => undefined);
	await goto('/dashboard/login');
}

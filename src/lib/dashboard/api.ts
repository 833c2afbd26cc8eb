import { loginHref } from './return-path';

/** The staff API as the dashboard uses it: same-origin JSON with the session cookie. */
export class ApiFailure extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
	const answer = await fetch(path, {
		credentials: 'same-origin',
		...init,
		headers: {
			...(init.body ? { 'content-type': 'application/json' } : {}),
			...(init.headers ?? {})
		}
	});
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
	return body as T;
}

export interface StaffUser {
	id: string;
	email: string;
	role: 'admin' | 'analyst' | 'rep';
	/** After an admin reset: nothing else is allowed until a new password is chosen. */
	mustChangePassword?: true;
	mfaEnabled?: boolean;
	/** The role requires a second factor that is not set up yet. */
	mustEnrolMfa?: true;
}

/** Where a signed-in user must go first, if anywhere: a forced password change, then enrolment. */
export function firstStepFor(user: StaffUser): string | null {
	if (user.mustChangePassword) return '/dashboard/password';
	if (user.mustEnrolMfa) return '/dashboard/security';
	return null;
}

export interface WaveSummary {
	id: string;
	name: string;
	opensAt: string | null;
	closesAt: string | null;
	isBaseline: boolean;
	isIllustrative: boolean;
	/** The current reporting wave, chosen by staff (at most one). */
	isCurrent: boolean;
	responses: number;
	/** Where an imported wave's data came from (null for a wave the survey collects). */
	provenance: WaveProvenance | null;
}

export interface WaveProvenance {
	fileName: string;
	sha256: string;
	rows: number;
	importedBy: string;
	importedByEmail: string | null;
	importedAt: string;
}

export const api = {
	me: () => call<{ user: StaffUser }>('/api/v1/auth/me'),
	/** Either a session ({ user }) or, for an account with a second factor, the code step. */
	login: (email: string, password: string) =>
		call<{ user: StaffUser } | { mfaRequired: true; challenge: string }>('/api/v1/auth/login', {
			method: 'POST',
			body: JSON.stringify({ email, password })
		}),
	loginCode: (challenge: string, code: string) =>
		call<{ user: StaffUser }>('/api/v1/auth/login/code', {
			method: 'POST',
			body: JSON.stringify({ challenge, code })
		}),
	changePassword: (currentPassword: string, newPassword: string) =>
		call<{ ok: true }>('/api/v1/auth/password', {
			method: 'POST',
			body: JSON.stringify({ currentPassword, newPassword })
		}),
	startMfa: () =>
		call<{ secret: string; otpauthUri: string }>('/api/v1/auth/mfa/enrol', {
			method: 'POST',
			body: '{}'
		}),
	confirmMfa: (code: string) =>
		call<{ recoveryCodes: string[] }>('/api/v1/auth/mfa/confirm', {
			method: 'POST',
			body: JSON.stringify({ code })
		}),
	logout: () => call<{ ok: true }>('/api/v1/auth/logout', { method: 'POST', body: '{}' }),
	waves: () => call<{ waves: WaveSummary[]; currentWaveId: string | null }>('/api/v1/waves'),
	setCurrentWave: (id: string) =>
		call<{ wave: WaveSummary }>(`/api/v1/waves/${encodeURIComponent(id)}/current`, {
			method: 'PUT',
			body: '{}'
		}),
	createWave: (wave: {
		id: string;
		name: string;
		opensAt: string | null;
		closesAt: string | null;
		isBaseline: boolean;
	}) =>
		call<{ wave: WaveSummary }>('/api/v1/waves', { method: 'POST', body: JSON.stringify(wave) }),
	benchmark: (wave: string, compare: string[], by: string | null, filters: ReportFilter[] = []) =>
		call<BenchmarkReport>(`/api/v1/benchmark?${benchmarkQuery(wave, compare, by, filters)}`),
	/** Wording for every code a report holds (staff only); older servers have none (404). */
	labels: () => call<LabelSet>('/api/v1/labels'),
	sessions: () => call<{ sessions: SessionSummary[] }>('/api/v1/sessions'),
	createSession: (session: {
		name: string;
		setting: string | null;
		district: string | null;
		ageRange: string | null;
		defaultMode: string;
		defaultLocale: string;
		waveId: string | null;
	}) =>
		call<{ session: SessionSummary }>('/api/v1/sessions', {
			method: 'POST',
			body: JSON.stringify(session)
		}),
	sessionResults: (code: string) =>
		call<{
			available: boolean;
			reason?: 'session_open' | 'too_few';
			received?: CountCell;
			items?: { item: string; cell: Cell }[];
		}>(`/api/v1/sessions/${encodeURIComponent(code)}/results`),
	closeSession: (code: string) =>
		call<{ session: SessionSummary }>(`/api/v1/sessions/${encodeURIComponent(code)}/close`, {
			method: 'POST',
			body: '{}'
		}),
	live: (wave: string) => call<LiveCounts>(`/api/v1/live?wave=${encodeURIComponent(wave)}`),
	freeText: (wave: string, q: string, theme: number | null = null) =>
		call<{ suppressed: boolean; answers: FreeTextAnswer[] }>(
			`/api/v1/free-text?${new URLSearchParams({ wave, q, ...(theme === null ? {} : { theme: String(theme) }) })}`
		),
	previewImport: (wave: string, format: string, csv: string) =>
		call<{ preview: ImportPreview }>(`/api/v1/waves/${encodeURIComponent(wave)}/import/preview`, {
			method: 'POST',
			body: JSON.stringify({ format, csv })
		}),
	youSaidPreview: (wave: string, compare: string | null) =>
		call<{ preview: YouSaidContent }>(
			`/api/v1/you-said/preview?${new URLSearchParams({ wave, ...(compare ? { compare } : {}) })}`
		),
	youSaidPublished: () =>
		call<{ snapshot: YouSaidSnapshot | null; actions?: WeDidActionRecord[] }>(
			'/api/v1/you-said/published'
		),
	saveWeDid: (snapshot: number, actions: Record<string, WeDidInput>) =>
		call<{ actions: WeDidActionRecord[] }>('/api/v1/you-said/actions', {
			method: 'PUT',
			body: JSON.stringify({ snapshot, actions })
		}),
	themes: (wave: string) =>
		call<ThemeCounts>(`/api/v1/free-text/themes?${new URLSearchParams({ wave })}`),
	createTheme: (wave: string, name: string, description: string) =>
		call<{ theme: Theme }>('/api/v1/free-text/themes', {
			method: 'POST',
			body: JSON.stringify({ wave, name, description })
		}),
	updateTheme: (id: number, change: { name?: string; description?: string }) =>
		call<{ theme: Theme }>(`/api/v1/free-text/themes/${id}`, {
			method: 'PATCH',
			body: JSON.stringify(change)
		}),
	deleteTheme: (id: number) =>
		call<{ deleted: number }>(`/api/v1/free-text/themes/${id}`, { method: 'DELETE', body: '{}' }),
	tagAnswer: (id: string, themes: number[]) =>
		call<{ id: string; themes: number[] }>(
			`/api/v1/free-text/answers/${encodeURIComponent(id)}/themes`,
			{ method: 'PUT', body: JSON.stringify({ themes }) }
		),
	publishYouSaid: (wave: string, compare: string | null) =>
		call<{ snapshot: YouSaidSnapshot }>('/api/v1/you-said/publish', {
			method: 'POST',
			body: JSON.stringify({ wave, compare })
		}),
	runImport: (wave: string, format: string, csv: string, replace: boolean, fileName: string) =>
		call<{ imported: number }>(`/api/v1/waves/${encodeURIComponent(wave)}/import`, {
			method: 'POST',
			body: JSON.stringify({ format, csv, replace, fileName })
		})
};

/** One free-text answer: its id (to tag it), the young person's words and its theme ids. */
export interface FreeTextAnswer {
	id: string;
	text: string;
	themes: number[];
}

/** A free-text theme of one wave's codebook. */
export interface Theme {
	id: number;
	waveId: string;
	name: string;
	description: string;
}

/** Each theme's count of tagged answers, as the disclosure module publishes them. */
export interface ThemeCounts {
	wave: string;
	total: CountCell;
	untagged: CountCell;
	themes: (Theme & { count: CountCell })[];
}

/** A "we did" action as written on the form: English text and optional translations. */
export interface WeDidInput {
	text: string;
	translations?: Record<string, string>;
}

/** A stored "we did" action, with who changed it last and when. */
export interface WeDidActionRecord {
	outcome: number;
	text: string;
	translations: Record<string, string>;
	updatedAt: string;
	updatedBy: { id: string; email: string | null };
}

/** What a "You said" publication shows (the preview), as the server computes it. */
export interface YouSaidContent {
	wave: string;
	baseline: string | null;
	illustrative: boolean;
	results: { item: string; outOf100: number; before: number | null; direction: string | null }[];
}

/** A published snapshot: the public body (publication) and, for staff only, who published it. */
export interface YouSaidSnapshot {
	id: number;
	waveId: string;
	baselineId: string | null;
	publishedAt: string;
	publishedBy: { id: string; email: string | null };
	publication: YouSaidContent & {
		available: true;
		publishedAt: string;
		publishedBy: string;
		actions?: WeDidActionRecord[];
	};
}

export interface SessionSummary {
	code: string;
	name: string;
	setting: string | null;
	district: string | null;
	ageRange: string | null;
	defaultMode: string;
	defaultLocale: string;
	waveId: string | null;
	createdAt: string;
	closedAt: string | null;
	received: CountCell;
}

export interface ImportPreview {
	format: string;
	wave: string;
	rows: number;
	/** The first 100 problems; problemTotal counts them all. */
	problems: { line: number; column?: string; message: string }[];
	problemTotal: number;
	problemsByKind: Record<string, number>;
	itemSummary: Record<string, number>;
	hasExistingData: boolean;
}

export interface LiveCounts {
	total: CountCell;
	byMode: Record<string, CountCell>;
	byDay: { day: string; count: CountCell }[];
}

export interface Interval {
	lower: number;
	upper: number;
}

export type Cell =
	| { status: 'shown'; n: number; positive: number; pct: number; ci: Interval; lowBase: boolean }
	| { status: 'suppressed'; label: string };

/** A count as the server publishes it: the number, or what replaces it ("fewer than 10", …). */
export type CountCell = { status: 'shown'; n: number } | { status: 'suppressed'; label: string };

export const countText = (cell: CountCell): string =>
	cell.status === 'shown' ? String(cell.n) : cell.label;

/** What a hidden figure says; every hidden cell says the same, whatever hid it. */
export const HIDDEN_TEXT = 'not shown, to protect a small group';

/** `filter=GROUP:VALUE`: every wave of a report restricted to the same young people. */
export interface ReportFilter {
	group: string;
	value: string;
	label?: string;
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

/** GET /api/v1/labels: the questionnaire's wording for every code a report or picker holds. */
export interface LabelSet {
	items: { code: string; label: string; outcome: number | null }[];
	groups: { code: string; label: string; values: { code: string; label: string }[] }[];
	settings: { code: string; label: string }[];
	districts: { code: string; label: string }[];
}

export type Comparison =
	| {
			status: 'shown';
			differencePoints: number;
			ci: Interval;
			/** Two-sided pooled z-test p-value, unadjusted. */
			p: number;
			/** Benjamini–Hochberg adjusted p-value over every shown comparison of the report; q < 0.05 decides. */
			q?: number;
			significant: boolean;
			direction: 'improved' | 'declined' | 'no_significant_change';
			comparable: boolean;
	  }
	| { status: 'suppressed' | 'no_data' };

/*
 * Labels (`label`, `outcomeLabel`, `byLabel`, `filters`, `scales`) are optional: a server from
 * before issue 14 sends codes only, and the dashboard then words them from the i18n resources.
 */
export interface AgreeItemReport {
	item: string;
	label?: string;
	outcome: number | null;
	outcomeLabel?: string;
	comparable: boolean;
	groups: {
		group: string;
		label?: string;
		cells: Record<string, Cell>;
		comparisons: Record<string, Comparison>;
		headlines: Record<string, string>;
	}[];
}

export interface MultiItemReport {
	item: string;
	label?: string;
	outcome: number | null;
	outcomeLabel?: string;
	groups: {
		group: string;
		label?: string;
		waves: Record<
			string,
			{
				denominator: Cell;
				options: {
					option: string;
					label?: string;
					status: string;
					count?: number;
					pct?: number;
				}[];
			}
		>;
	}[];
}

export interface BenchmarkReport {
	wave: WaveSummary;
	baselines: WaveSummary[];
	by: string | null;
	/** What the breakdown is by, in words (null without one). */
	byLabel?: string | null;
	groups: string[];
	filters: (ReportFilter & { label: string })[];
	/** Whether this wave pools 5-point (standard) with 3-point (easy read, symbols) answers. */
	scales: { pooled: boolean; modes: string[] };
	multipleComparisons: { method: 'benjamini_hochberg'; family: number; threshold: number };
	illustrative: boolean;
	agreeItems: AgreeItemReport[];
	multiItems: MultiItemReport[];
	generatedAt: string;
}

type Navigate = (url: string, options?: { replaceState: boolean }) => Promise<void>;

/**
 * For the pages that are a required first step (new password, second factor): the signed-in user
 * even before that step is done, or null after sending the browser to the sign-in page.
 */
export async function requireSignedIn(goto: Navigate): Promise<StaffUser | null> {
	try {
		return (await api.me()).user;
	} catch {
		await goto('/dashboard/login', { replaceState: true });
		return null;
	}
}

/** Signs out (even if the server cannot be reached, the page leaves) and shows the sign-in page. */
export async function signOutStaff(goto: Navigate): Promise<void> {
	await api.logout().catch(() => undefined);
	await goto('/dashboard/login');
}

/** For staff pages: the signed-in user, or null after sending the browser to the sign-in page. */
export async function requireStaff(
	goto: (url: string, options: { replaceState: boolean }) => Promise<void>
): Promise<StaffUser | null> {
	let user: StaffUser;
	try {
		user = (await api.me()).user;
	} catch {
		await goto(loginHref(location.pathname + location.search), { replaceState: true });
		return null;
	}
	// A forced password change or a missing second factor comes before any other page.
	const first = firstStepFor(user);
	if (first) {
		await goto(first, { replaceState: true });
		return null;
	}
	return user;
}

/** The message for one field from an API failure's details, if it names that field. */
export function fieldError(failure: unknown, field: string): string | null {
	if (!(failure instanceof ApiFailure) || !Array.isArray(failure.details)) return null;
	const detail = (failure.details as { field?: string; message?: string }[]).find(
		(entry) => entry.field === field
	);
	return detail?.message ?? null;
}

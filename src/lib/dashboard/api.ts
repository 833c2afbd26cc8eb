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
}

export interface WaveSummary {
	id: string;
	name: string;
	opensAt: string | null;
	closesAt: string | null;
	isBaseline: boolean;
	isIllustrative: boolean;
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
	login: (email: string, password: string) =>
		call<{ user: StaffUser }>('/api/v1/auth/login', {
			method: 'POST',
			body: JSON.stringify({ email, password })
		}),
	logout: () => call<{ ok: true }>('/api/v1/auth/logout', { method: 'POST', body: '{}' }),
	waves: () => call<{ waves: WaveSummary[] }>('/api/v1/waves'),
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
	freeText: (wave: string, q: string) =>
		call<{ suppressed: boolean; answers: string[] }>(
			`/api/v1/free-text?${new URLSearchParams({ wave, q })}`
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
	youSaidPublished: () => call<{ snapshot: YouSaidSnapshot | null }>('/api/v1/you-said/published'),
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
	publication: YouSaidContent & { available: true; publishedAt: string; publishedBy: string };
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
			p: number;
			/** Benjamini–Hochberg q-value over the report's family (servers before issue 14 have none). */
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
	byLabel?: string;
	filters?: ReportFilter[];
	/** pooled: the current wave holds 3-point (easy read, SEND) answers beside 5-point ones. */
	scales?: { pooled: boolean; modes: string[] };
	groups: string[];
	illustrative: boolean;
	agreeItems: AgreeItemReport[];
	multiItems: MultiItemReport[];
	generatedAt: string;
}

/** For staff pages: the signed-in user, or null after sending the browser to the sign-in page. */
export async function requireStaff(
	goto: (url: string, options: { replaceState: boolean }) => Promise<void>
): Promise<StaffUser | null> {
	try {
		return (await api.me()).user;
	} catch {
		await goto('/dashboard/login', { replaceState: true });
		return null;
	}
}

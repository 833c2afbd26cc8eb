import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService } from '../auth/auth.service.js';
import { ApiError } from '../lib/errors.js';
import { checked } from '../lib/validation.js';
import {
	BenchmarkError,
	type BenchmarkReport,
	type BenchmarkService,
	type ReportFilter,
	type RespondentExport
} from '../services/benchmark.service.js';
import { dictionaryCsv, reportToCsv, respondentsToCsv } from '../services/report-export.js';

export { reportToCsv, respondentsToCsv };

const FILTER = /^([a-z][a-z0-9_]*):([a-z0-9][a-z0-9_]*)$/;

type QueryContext = {
	req: {
		query: (name: string) => string | undefined;
		queries: (name: string) => string[] | undefined;
	};
};

function query(context: QueryContext) {
	const wave = context.req.query('wave');
	if (!wave)
		throw new ApiError(400, 'invalid_query', 'wave is required', [
			{ field: 'wave', code: 'required', message: 'wave is required' }
		]);
	const compare = (context.req.query('compare') ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	const by = context.req.query('by') || null;
	const filters: ReportFilter[] = (context.req.queries('filter') ?? []).map((text) => {
		const match = FILTER.exec(text);
		if (!match)
			throw new ApiError(400, 'invalid_query', `filter "${text}" is not GROUP:VALUE`, [
				{
					field: 'filter',
					code: 'malformed',
					message: 'filter must be GROUP:VALUE, e.g. mode:standard'
				}
			]);
		return { group: match[1]!, value: match[2]! };
	});
	return { wave, compare, by, filters };
}

/** The report's query at the edge, so hono/client knows what the dashboard may ask for. */
const reportQuery = checked<
	'query',
	{ wave: string; compare?: string; by?: string; filter?: string | string[] },
	ReturnType<typeof query>
>('query', query);

async function runReport(
	service: BenchmarkService,
	{ wave, compare, by, filters }: ReturnType<typeof query>
): Promise<BenchmarkReport> {
	try {
		return await service.report(wave, compare, by, filters);
	} catch (error) {
		if (error instanceof BenchmarkError)
			throw new ApiError(400, 'invalid_query', error.message, [
				{ field: error.field, code: 'invalid', message: error.message }
			]);
		throw error;
	}
}

export function benchmarkRoutes(service: BenchmarkService, auth: AuthService) {
	return (
		new Hono<StaffEnv>()
			.get('/benchmark', requireRole('admin', 'analyst'), reportQuery, async (context) =>
				context.json(await runReport(service, context.req.valid('query')))
			)
			// Codes and their wording for pickers (breakdowns, filters, settings and districts).
			.get('/labels', requireRole('admin', 'analyst', 'rep'), (context) =>
				context.json(service.labels.catalogue((by) => service.groupsFor(by)))
			)
			// The data dictionary beside each export (docs/exports.md): every column, type, meaning.
			.get('/export.dictionary.csv', requireRole('admin', 'analyst'), (context) => {
				const level = context.req.query('level') ?? 'aggregate';
				if (level !== 'aggregate' && level !== 'respondent')
					throw new ApiError(400, 'invalid_query', 'level must be "aggregate" or "respondent"', [
						{
							field: 'level',
							code: 'invalid',
							message: 'level must be "aggregate" or "respondent"'
						}
					]);
				context.header('Content-Type', 'text/csv; charset=utf-8');
				context.header(
					'Content-Disposition',
					`attachment; filename="be-supported-${level}-dictionary.csv"`
				);
				return context.body('\uFEFF' + dictionaryCsv(level, service.definition, service.labels));
			})
			.get('/export.csv', requireRole('admin', 'analyst'), async (context) => {
				const level = context.req.query('level') ?? 'aggregate';
				if (level !== 'aggregate' && level !== 'respondent') {
					throw new ApiError(400, 'invalid_query', 'level must be "aggregate" or "respondent"', [
						{
							field: 'level',
							code: 'invalid',
							message: 'level must be "aggregate" or "respondent"'
						}
					]);
				}
				const user = context.get('user')!;
				if (level === 'respondent') {
					// Every answer of every respondent, free text included: admins only (docs/security.md).
					if (user.role !== 'admin')
						throw new ApiError(403, 'forbidden', 'Only an admin may export respondent-level data');
					const wave = context.req.query('wave');
					if (!wave)
						throw new ApiError(400, 'invalid_query', 'wave is required', [
							{ field: 'wave', code: 'required', message: 'wave is required' }
						]);
					const data = await runExport(service, wave);
					await auth.audit(user.id, 'export', {
						wave,
						level: 'respondent',
						rows: data.rows.length
					});
					context.header('Content-Type', 'text/csv; charset=utf-8');
					context.header('Cache-Control', 'no-store');
					context.header(
						'Content-Disposition',
						`attachment; filename="be-supported-${wave}-respondents.csv"`
					);
					return context.body('\uFEFF' + respondentsToCsv(data));
				}
				const request = query(context);
				const { wave, compare, by, filters } = request;
				const report = await runReport(service, request);
				await auth.audit(user.id, 'export', { wave, compare, by, filters, level: 'aggregate' });
				context.header('Content-Type', 'text/csv; charset=utf-8');
				context.header('Cache-Control', 'no-store');
				context.header(
					'Content-Disposition',
					`attachment; filename="be-supported-${wave}${by ? `-by-${by}` : ''}${filters.map((filter) => `-${filter.group}-${filter.value}`).join('')}.csv"`
				);
				return context.body('\uFEFF' + reportToCsv(report));
			})
	);
}

async function runExport(service: BenchmarkService, wave: string): Promise<RespondentExport> {
	try {
		return await service.respondentExport(wave);
	} catch (error) {
		if (error instanceof BenchmarkError)
			throw new ApiError(400, 'invalid_query', error.message, [
				{ field: error.field, code: 'invalid', message: error.message }
			]);
		throw error;
	}
}

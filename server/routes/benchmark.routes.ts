import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService } from '../auth/auth.service.js';
import { csvLine } from '../lib/csv.js';
import { HIDDEN_LABEL } from '../disclosure/index.js';
import { ApiError } from '../lib/errors.js';
import {
	BenchmarkError,
	type BenchmarkReport,
	type BenchmarkService,
	type RespondentExport
} from '../services/benchmark.service.js';
import type { Wave } from '../services/waves.service.js';

function query(context: { req: { query: (name: string) => string | undefined } }) {
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
	return { wave, compare, by };
}

async function runReport(
	service: BenchmarkService,
	wave: string,
	compare: string[],
	by: string | null
): Promise<BenchmarkReport> {
	try {
		return await service.report(wave, compare, by);
	} catch (error) {
		if (error instanceof BenchmarkError)
			throw new ApiError(400, 'invalid_query', error.message, [
				{ field: error.field, code: 'invalid', message: error.message }
			]);
		throw error;
	}
}

const round = (value: number, places = 4) => Number(value.toFixed(places));

/** Where a wave's data came from: the imported file (name, SHA-256, rows, who, when), or the survey. */
function provenanceText(wave: Wave): string {
	const source = wave.provenance;
	if (!source) return `${wave.id}: collected by the survey`;
	return `${wave.id}: ${source.fileName} sha256 ${source.sha256} rows ${source.rows} by ${source.importedByEmail ?? source.importedBy} at ${source.importedAt}`;
}

/** The report as CSV rows. Hidden cells carry no number, only the disclosure module's label. */
export function reportToCsv(report: BenchmarkReport): string {
	const lines: string[] = [];
	if (report.illustrative)
		lines.push(
			csvLine(['ILLUSTRATIVE DATA: invented figures for demonstration, not real survey results'])
		);
	lines.push(
		csvLine([
			'Be Supported benchmark',
			`wave ${report.wave.id}`,
			`compared with ${report.baselines.map((b) => b.id).join(' and ') || 'none'}`,
			`breakdown ${report.by ?? 'none'}`,
			`generated ${report.generatedAt}`
		])
	);
	lines.push(csvLine(['provenance', ...[report.wave, ...report.baselines].map(provenanceText)]));
	lines.push(
		csvLine([
			'item',
			'group',
			'wave',
			'n',
			'positive',
			'pct',
			'ci_lower',
			'ci_upper',
			'low_base',
			'note'
		])
	);
	for (const item of report.agreeItems) {
		for (const group of item.groups) {
			for (const [wave, cell] of Object.entries(group.cells)) {
				lines.push(
					cell.status === 'shown'
						? csvLine([
								item.item,
								group.group,
								wave,
								cell.n,
								cell.positive,
								round(cell.pct),
								round(cell.ci.lower),
								round(cell.ci.upper),
								cell.lowBase ? 'yes' : 'no',
								''
							])
						: csvLine([item.item, group.group, wave, '', '', '', '', '', '', cell.label])
				);
			}
		}
	}
	lines.push('');
	lines.push(
		csvLine([
			'item',
			'group',
			'baseline',
			'difference_points',
			'ci_lower',
			'ci_upper',
			'p',
			'result',
			'headline'
		])
	);
	for (const item of report.agreeItems) {
		for (const group of item.groups) {
			for (const [baseline, comparison] of Object.entries(group.comparisons)) {
				lines.push(
					comparison.status === 'shown'
						? csvLine([
								item.item,
								group.group,
								baseline,
								round(comparison.differencePoints, 2),
								round(comparison.ci.lower, 2),
								round(comparison.ci.upper, 2),
								round(comparison.p, 6),
								comparison.direction,
								group.headlines[baseline]
							])
						: csvLine([
								item.item,
								group.group,
								baseline,
								'',
								'',
								'',
								'',
								comparison.status === 'suppressed' ? HIDDEN_LABEL : 'no data',
								group.headlines[baseline]
							])
				);
			}
		}
	}
	lines.push('');
	lines.push(csvLine(['item', 'group', 'wave', 'option', 'count', 'pct_of_respondents', 'note']));
	for (const item of report.multiItems) {
		for (const group of item.groups) {
			for (const [wave, cells] of Object.entries(group.waves)) {
				for (const option of cells.options) {
					lines.push(
						option.status === 'shown'
							? csvLine([
									item.item,
									group.group,
									wave,
									option.option,
									option.count,
									round(option.pct!),
									''
								])
							: csvLine([item.item, group.group, wave, option.option, '', '', HIDDEN_LABEL])
					);
				}
			}
		}
	}
	return lines.join('\r\n') + '\r\n';
}

export function benchmarkRoutes(service: BenchmarkService, auth: AuthService) {
	return new Hono<StaffEnv>()
		.get('/benchmark', requireRole('admin', 'analyst'), async (context) => {
			const { wave, compare, by } = query(context);
			return context.json(await runReport(service, wave, compare, by));
		})
		.get('/export.csv', requireRole('admin', 'analyst'), async (context) => {
			const level = context.req.query('level') ?? 'aggregate';
			if (level !== 'aggregate' && level !== 'respondent') {
				throw new ApiError(400, 'invalid_query', 'level must be "aggregate" or "respondent"', [
					{ field: 'level', code: 'invalid', message: 'level must be "aggregate" or "respondent"' }
				]);
			}
			const user = context.get('user')!;
			if (level === 'respondent') {
				// Every answer of every respondent, free text included: admins only (DESIGN.md §6).
				if (user.role !== 'admin')
					throw new ApiError(403, 'forbidden', 'Only an admin may export respondent-level data');
				const wave = context.req.query('wave');
				if (!wave)
					throw new ApiError(400, 'invalid_query', 'wave is required', [
						{ field: 'wave', code: 'required', message: 'wave is required' }
					]);
				const data = await runExport(service, wave);
				await auth.audit(user.id, 'export', { wave, level: 'respondent', rows: data.rows.length });
				context.header('Content-Type', 'text/csv; charset=utf-8');
				context.header('Cache-Control', 'no-store');
				context.header(
					'Content-Disposition',
					`attachment; filename="be-supported-${wave}-respondents.csv"`
				);
				return context.body('\uFEFF' + respondentsToCsv(data));
			}
			const { wave, compare, by } = query(context);
			const report = await runReport(service, wave, compare, by);
			await auth.audit(user.id, 'export', { wave, compare, by, level: 'aggregate' });
			context.header('Content-Type', 'text/csv; charset=utf-8');
			context.header('Cache-Control', 'no-store');
			context.header(
				'Content-Disposition',
				`attachment; filename="be-supported-${wave}${by ? `-by-${by}` : ''}.csv"`
			);
			return context.body('\uFEFF' + reportToCsv(report));
		});
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

/**
 * One row per stored response. Every cell goes through csvCell, so an answer such as "=HYPERLINK(…)"
 * is neutralised against formula injection like the aggregate export.
 */
export function respondentsToCsv(data: RespondentExport): string {
	const lines: string[] = [];
	if (data.wave.isIllustrative)
		lines.push(
			csvLine(['ILLUSTRATIVE DATA: invented figures for demonstration, not real survey results'])
		);
	lines.push(
		csvLine([
			'id',
			'mode',
			'locale',
			'session_code',
			'received_at',
			'source',
			'flags',
			...data.items
		])
	);
	for (const row of data.rows) {
		lines.push(
			csvLine([
				row.id,
				row.mode,
				row.locale,
				row.sessionCode,
				row.receivedAt,
				row.source,
				row.flags.join(';'),
				...data.items.map((code) => row.answers[code])
			])
		);
	}
	return lines.join('\r\n') + '\r\n';
}

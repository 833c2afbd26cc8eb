import { Hono, type Context } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService } from '../auth/auth.service.js';
import { ApiError } from '../lib/errors.js';
import { importSchema, waveSchema } from '../lib/staff-schemas.js';
import { checked, jsonBody, validBody } from '../lib/validation.js';
import * as v from 'valibot';
import type { ImportProblem } from '../import/baseline-csv.js';
import { ImportError, type ImportFormat, type ImportService } from '../services/import.service.js';
import { type WavesService } from '../services/waves.service.js';
import { publishCount } from '../disclosure/index.js';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The most lines (rows, counting the header) and columns an import may have (issue 12 item 4). */
export const MAX_IMPORT_LINES = 200_000;
export const MAX_IMPORT_COLUMNS = 500;
/** A preview or a refused import lists at most this many problems, with counts of them all. */
export const MAX_LISTED_PROBLEMS = 100;

/** The import request, checked at the edge: the schema, then the file's size, lines and columns. */
const importBody = checked<'json', v.InferInput<typeof importSchema>, ImportRequest>(
	'json',
	(context) => checkedImport(context)
);

interface ImportRequest {
	format: ImportFormat;
	csv: string;
	replace: boolean;
	fileName: string;
}

async function checkedImport(context: Context): Promise<ImportRequest> {
	const body = await validBody(context, importSchema, 'The import request is not complete');
	if (body.csv.length > MAX_IMPORT_BYTES)
		throw new ApiError(413, 'payload_too_large', 'The file is larger than 20 MB');
	// Checked before parsing: a huge file of bad rows made a 100 MB list of problems.
	// Line breaks inside quoted values count as lines here too, so the limit errs on the safe side.
	let lines = 1;
	for (
		let index = body.csv.indexOf('\n');
		index !== -1 && lines <= MAX_IMPORT_LINES;
		index = body.csv.indexOf('\n', index + 1)
	)
		lines++;
	if (lines > MAX_IMPORT_LINES)
		throw new ApiError(
			413,
			'too_many_rows',
			`The file has more than ${MAX_IMPORT_LINES.toLocaleString('en-GB')} lines; split it`
		);
	const headerEnd = body.csv.indexOf('\n');
	const header = headerEnd === -1 ? body.csv : body.csv.slice(0, headerEnd);
	const columns = header.split(',').length;
	if (columns > MAX_IMPORT_COLUMNS)
		throw new ApiError(
			413,
			'too_many_columns',
			`The header has ${columns} columns; at most ${MAX_IMPORT_COLUMNS} are allowed`
		);
	const fileName = body.fileName?.trim() || 'unnamed.csv';
	return {
		format: body.format as ImportFormat,
		csv: body.csv,
		replace: body.replace === true,
		fileName
	};
}

/** The first problems, their total, and how many there are of each kind (the column, or "row"). */
function summariseProblems(problems: ImportProblem[]) {
	const byKind: Record<string, number> = {};
	for (const problem of problems)
		byKind[problem.column ?? 'row'] = (byKind[problem.column ?? 'row'] ?? 0) + 1;
	return {
		problems: problems.slice(0, MAX_LISTED_PROBLEMS),
		problemTotal: problems.length,
		problemsByKind: byKind
	};
}

function importFailure(error: unknown): never {
	if (error instanceof ImportError) {
		const status = error.code === 'unknown_wave' ? 404 : error.code === 'wave_has_data' ? 409 : 422;
		const total = error.problems.length;
		const message =
			total > MAX_LISTED_PROBLEMS
				? `${error.message} (${total.toLocaleString('en-GB')} problems; the first ${MAX_LISTED_PROBLEMS} are listed)`
				: error.message;
		throw new ApiError(
			status,
			error.code,
			message,
			total > 0 ? error.problems.slice(0, MAX_LISTED_PROBLEMS) : undefined
		);
	}
	throw error;
}

export function wavesRoutes(waves: WavesService, imports: ImportService, auth: AuthService) {
	return new Hono<StaffEnv>()
		.get('/', requireRole('admin', 'analyst', 'rep'), async (context) => {
			const list = await waves.list();
			// Every staff role sees this list, reps too: a wave's count is published like any other,
			// so under 10 reads "fewer than 10" (a new wave's first few responses are not a number).
			const withCounts = await Promise.all(
				list.map(async (wave) => ({
					...wave,
					responses: publishCount(await waves.countResponses(wave.id))
				}))
			);
			const current = list.find((wave) => wave.isCurrent);
			return context.json({ waves: withCounts, currentWaveId: current?.id ?? null });
		})
		.put('/:id/current', requireRole('admin', 'analyst'), async (context) => {
			// The current reporting wave is chosen by a person, never by an import (issue 14 item 10).
			const id = context.req.param('id');
			const changed = await waves.setCurrent(id);
			if (!changed) throw new ApiError(404, 'unknown_wave', `There is no wave "${id}"`);
			await auth.audit(context.get('user')!.id, 'current_wave_set', {
				wave: id,
				previous: changed.previous
			});
			return context.json({ wave: changed.wave });
		})
		.post(
			'/',
			requireRole('admin', 'analyst'),
			jsonBody(waveSchema, 'The wave is not valid'),
			async (context) => {
				const body = context.req.valid('json');
				if (await waves.get(body.id))
					throw new ApiError(409, 'duplicate_wave', `Wave ${String(body.id)} exists`);
				const wave = await waves.create({
					id: body.id,
					name: body.name,
					opensAt: typeof body.opensAt === 'string' ? new Date(body.opensAt).toISOString() : null,
					closesAt:
						typeof body.closesAt === 'string' ? new Date(body.closesAt).toISOString() : null,
					isBaseline: body.isBaseline === true,
					isIllustrative: false
				});
				await auth.audit(context.get('user')!.id, 'wave_created', { wave: wave.id });
				return context.json({ wave }, 201);
			}
		)
		.post('/:id/import/preview', requireRole('admin', 'analyst'), importBody, async (context) => {
			const { format, csv } = context.req.valid('json');
			try {
				const preview = await imports.preview(context.req.param('id'), format, csv);
				return context.json({ preview: { ...preview, ...summariseProblems(preview.problems) } });
			} catch (error) {
				importFailure(error);
			}
		})
		.post('/:id/import', requireRole('admin', 'analyst'), importBody, async (context) => {
			const { format, csv, replace, fileName } = context.req.valid('json');
			const wave = context.req.param('id');
			const user = context.get('user')!;
			try {
				const result = await imports.import(wave, format, csv, {
					replace,
					source: { fileName, importedBy: user.id, importedByEmail: user.email }
				});
				await auth.audit(context.get('user')!.id, 'baseline_imported', {
					wave,
					format,
					rows: result.imported,
					replace
				});
				return context.json(result);
			} catch (error) {
				importFailure(error);
			}
		});
}

import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService } from '../auth/auth.service.js';
import { ApiError } from '../lib/errors.js';
import { readJson } from '../lib/json-body.js';
import { ImportError, type ImportFormat, type ImportService } from '../services/import.service.js';
import { WAVE_ID, type WavesService } from '../services/waves.service.js';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

function importBody(body: { format?: unknown; csv?: unknown; replace?: unknown; fileName?: unknown }) {
	const details = [
		...(body.format !== 'respondent' && body.format !== 'aggregate' ? [{ field: 'format', code: 'invalid', message: 'format must be "respondent" or "aggregate"' }] : []),
		...(typeof body.csv !== 'string' ? [{ field: 'csv', code: 'required', message: 'csv must be the file content as text' }] : [])
	];
	if (details.length > 0) throw new ApiError(400, 'invalid_body', 'The import request is not complete', details);
	if ((body.csv as string).length > MAX_IMPORT_BYTES) throw new ApiError(413, 'payload_too_large', 'The file is larger than 20 MB');
	const fileName = typeof body.fileName === 'string' && body.fileName.trim() !== '' ? body.fileName.trim().slice(0, 200) : 'unnamed.csv';
	return { format: body.format as ImportFormat, csv: body.csv as string, replace: body.replace === true, fileName };
}

function importFailure(error: unknown): never {
	if (error instanceof ImportError) {
		const status = error.code === 'unknown_wave' ? 404 : error.code === 'wave_has_data' ? 409 : 422;
		throw new ApiError(status, error.code, error.message, error.problems.length > 0 ? error.problems : undefined);
	}
	throw error;
}

export function wavesRoutes(waves: WavesService, imports: ImportService, auth: AuthService) {
	return new Hono<StaffEnv>()
		.get('/', requireRole('admin', 'analyst', 'rep'), async (context) => {
			const list = await waves.list();
			const withCounts = await Promise.all(list.map(async (wave) => ({ ...wave, responses: await waves.countResponses(wave.id) })));
			return context.json({ waves: withCounts });
		})
		.post('/', requireRole('admin', 'analyst'), async (context) => {
			const body = await readJson<{ id?: unknown; name?: unknown; opensAt?: unknown; closesAt?: unknown; isBaseline?: unknown }>(context);
			const details = [
				...(typeof body.id !== 'string' || !WAVE_ID.test(body.id) ? [{ field: 'id', code: 'invalid', message: 'id must be lower-case letters, digits and dashes, e.g. 2025-autumn' }] : []),
				...(typeof body.name !== 'string' || body.name.trim() === '' ? [{ field: 'name', code: 'required', message: 'name is required' }] : [])
			];
			for (const field of ['opensAt', 'closesAt'] as const) {
				const value = body[field];
				if (value !== undefined && value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
					details.push({ field, code: 'invalid', message: `${field} must be a date` });
				}
			}
			if (details.length > 0) throw new ApiError(400, 'invalid_body', 'The wave is not valid', details);
			if (await waves.get(body.id as string)) throw new ApiError(409, 'duplicate_wave', `Wave ${String(body.id)} exists`);
			const wave = await waves.create({
				id: body.id as string,
				name: (body.name as string).trim(),
				opensAt: typeof body.opensAt === 'string' ? new Date(body.opensAt).toISOString() : null,
				closesAt: typeof body.closesAt === 'string' ? new Date(body.closesAt).toISOString() : null,
				isBaseline: body.isBaseline === true,
				isIllustrative: false
			});
			await auth.audit(context.get('user')!.id, 'wave_created', { wave: wave.id });
			return context.json({ wave }, 201);
		})
		.post('/:id/import/preview', requireRole('admin', 'analyst'), async (context) => {
			const { format, csv } = importBody(await readJson(context));
			try {
				return context.json({ preview: await imports.preview(context.req.param('id'), format, csv) });
			} catch (error) {
				importFailure(error);
			}
		})
		.post('/:id/import', requireRole('admin', 'analyst'), async (context) => {
			const { format, csv, replace, fileName } = importBody(await readJson(context));
			const wave = context.req.param('id');
			const user = context.get('user')!;
			try {
				const result = await imports.import(wave, format, csv, { replace, source: { fileName, importedBy: user.id, importedByEmail: user.email } });
				await auth.audit(context.get('user')!.id, 'baseline_imported', { wave, format, rows: result.imported, replace });
				return context.json(result);
			} catch (error) {
				importFailure(error);
			}
		});
}

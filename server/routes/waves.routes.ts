import { Hono, type Context } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService } from '../auth/auth.service.js';
import { ApiError } from '../lib/errors.js';
import { importSchema, waveSchema } from '../lib/staff-schemas.js';
import { validBody } from '../lib/validation.js';
import { ImportError, type ImportFormat, type ImportService } from '../services/import.service.js';
import { type WavesService } from '../services/waves.service.js';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

async function importBody(context: Context) {
	const body = await validBody(context, importSchema, 'The import request is not complete');
	if (body.csv.length > MAX_IMPORT_BYTES) throw new ApiError(413, 'payload_too_large', 'The file is larger than 20 MB');
	return { format: body.format as ImportFormat, csv: body.csv, replace: body.replace === true };
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
			const body = await validBody(context, waveSchema, 'The wave is not valid');
			if (await waves.get(body.id)) throw new ApiError(409, 'duplicate_wave', `Wave ${String(body.id)} exists`);
			const wave = await waves.create({
				id: body.id,
				name: body.name,
				opensAt: typeof body.opensAt === 'string' ? new Date(body.opensAt).toISOString() : null,
				closesAt: typeof body.closesAt === 'string' ? new Date(body.closesAt).toISOString() : null,
				isBaseline: body.isBaseline === true,
				isIllustrative: false
			});
			await auth.audit(context.get('user')!.id, 'wave_created', { wave: wave.id });
			return context.json({ wave }, 201);
		})
		.post('/:id/import/preview', requireRole('admin', 'analyst'), async (context) => {
			const { format, csv } = await importBody(context);
			try {
				return context.json({ preview: await imports.preview(context.req.param('id'), format, csv) });
			} catch (error) {
				importFailure(error);
			}
		})
		.post('/:id/import', requireRole('admin', 'analyst'), async (context) => {
			const { format, csv, replace } = await importBody(context);
			const wave = context.req.param('id');
			try {
				const result = await imports.import(wave, format, csv, { replace });
				await auth.audit(context.get('user')!.id, 'baseline_imported', { wave, format, rows: result.imported, replace });
				return context.json(result);
			} catch (error) {
				importFailure(error);
			}
		});
}

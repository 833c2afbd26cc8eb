import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import { checked } from '../lib/validation.js';
import type { InsightsService } from '../services/insights.service.js';

function requiredWave(wave: string | undefined): string {
	if (!wave)
		throw new ApiError(400, 'invalid_query', 'wave is required', [
			{ field: 'wave', code: 'required', message: 'wave is required' }
		]);
	return wave;
}

/** theme=ID keeps the answers tagged with that theme; absent or empty, every answer. */
function optionalTheme(theme: string | undefined): number | null {
	if (theme === undefined || theme === '') return null;
	const id = Number(theme);
	if (!Number.isSafeInteger(id) || id < 1)
		throw new ApiError(400, 'invalid_query', 'theme must be a theme id', [
			{ field: 'theme', code: 'invalid', message: 'theme must be a theme id (a whole number)' }
		]);
	return id;
}

const liveQuery = checked<'query', { wave: string }, { wave: string }>('query', (context) => ({
	wave: requiredWave(context.req.query('wave'))
}));

/** ?wave=ID&q=WORDS&theme=ID: the wave's answers containing the words, with that theme if given. */
const freeTextQuery = checked<
	'query',
	{ wave: string; q?: string; theme?: string },
	{ wave: string; q: string; theme: number | null }
>('query', (context) => ({
	wave: requiredWave(context.req.query('wave')),
	q: (context.req.query('q') ?? '').trim(),
	theme: optionalTheme(context.req.query('theme'))
}));

/** The live picture for staff: responses arriving by mode and by day, and the free-text answers. */
export function insightsRoutes(insights: InsightsService) {
	return new Hono<StaffEnv>()
		.get('/live', requireRole('admin', 'analyst', 'rep'), liveQuery, async (context) =>
			context.json(await insights.live(context.req.valid('query').wave))
		)
		.get('/free-text', requireRole('admin', 'analyst'), freeTextQuery, async (context) => {
			const { wave, q, theme } = context.req.valid('query');
			return context.json(await insights.freeText(wave, q, theme));
		});
}

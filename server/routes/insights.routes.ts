import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { OpenDatabase } from '../db/client.js';
import { ApiError } from '../lib/errors.js';
import { MIN_CELL } from '../stats/index.js';

/** The live picture for staff: responses arriving by mode and by day, and the free-text answers. */
export function insightsRoutes(database: OpenDatabase) {
	return new Hono<StaffEnv>()
		.get('/live', requireRole('admin', 'analyst', 'rep'), async (context) => {
			const wave = context.req.query('wave');
			if (!wave) throw new ApiError(400, 'invalid_query', 'wave is required', [{ field: 'wave', code: 'required', message: 'wave is required' }]);
			const byMode = await database.client.execute({ sql: 'SELECT mode, count(*) AS n FROM responses WHERE wave_id = ? GROUP BY mode', args: [wave] });
			const byDay = await database.client.execute({
				sql: 'SELECT substr(received_at, 1, 10) AS day, count(*) AS n FROM responses WHERE wave_id = ? GROUP BY day ORDER BY day',
				args: [wave]
			});
			const total = byMode.rows.reduce((sum, row) => sum + Number(row.n), 0);
			return context.json({
				wave,
				total,
				byMode: Object.fromEntries(byMode.rows.map((row) => [String(row.mode), Number(row.n)])),
				byDay: byDay.rows.map((row) => ({ day: String(row.day), n: Number(row.n) }))
			});
		})
		.get('/free-text', requireRole('admin', 'analyst'), async (context) => {
			const wave = context.req.query('wave');
			if (!wave) throw new ApiError(400, 'invalid_query', 'wave is required', [{ field: 'wave', code: 'required', message: 'wave is required' }]);
			const search = (context.req.query('q') ?? '').trim();
			const total = await database.client.execute({
				sql: "SELECT count(*) AS n FROM responses WHERE wave_id = ? AND json_extract(answers_json, '$.what_would_help') IS NOT NULL",
				args: [wave]
			});
			// Fewer than 10 answers could identify who wrote them: nothing is shown then.
			if (Number(total.rows[0]?.n ?? 0) < MIN_CELL) return context.json({ wave, suppressed: true, answers: [] });
			const rows = await database.client.execute({
				sql: `SELECT value FROM (SELECT json_extract(answers_json, '$.what_would_help') AS value, received_at FROM responses WHERE wave_id = ?)
				      WHERE value IS NOT NULL AND (? = '' OR instr(lower(value), lower(?)) > 0)
				      ORDER BY received_at DESC LIMIT 500`,
				args: [wave, search, search]
			});
			return context.json({ wave, suppressed: false, answers: rows.rows.map((row) => String(row.value)) });
		});
}

import { Hono } from 'hono';
import type { AuthService } from '../auth/auth.service.js';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import { answerThemesSchema, newThemeSchema, themeChangeSchema } from '../lib/staff-schemas.js';
import { checked, jsonBody } from '../lib/validation.js';
import { ThemeError, type ThemesService } from '../services/themes.service.js';

function refusal(error: unknown): never {
	if (error instanceof ThemeError)
		throw new ApiError(
			error.status,
			error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'invalid_body',
			error.message,
			[
				{
					field: error.field,
					code: error.status === 409 ? 'duplicate' : 'invalid',
					message: error.message
				}
			]
		);
	throw error;
}

function themeId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id < 1)
		throw new ApiError(400, 'invalid_url', 'The theme id must be a whole number', [
			{ field: 'id', code: 'invalid', message: 'id must be a whole number' }
		]);
	return id;
}

/** ?wave=ID, required. */
const waveQuery = checked<'query', { wave: string }, { wave: string }>('query', (context) => {
	const wave = context.req.query('wave');
	if (!wave)
		throw new ApiError(400, 'invalid_query', 'wave is required', [
			{ field: 'wave', code: 'required', message: 'wave is required' }
		]);
	return { wave };
});

/**
 * Free-text themes (issue 14 item 9): a small codebook per wave, tags on answers, and each
 * theme's count through the disclosure module (GET /free-text/themes, which a report can use).
 * Analysts and admins only, like the free text itself; every codebook change is audited.
 */
export function themesRoutes(themes: ThemesService, auth: AuthService) {
	const staff = requireRole('admin', 'analyst');
	return new Hono<StaffEnv>()
		.get('/free-text/themes', staff, waveQuery, async (context) =>
			context.json(await themes.counts(context.req.valid('query').wave))
		)
		.post(
			'/free-text/themes',
			staff,
			jsonBody(newThemeSchema, 'The theme is not valid'),
			async (context) => {
				const body = context.req.valid('json');
				const user = context.get('user')!;
				try {
					const theme = await themes.create(body.wave, body.name, body.description, user.id);
					await auth.audit(user.id, 'theme_created', {
						wave: theme.waveId,
						theme: theme.id,
						name: theme.name
					});
					return context.json({ theme }, 201);
				} catch (error) {
					refusal(error);
				}
			}
		)
		.patch(
			'/free-text/themes/:id',
			staff,
			jsonBody(themeChangeSchema, 'The theme is not valid'),
			async (context) => {
				const id = themeId(context.req.param('id'));
				const body = context.req.valid('json');
				const user = context.get('user')!;
				try {
					const before = await themes.get(id);
					const theme = await themes.update(id, body);
					await auth.audit(user.id, 'theme_updated', {
						wave: theme.waveId,
						theme: id,
						...(before && before.name !== theme.name ? { from: before.name } : {}),
						name: theme.name
					});
					return context.json({ theme });
				} catch (error) {
					refusal(error);
				}
			}
		)
		.delete('/free-text/themes/:id', staff, async (context) => {
			const id = themeId(context.req.param('id'));
			const user = context.get('user')!;
			try {
				const { theme, untagged } = await themes.remove(id);
				await auth.audit(user.id, 'theme_deleted', {
					wave: theme.waveId,
					theme: id,
					name: theme.name,
					tags: untagged
				});
				return context.json({ deleted: id });
			} catch (error) {
				refusal(error);
			}
		})
		.put(
			'/free-text/answers/:id/themes',
			staff,
			jsonBody(answerThemesSchema, 'The themes are not valid'),
			async (context) => {
				const responseId = context.req.param('id');
				const body = context.req.valid('json');
				const user = context.get('user')!;
				try {
					const tagged = await themes.tag(responseId, body.themes, user.id);
					await auth.audit(user.id, 'answer_tagged', { answer: responseId, themes: tagged });
					return context.json({ id: responseId, themes: tagged });
				} catch (error) {
					refusal(error);
				}
			}
		);
}

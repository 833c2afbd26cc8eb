import { Hono } from 'hono';
import type { AuthService } from '../auth/auth.service.js';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import { ApiError } from '../lib/errors.js';
import { readJson } from '../lib/json-body.js';
import { OUTCOMES, weDidSchema } from '../lib/staff-schemas.js';
import { checked, jsonBody } from '../lib/validation.js';
import {
	type YouSaidPublication,
	YouSaidError,
	type WeDidAction,
	type YouSaidService
} from '../services/you-said.service.js';

/**
 * "You said": the headline results told back to young people, public and easy read. The public
 * route serves only the latest snapshot staff published (stored as its public body), never live
 * figures; the staff routes preview and publish one (issue 11, item 4).
 */
export function youSaidRoutes(youSaid: YouSaidService) {
	return new Hono().get('/', async (context) => {
		const body = await youSaid.publicBody();
		// no-cache: a browser may keep it (the service worker does, for offline use) but asks first.
		context.header('Cache-Control', 'no-cache');
		if (body === null) return context.json({ available: false });
		// The stored text as published: later responses, role changes or code changes cannot alter it.
		return context.body(body, 200, { 'content-type': 'application/json; charset=UTF-8' });
	});
}

/** wave must name a wave; compare is one baseline's id, or absent for no comparison. */
function selection(wave: unknown, compare: unknown) {
	const details = [
		...(typeof wave !== 'string' || wave.trim() === ''
			? [{ field: 'wave', code: 'required', message: 'wave is required' }]
			: []),
		...(compare !== undefined && compare !== null && typeof compare !== 'string'
			? [{ field: 'compare', code: 'invalid', message: 'compare must be one baseline wave id' }]
			: [])
	];
	if (details.length > 0) throw new ApiError(400, 'invalid_body', details[0]!.message, details);
	return {
		wave: (wave as string).trim(),
		compare: typeof compare === 'string' && compare.trim() !== '' ? compare.trim() : null
	};
}

type Selection = ReturnType<typeof selection>;
/** The wire shape of a selection: a wave's id and, optionally, one baseline's. */
type SelectionInput = { wave: string; compare?: string | null };

const selectionQuery = checked<'query', { wave: string; compare?: string }, Selection>(
	'query',
	(context) => selection(context.req.query('wave'), context.req.query('compare'))
);
const selectionBody = checked<'json', SelectionInput, Selection>('json', async (context) => {
	const body = await readJson<{ wave?: unknown; compare?: unknown }>(context);
	return selection(body.wave, body.compare);
});

function refusal(error: unknown): never {
	if (error instanceof YouSaidError)
		throw new ApiError(error.status, 'invalid_selection', error.message, [
			{ field: error.field, code: 'invalid', message: error.message }
		]);
	throw error;
}

export function youSaidStaffRoutes(youSaid: YouSaidService, auth: AuthService) {
	return new Hono<StaffEnv>()
		.get('/preview', requireRole('admin', 'analyst'), selectionQuery, async (context) => {
			const { wave, compare } = context.req.valid('query');
			try {
				return context.json({ preview: await youSaid.preview(wave, compare) });
			} catch (error) {
				refusal(error);
			}
		})
		.get('/published', requireRole('admin', 'analyst'), async (context) => {
			const latest = await youSaid.latest();
			if (!latest) return context.json({ snapshot: null });
			const { body, ...snapshot } = latest;
			return context.json({
				snapshot: { ...snapshot, publication: JSON.parse(body) as YouSaidPublication },
				actions: await youSaid.actions(latest.id)
			});
		})
		.put(
			'/actions',
			requireRole('admin', 'analyst'),
			jsonBody(weDidSchema, 'The "we did" actions are not valid'),
			async (context) => {
				const body = context.req.valid('json');
				const user = context.get('user')!;
				const actions = OUTCOMES.flatMap((outcome): WeDidAction[] => {
					const action = body.actions[String(outcome)];
					if (!action) return [];
					const translations = Object.fromEntries(
						Object.entries(action.translations ?? {}).filter(
							(entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''
						)
					);
					if (action.text === '' && Object.keys(translations).length > 0) {
						const field = `actions.${outcome}.text`;
						throw new ApiError(400, 'invalid_body', `${field} is required with a translation`, [
							{ field, code: 'required', message: `${field} is required with a translation` }
						]);
					}
					return [{ outcome, text: action.text, translations }];
				});
				try {
					const saved = await youSaid.saveActions(body.snapshot, actions, user.id);
					await auth.audit(user.id, 'you_said_actions_saved', {
						snapshot: body.snapshot,
						outcomes: saved.map((action) => action.outcome)
					});
					return context.json({ actions: saved });
				} catch (error) {
					refusal(error);
				}
			}
		)
		.post('/publish', requireRole('admin', 'analyst'), selectionBody, async (context) => {
			const { wave, compare } = context.req.valid('json');
			const user = context.get('user')!;
			if (user.role === 'rep') throw new ApiError(403, 'forbidden', 'A rep may not do this');
			try {
				const { body: publication, ...snapshot } = await youSaid.publish(wave, compare, {
					id: user.id,
					email: user.email,
					role: user.role
				});
				await auth.audit(user.id, 'you_said_published', { wave, compare, snapshot: snapshot.id });
				return context.json(
					{ snapshot: { ...snapshot, publication: JSON.parse(publication) as YouSaidPublication } },
					201
				);
			} catch (error) {
				refusal(error);
			}
		});
}

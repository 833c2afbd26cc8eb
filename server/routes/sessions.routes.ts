import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService, StaffUser } from '../auth/auth.service.js';
import { ApiError } from '../lib/errors.js';
import { readJson } from '../lib/json-body.js';
import { publishCount } from '../disclosure/index.js';
import { sessionSchema } from '../lib/staff-schemas.js';
import { jsonBody } from '../lib/validation.js';
import type { BenchmarkService } from '../services/benchmark.service.js';
import {
	type NewSession,
	type SessionsService,
	type SurveySession
} from '../services/sessions.service.js';

/** What a phone may know about a session: its name and defaults, nothing about other responses. */
const publicSettings = (session: SurveySession) => ({
	code: session.code,
	name: session.name,
	defaultMode: session.defaultMode,
	defaultLocale: session.defaultLocale
});

/** POST /sessions/join: anyone with the code (rate limited with the other public writes). */
export function joinRoutes(sessions: SessionsService) {
	return new Hono().post('/', async (context) => {
		const body = await readJson<{ code?: unknown }>(context);
		const code = typeof body.code === 'string' ? body.code.trim().toUpperCase() : '';
		const session = await sessions.get(code);
		if (!session)
			throw new ApiError(404, 'unknown_session', 'There is no session with this code', [
				{ field: 'code', code: 'unknown', message: 'no session has this code' }
			]);
		if (session.closedAt)
			throw new ApiError(410, 'session_closed', 'This session has finished', [
				{ field: 'code', code: 'closed', message: 'the session is closed' }
			]);
		return context.json({ session: publicSettings(session) });
	});
}

/**
 * Staff: create, list and close sessions (reps and analysts run them). A rep sees and manages only
 * the sessions they created (issue 12 item 12); another's session is answered as unknown, so a rep
 * cannot learn which codes exist. Admins and analysts see all.
 */
export function sessionsRoutes(
	sessions: SessionsService,
	auth: AuthService,
	benchmark: BenchmarkService
) {
	const mayManage = async (user: StaffUser, code: string) =>
		user.role !== 'rep' || (await sessions.creatorOf(code)) === user.id;
	return (
		new Hono<StaffEnv>()
			.use(requireRole('admin', 'analyst', 'rep'))
			// Reps see how many responses arrived, never under 10 as a number (server/stats/README.md).
			.get('/', async (context) => {
				const user = context.get('user')!;
				const list = await sessions.list(user.role === 'rep' ? user.id : undefined);
				return context.json({
					sessions: list.map((session) => ({
						...session,
						received: publishCount(session.received)
					}))
				});
			})
			.post('/', jsonBody(sessionSchema, 'The session is not valid'), async (context) => {
				const body: NewSession = context.req.valid('json');
				const problems = await sessions.problems(body);
				if (problems.length > 0)
					throw new ApiError(400, 'invalid_body', 'The session is not valid', problems);
				const session = await sessions.create(body, context.get('user')!.id);
				await auth.audit(context.get('user')!.id, 'session_created', { code: session.code });
				return context.json({ session }, 201);
			})
			// A session's results are for analysts, and only once it is closed: while it runs, a rep
			// could watch them change as each young person hands the tablet back.
			.get('/:code/results', requireRole('admin', 'analyst'), async (context) => {
				const session = await sessions.get(context.req.param('code'));
				if (!session || !(await mayManage(context.get('user')!, session.code)))
					throw new ApiError(404, 'unknown_session', 'There is no session with this code');
				if (!session.closedAt) return context.json({ available: false, reason: 'session_open' });
				return context.json(await benchmark.sessionResults(session.code, session.waveId));
			})
			.post('/:code/close', async (context) => {
				if (!(await mayManage(context.get('user')!, context.req.param('code'))))
					throw new ApiError(404, 'unknown_session', 'There is no session with this code');
				const session = await sessions.close(context.req.param('code'));
				if (!session)
					throw new ApiError(404, 'unknown_session', 'There is no session with this code');
				await auth.audit(context.get('user')!.id, 'session_closed', { code: session.code });
				return context.json({ session });
			})
	);
}

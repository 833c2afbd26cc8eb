import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import type { AuthService } from '../auth/auth.service.js';
import { ApiError } from '../lib/errors.js';
import { readJson } from '../lib/json-body.js';
import type { BenchmarkService } from '../services/benchmark.service.js';
import { type NewSession, type SessionsService, type SurveySession } from '../services/sessions.service.js';

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
		if (!session) throw new ApiError(404, 'unknown_session', 'There is no session with this code', [{ field: 'code', code: 'unknown', message: 'no session has this code' }]);
		if (session.closedAt) throw new ApiError(410, 'session_closed', 'This session has finished', [{ field: 'code', code: 'closed', message: 'the session is closed' }]);
		return context.json({ session: publicSettings(session) });
	});
}

/** Staff: create, list and close sessions (reps and analysts run them). */
export function sessionsRoutes(sessions: SessionsService, auth: AuthService, benchmark: BenchmarkService) {
	return new Hono<StaffEnv>()
		.use(requireRole('admin', 'analyst', 'rep'))
		.get('/', async (context) => context.json({ sessions: await sessions.list() }))
		.post('/', async (context) => {
			const body = await readJson<NewSession>(context);
			const problems = await sessions.problems(body);
			if (problems.length > 0) throw new ApiError(400, 'invalid_body', 'The session is not valid', problems);
			const session = await sessions.create(body, context.get('user')!.id);
			await auth.audit(context.get('user')!.id, 'session_created', { code: session.code });
			return context.json({ session }, 201);
		})
		.get('/:code/results', async (context) => {
			const session = await sessions.get(context.req.param('code'));
			if (!session) throw new ApiError(404, 'unknown_session', 'There is no session with this code');
			return context.json(await benchmark.sessionResults(session.code));
		})
		.post('/:code/close', async (context) => {
			const session = await sessions.close(context.req.param('code'));
			if (!session) throw new ApiError(404, 'unknown_session', 'There is no session with this code');
			await auth.audit(context.get('user')!.id, 'session_closed', { code: session.code });
			return context.json({ session });
		});
}

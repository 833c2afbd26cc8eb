import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { currentQuestionnaire, type Questionnaire } from '#survey';
import { AuthService } from './auth/auth.service.js';
import type { ScryptCost } from './auth/passwords.js';
import { csrfGuard, loadStaffUser, type StaffEnv } from './auth/staff-auth.js';
import type { OpenDatabase } from './db/client.js';
import { ApiError, errorBody, sendError } from './lib/errors.js';
import { limitBody } from './lib/json-body.js';
import type { RateLimitOptions } from './lib/rate-limit.js';
import { securityHeaders } from './lib/security-headers.js';
import { staticFiles } from './lib/static-files.js';
import { authRoutes } from './routes/auth.routes.js';
import { benchmarkRoutes } from './routes/benchmark.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { insightsRoutes } from './routes/insights.routes.js';
import { questionnaireRoutes } from './routes/questionnaire.routes.js';
import { responsesRoutes } from './routes/responses.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { wavesRoutes } from './routes/waves.routes.js';
import { youSaidRoutes, youSaidStaffRoutes } from './routes/you-said.routes.js';
import { joinRoutes, sessionsRoutes } from './routes/sessions.routes.js';
import { SessionsService } from './services/sessions.service.js';
import { rateLimit } from './lib/rate-limit.js';
import { AttributionService } from './services/attribution.service.js';
import { BenchmarkService } from './services/benchmark.service.js';
import { InsightsService } from './services/insights.service.js';
import { ImportService } from './services/import.service.js';
import { ResponsesService } from './services/responses.service.js';
import { WavesService } from './services/waves.service.js';
import { YouSaidService } from './services/you-said.service.js';

export interface AppDeps {
	database: OpenDatabase;
	clock?: () => Date;
	/** The built app (normally build/); omitted in tests of the API alone and under `npm run dev`. */
	staticDir?: string;
	definition?: Questionnaire;
	/** Public write limits per client address. */
	rateLimit?: Partial<RateLimitOptions>;
	/** Sign-in attempts per client address (default 10 a minute), on top of the per-email throttle. */
	loginRateLimit?: Partial<RateLimitOptions>;
	/** scrypt cost for new passwords (tests use a cheap one). */
	passwordCost?: ScryptCost;
}

/** The whole server: the API under /api/v1 and, when given, the built app. Tests use it via app.request(). */
export function createApp(deps: AppDeps) {
	const clock = deps.clock ?? (() => new Date());
	const definition = deps.definition ?? currentQuestionnaire;
	const waves = new WavesService(deps.database, clock);
	const sessions = new SessionsService(deps.database, clock);
	// A response belongs to its session's wave when it has one, else to the wave open on arrival.
	const attribution = new AttributionService(waves, sessions);
	const responses = new ResponsesService(deps.database, definition, (at, sessionCode) => attribution.attribute(at, sessionCode));
	const auth = new AuthService(deps.database, clock, deps.passwordCost);
	const imports = new ImportService(deps.database, waves, clock);
	const benchmark = new BenchmarkService(deps.database, waves, definition, clock);
	const youSaid = new YouSaidService(deps.database, waves, benchmark, clock);
	const ingestLimit: RateLimitOptions = { limit: 120, windowMs: 60_000, ...deps.rateLimit };
	const loginLimit: RateLimitOptions = { limit: 10, windowMs: 60_000, ...deps.loginRateLimit };

	const staff = new Hono<StaffEnv>()
		// Baseline CSV files arrive as JSON; 20 MB is far beyond any survey's, and nothing larger is read.
		.use(limitBody(20 * 1024 * 1024, 'split the file'))
		.use(loadStaffUser(auth))
		.route('/auth', authRoutes(auth, { loginLimit, clock }))
		.use(csrfGuard())
		.route('/waves', wavesRoutes(waves, imports, auth))
		.route('/sessions', sessionsRoutes(sessions, auth, benchmark))
		.route('/users', usersRoutes(auth, deps.database))
		.route('/you-said', youSaidStaffRoutes(youSaid, auth))
		.route('/', benchmarkRoutes(benchmark, auth))
		.route('/', insightsRoutes(new InsightsService(deps.database)));

	const api = new Hono()
		.route('/health', healthRoutes(deps.database))
		.route('/questionnaire', questionnaireRoutes(definition))
		.route('/responses', responsesRoutes(responses, clock, ingestLimit))
		.route('/you-said', youSaidRoutes(youSaid))
		.use('/sessions/join', rateLimit(ingestLimit))
		.route('/sessions/join', joinRoutes(sessions))
		.route('/', staff);

	const app = new Hono();
	app.use(securityHeaders());
	app.use(compress());
	app.route('/api/v1', api);
	if (deps.staticDir) app.use(staticFiles(deps.staticDir));

	app.notFound((context) =>
		context.req.path.startsWith('/api/')
			? context.json(errorBody('not_found', `No API route for ${context.req.method} ${context.req.path}`), 404)
			: context.text('Not found', 404)
	);
	app.onError((error, context) => {
		if (error instanceof ApiError) return sendError(context, error);
		console.error('unhandled error:', error);
		return sendError(context, new ApiError(500, 'internal_error', 'Something went wrong on the server'));
	});
	return app;
}

export type AppType = ReturnType<typeof createApp>;

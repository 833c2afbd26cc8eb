import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { currentQuestionnaire, type Questionnaire } from '#survey';
import { AuthService, type Role } from './auth/auth.service.js';
import { normaliseEmail } from './auth/email.js';
import type { ScryptCost } from './auth/passwords.js';
import {
	csrfGuard,
	loadStaffUser,
	requirePasswordChosen,
	type StaffEnv
} from './auth/staff-auth.js';
import type { OpenDatabase } from './db/client.js';
import { ApiError, errorBody, sendError } from './lib/errors.js';
import {
	IMPORT_BODY_BYTES,
	limitBody,
	PUBLIC_BODY_BYTES,
	STAFF_BODY_BYTES
} from './lib/json-body.js';
import type { RateLimitOptions } from './lib/rate-limit.js';
import { securityHeaders } from './lib/security-headers.js';
import type { ShutdownTasks } from './lib/shutdown.js';
import { staticFiles } from './lib/static-files.js';
import { authRoutes } from './routes/auth.routes.js';
import { benchmarkRoutes } from './routes/benchmark.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { importTemplateRoutes } from './routes/import-template.routes.js';
import { HealthService } from './services/health.service.js';
import { insightsRoutes } from './routes/insights.routes.js';
import { themesRoutes } from './routes/themes.routes.js';
import { questionnaireRoutes } from './routes/questionnaire.routes.js';
import { responsesRoutes } from './routes/responses.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { wavesRoutes } from './routes/waves.routes.js';
import { youSaidRoutes, youSaidStaffRoutes } from './routes/you-said.routes.js';
import { joinRoutes, sessionsRoutes } from './routes/sessions.routes.js';
import { SessionsService } from './services/sessions.service.js';
import { proxyAware, rateLimit } from './lib/rate-limit.js';
import { AttributionService } from './services/attribution.service.js';
import { BenchmarkService } from './services/benchmark.service.js';
import { InsightsService } from './services/insights.service.js';
import { ThemesService } from './services/themes.service.js';
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
	/** TRUST_PROXY: proxies in front of the server whose X-Forwarded-For/-Proto to believe (default 0). */
	trustProxy?: number;
	/** PUBLIC_ORIGIN: the one origin staff writes may come from; https makes cookies Secure/__Host-. */
	publicOrigin?: string;
	/** Days the audit log is kept (AUDIT_RETENTION_DAYS, default 365). */
	auditRetentionDays?: number;
	/** Graceful shutdown waits for these (server/index.ts); the ingest queue registers its drain. */
	shutdown?: ShutdownTasks;
	/** MFA_EXEMPT_EMAILS: accounts that need no second factor (refused in production by index.ts). */
	mfaExemptEmails?: readonly string[];
	/** Which roles need a second factor when an admin has not said (default DEFAULT_MFA_REQUIRED). */
	mfaRequiredByDefault?: Record<Role, boolean>;
}

/** The whole server: the API under /api/v1 and, when given, the built app. Tests use it via app.request(). */
export function createApp(deps: AppDeps) {
	const clock = deps.clock ?? (() => new Date());
	const definition = deps.definition ?? currentQuestionnaire;
	const waves = new WavesService(deps.database, clock);
	const sessions = new SessionsService(deps.database, clock);
	// A response belongs to its session's wave when it has one, else to the wave open on arrival.
	const attribution = new AttributionService(waves, sessions);
	const responses = new ResponsesService(deps.database, definition, (at, sessionCode) =>
		attribution.attribute(at, sessionCode)
	);
	deps.shutdown?.add(() => responses.idle());
	const auth = new AuthService(deps.database, clock, deps.passwordCost);
	auth.auditRetentionDays = deps.auditRetentionDays ?? 365;
	auth.mfaExemptEmails = new Set(deps.mfaExemptEmails?.map(normaliseEmail));
	if (deps.mfaRequiredByDefault) auth.mfaRequiredByDefault = deps.mfaRequiredByDefault;
	const imports = new ImportService(deps.database, waves, clock);
	const benchmark = new BenchmarkService(deps.database, waves, definition, clock);
	const youSaid = new YouSaidService(deps.database, waves, benchmark, clock);
	const ingestLimit: RateLimitOptions = { limit: 120, windowMs: 60_000, ...deps.rateLimit };
	const loginLimit: RateLimitOptions = { limit: 10, windowMs: 60_000, ...deps.loginRateLimit };

	// Every route that reads a body has a limit (issue 12 item 1): imports 20 MB, other staff JSON
	// 64 KB, sign-in/out 16 KB like the public session join; responses have their own 1 MB.
	const importLimit = limitBody(IMPORT_BODY_BYTES, 'split the file');
	const staffLimit = limitBody(STAFF_BODY_BYTES);
	const publicLimit = limitBody(PUBLIC_BODY_BYTES);
	const staff = new Hono<StaffEnv>()
		.use((context, next) => {
			const path = context.req.path;
			const limit = /\/waves\/[^/]+\/import(\/preview)?$/.test(path)
				? importLimit
				: path.startsWith('/api/v1/auth/')
					? publicLimit
					: staffLimit;
			return limit(context, next);
		})
		// Nothing a signed-in person sees may be kept by a browser or proxy cache (issue 12 item 2).
		.use(async (context, next) => {
			await next();
			context.header('Cache-Control', 'no-store');
		})
		.use(loadStaffUser(auth))
		.use(requirePasswordChosen())
		.route('/auth', authRoutes(auth, { loginLimit, clock }))
		.use(csrfGuard())
		.route('/waves', wavesRoutes(waves, imports, auth))
		.route('/import', importTemplateRoutes())
		.route('/sessions', sessionsRoutes(sessions, auth, benchmark))
		.route('/users', usersRoutes(auth))
		.route('/you-said', youSaidStaffRoutes(youSaid, auth))
		.route('/', benchmarkRoutes(benchmark, auth))
		.route('/', themesRoutes(new ThemesService(deps.database, clock), auth))
		.route('/', insightsRoutes(new InsightsService(deps.database)));

	const api = new Hono()
		.route('/health', healthRoutes(new HealthService(deps.database)))
		.route('/questionnaire', questionnaireRoutes(definition))
		.route('/responses', responsesRoutes(responses, clock, ingestLimit))
		.route('/you-said', youSaidRoutes(youSaid))
		.use('/sessions/join', rateLimit(ingestLimit), limitBody(PUBLIC_BODY_BYTES))
		.route('/sessions/join', joinRoutes(sessions))
		.route('/', staff);

	// Chained, so the app's type carries every route: the dashboard's hono/client reads it (AppType).
	const app = new Hono()
		.use(proxyAware({ trustProxy: deps.trustProxy ?? 0, publicOrigin: deps.publicOrigin }))
		.use(securityHeaders())
		.use(compress())
		.route('/api/v1', api);
	if (deps.staticDir) app.use(staticFiles(deps.staticDir));

	app.notFound((context) =>
		context.req.path.startsWith('/api/')
			? context.json(
					errorBody('not_found', `No API route for ${context.req.method} ${context.req.path}`),
					404
				)
			: context.text('Not found', 404)
	);
	app.onError((error, context) => {
		if (error instanceof ApiError) return sendError(context, error);
		// A malformed percent-escape in the address is the client's mistake: 400, and no stack in the log.
		if (error instanceof URIError)
			return sendError(context, new ApiError(400, 'invalid_url', 'The address is not valid'));
		console.error('unhandled error:', error);
		return sendError(
			context,
			new ApiError(500, 'internal_error', 'Something went wrong on the server')
		);
	});
	return app;
}

export type AppType = ReturnType<typeof createApp>;

import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { currentQuestionnaire, type Questionnaire } from '#survey';
import type { OpenDatabase } from './db/client.js';
import { ApiError, errorBody, sendError } from './lib/errors.js';
import type { RateLimitOptions } from './lib/rate-limit.js';
import { securityHeaders } from './lib/security-headers.js';
import { staticFiles } from './lib/static-files.js';
import { healthRoutes } from './routes/health.routes.js';
import { questionnaireRoutes } from './routes/questionnaire.routes.js';
import { responsesRoutes } from './routes/responses.routes.js';
import { ResponsesService } from './services/responses.service.js';

export interface AppDeps {
	database: OpenDatabase;
	clock?: () => Date;
	/** The built app (normally build/); omitted in tests of the API alone and under `npm run dev`. */
	staticDir?: string;
	definition?: Questionnaire;
	/** Public write limits per client address. */
	rateLimit?: Partial<RateLimitOptions>;
}

/** The whole server: the API under /api/v1 and, when given, the built app. Tests use it via app.request(). */
export function createApp(deps: AppDeps) {
	const clock = deps.clock ?? (() => new Date());
	const definition = deps.definition ?? currentQuestionnaire;
	const responses = new ResponsesService(deps.database, definition);
	const ingestLimit: RateLimitOptions = { limit: 120, windowMs: 60_000, ...deps.rateLimit };

	const api = new Hono()
		.route('/health', healthRoutes(deps.database))
		.route('/questionnaire', questionnaireRoutes(definition))
		.route('/responses', responsesRoutes(responses, clock, ingestLimit));

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

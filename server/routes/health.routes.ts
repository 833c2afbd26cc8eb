import { Hono } from 'hono';
import type { HealthService } from '../services/health.service.js';

export function healthRoutes(health: HealthService) {
	return new Hono().get('/', async (context) =>
		(await health.isDatabaseReachable())
			? context.json({ status: 'ok', db: 'ok' })
			: context.json({ status: 'error', db: 'error' }, 503)
	);
}

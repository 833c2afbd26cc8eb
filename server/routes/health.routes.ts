import { Hono } from 'hono';
import type { OpenDatabase } from '../db/client.js';

export function healthRoutes(database: OpenDatabase) {
	return new Hono().get('/', async (context) => {
		try {
			await database.client.execute('SELECT 1');
			return context.json({ status: 'ok', db: 'ok' });
		} catch {
			return context.json({ status: 'error', db: 'error' }, 503);
		}
	});
}

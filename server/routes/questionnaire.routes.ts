import { Hono } from 'hono';
import type { Questionnaire } from '#survey';

export function questionnaireRoutes(definition: Questionnaire) {
	return new Hono().get('/', (context) => {
		context.header('Cache-Control', 'no-cache');
		return context.json(definition);
	});
}

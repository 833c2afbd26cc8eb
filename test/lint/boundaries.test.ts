import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/architecture.md are held by eslint.config.js. Each case lints a scratch
 * file at a path in one layer (nothing is written to disk) and expects the boundary rule to fire;
 * the allowed twin shows the rule is not simply firing on everything.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return result!.messages
		.filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
		.map((message) => message.message);
}

// ESLint's first lint loads the TypeScript and Svelte parsers: seconds on a busy machine.
describe('lint boundaries', { timeout: 60_000 }, () => {
	it.each([
		[
			'src/lib/state/scratch.ts',
			"import { readFileSync } from 'node:fs';\nreadFileSync('x');",
			'Node'
		],
		[
			'src/routes/scratch.ts',
			"import { flowFor } from '$lib/survey/flow';\nflowFor();",
			"entry '#survey'"
		],
		[
			'src/lib/survey/scratch.ts',
			"import { writable } from 'svelte/store';\nwritable(1);",
			'engine knows no Svelte'
		],
		[
			'server/services/scratch.ts',
			"import { Hono } from 'hono';\nnew Hono();",
			'Hono belongs to routes'
		],
		[
			'server/stats/scratch.ts',
			"import { openDatabase } from '../db/client.js';\nopenDatabase();",
			'Only services'
		],
		['server/routes/scratch.ts', "import { sql } from 'drizzle-orm';\nsql``;", 'Only services'],
		[
			'src/lib/dashboard/scratch.ts',
			"import { WavesService } from '../../../server/services/waves.service.js';\nnew WavesService();",
			'over HTTP'
		],
		[
			'src/lib/dashboard/scratch.ts',
			"import { Hono } from 'hono';\nnew Hono();",
			'through hono/client'
		],
		// A value import of the app would bundle the whole server: only `import type` may cross.
		[
			'src/lib/dashboard/scratch.ts',
			"import { createApp } from '../../../server/app.js';\nexport const app = createApp;",
			'over HTTP'
		]
	])('%s: a crossing import is an error', async (filePath, code, reason) => {
		const messages = await restrictedImports(filePath, code);
		expect(messages.join('\n')).toContain(reason);
	});

	it.each([
		['src/lib/state/scratch.ts', "import { flowFor } from '#survey';\nflowFor();"],
		['server/routes/scratch.ts', "import { Hono } from 'hono';\nnew Hono();"],
		['server/services/scratch.ts', "import { sql } from 'drizzle-orm';\nsql``;"],
		[
			'src/lib/dashboard/scratch.ts',
			"import type { AppType } from '../../../server/app.js';\nexport type A = AppType;"
		],
		['src/lib/dashboard/scratch.ts', "import { hc } from 'hono/client';\nhc('/');"]
	])('%s: an allowed import passes', async (filePath, code) => {
		expect(await restrictedImports(filePath, code)).toEqual([]);
	});
});

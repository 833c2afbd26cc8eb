// Lint holds the layers of docs/architecture.md so they do not rest on memory.
// Formatting is Prettier's job, so no stylistic rules here.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Engine reached through its one door (`#survey`), never by a deep path. */
const engineDeepPaths = {
	group: ['**/lib/survey/*', '$lib/survey/*', '**/src/lib/survey/*'],
	message: "Import the survey engine through its entry '#survey' only."
};
const nodeBuiltins = {
	group: ['node:*'],
	message: 'Browser code cannot use Node built-ins.'
};
const database = {
	group: ['**/db/*', '**/db/client*', 'drizzle-orm', 'drizzle-orm/*', '@libsql/*'],
	message: 'Only services (and server start-up) touch the database.'
};
const hono = {
	group: ['hono', 'hono/*', '@hono/*'],
	message: 'Hono belongs to routes and the app, not to services or maths.'
};
// `import type` is allowed (AppType types the dashboard's hono/client); a value import is not.
/** The browser reaches the API through hono/client; the rest of Hono (types aside) is the server's. */
const honoInBrowser = {
	regex: '^(hono|hono/(?!client$).*|@hono/.*)$',
	message: 'Browser code calls the API through hono/client; the rest of Hono is the server’s.',
	allowTypeImports: true
};
const serverCode = {
	group: ['**/server/*', '**/server/**'],
	message: 'The app talks to the server over HTTP (hono/client with AppType), not by importing it.',
	allowTypeImports: true
};

const restrict = (...patterns) => ({
	'@typescript-eslint/no-restricted-imports': ['error', { patterns }],
	'no-restricted-imports': 'off'
});

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'coverage/',
			'bench/peers/',
			'static/',
			'migrations/',
			'.scratch/',
			'dist/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// The app is served at the root (no `paths.base`), so resolve() would change nothing.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	// Browser code: no Node, no server internals, engine through its door.
	{
		files: ['src/**'],
		rules: restrict(engineDeepPaths, nodeBuiltins, serverCode, database, honoInBrowser)
	},
	// The engine: plain TypeScript shared by client and server.
	{
		files: ['src/lib/survey/**'],
		rules: restrict(nodeBuiltins, database, hono, {
			group: [
				'svelte',
				'svelte/*',
				'$app/*',
				'$lib/*',
				'idb',
				'i18next',
				'**/lib/state/*',
				'**/lib/offline/*',
				'**/lib/components/*',
				'**/lib/i18n/*',
				'**/lib/dashboard/*'
			],
			message: 'The engine knows no Svelte, DOM storage, i18n or other app code.'
		})
	},
	{ files: ['server/**', 'scripts/**', 'bench/**', 'test/**'], rules: restrict(engineDeepPaths) },
	{ files: ['server/services/**'], rules: restrict(engineDeepPaths, hono) },
	{
		files: ['server/stats/**', 'server/disclosure/**'],
		rules: restrict(engineDeepPaths, hono, database, {
			group: ['**/services/*', '**/routes/*'],
			message: 'Maths depends on nothing but the engine.'
		})
	},
	{
		files: ['server/routes/**'],
		rules: restrict(engineDeepPaths, database, {
			group: ['**/db/schema*'],
			message: 'Routes validate and call services; services own all SQL.'
		})
	}
);

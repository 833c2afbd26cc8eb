import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import {
	AuthService,
	DEFAULT_MFA_REQUIRED,
	ENFORCED_MFA_REQUIRED,
	type Role
} from './auth/auth.service.js';
import { DEFAULT_DATABASE_URL, openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { fromPackageRoot } from './lib/package-root.js';
import { installGracefulShutdown, ShutdownTasks } from './lib/shutdown.js';
import { ensureDemoLogin } from './seed/demo-login.js';
import { seedIllustrativeData } from './seed/seed.js';
import { WavesService } from './services/waves.service.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
// The built app next to the package (not the working folder), so `node dist/server/index.js` finds
// it from anywhere; STATIC_DIR='' serves no app (npm run dev), a relative STATIC_DIR is from here.
const staticDir =
	process.env.STATIC_DIR === undefined ? fromPackageRoot('build') : process.env.STATIC_DIR;
const shutdownGraceMs = Number(process.env.SHUTDOWN_GRACE_MS || 10_000);
if (!Number.isFinite(shutdownGraceMs) || shutdownGraceMs < 0)
	throw new Error('SHUTDOWN_GRACE_MS must be a number of milliseconds (0 or more)');
const isProduction = process.env.NODE_ENV === 'production';
const trustProxy = Number(process.env.TRUST_PROXY || 0);
if (!Number.isInteger(trustProxy) || trustProxy < 0)
	throw new Error('TRUST_PROXY must be a whole number of proxies (0 or more)');
const publicOrigin = process.env.PUBLIC_ORIGIN || undefined;
if (publicOrigin && !/^https?:\/\/[^/]+$/.test(new URL(publicOrigin).origin))
	throw new Error('PUBLIC_ORIGIN must be scheme://host[:port]');

// Accounts that need no second factor (docs/security.md): for the demo analyst on illustrative data
// and the browser tests only, so production refuses to start with it rather than ignore it quietly.
const mfaExemptEmails = (process.env.MFA_EXEMPT_EMAILS ?? '')
	.split(',')
	.map((email) => email.trim())
	.filter(Boolean);
// REQUIRE_MFA=true: admins and analysts must use a second factor (docs/security.md).
const isMfaRequired = process.env.REQUIRE_MFA === 'true';
if (isProduction && mfaExemptEmails.length > 0)
	throw new Error('MFA_EXEMPT_EMAILS may not be set when NODE_ENV=production');

const database = openDatabase(databaseUrl, process.env.DATABASE_AUTH_TOKEN);
await migrateDatabase(database);
const currentWave = await new WavesService(database).ensureCurrentWave();

// A fresh database outside production gets the ILLUSTRATIVE baselines and a demo analyst login.
const notices: string[] = [];
if (
	!isProduction &&
	process.env.SEED_ILLUSTRATIVE !== 'false' &&
	(await seedIllustrativeData(database))
) {
	notices.push(
		'Loaded ILLUSTRATIVE (invented) 2019 and 2020 baselines and a demonstration repeat wave.'
	);
}
const auth = new AuthService(database);
if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD && (await auth.countUsers()) === 0) {
	await auth.createUser(process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD, 'admin' as Role);
	notices.push(
		`Created the first admin, ${process.env.ADMIN_EMAIL}, from ADMIN_EMAIL / ADMIN_PASSWORD.`
	);
}
const demo = await ensureDemoLogin(database, { isProduction, auth });
if (demo.created) {
	notices.push(
		`Demo analyst login for the dashboard: ${demo.created.email} / ${demo.created.password}`
	);
	notices.push(
		'This password is random for this database and is shown only now; the login ends when the illustrative data is replaced.'
	);
}
if (isMfaRequired && demo.created && !mfaExemptEmails.includes(demo.created.email))
	notices.push(
		`The demo analyst is asked to set up an authenticator app at sign-in; start with MFA_EXEMPT_EMAILS=${demo.created.email} to skip it (never in production).`
	);
if (demo.disabled)
	notices.push(
		'The demo analyst login was disabled: there is no illustrative data any more (or this is production).'
	);

const shutdownTasks = new ShutdownTasks();
const app = createApp({
	database,
	staticDir: staticDir && existsSync(staticDir) ? staticDir : undefined,
	shutdown: shutdownTasks,
	rateLimit: process.env.RATE_LIMIT_PER_MINUTE
		? { limit: Number(process.env.RATE_LIMIT_PER_MINUTE) }
		: undefined,
	auditRetentionDays: process.env.AUDIT_RETENTION_DAYS
		? Number(process.env.AUDIT_RETENTION_DAYS)
		: undefined,
	trustProxy,
	publicOrigin,
	mfaExemptEmails,
	mfaRequiredByDefault: isMfaRequired ? ENFORCED_MFA_REQUIRED : DEFAULT_MFA_REQUIRED
});
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
	const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
	console.log(`Be Supported is running at http://${shownHost}:${info.port}`);
	console.log(`Dashboard for staff: http://${shownHost}:${info.port}/dashboard`);
	console.log(`Database: ${databaseUrl}; responses now go to wave ${currentWave.id}`);
	for (const notice of notices) console.log(notice);
});

installGracefulShutdown({
	// serve() gives an http.Server unless told to make an HTTP/2 one.
	server: server as Server,
	tasks: shutdownTasks,
	close: () => database.client.close(),
	graceMs: shutdownGraceMs
});

import { randomBytes } from 'node:crypto';
import { AuthService } from '../auth/auth.service.js';
import type { OpenDatabase } from '../db/client.js';
import { WavesService } from '../services/waves.service.js';

/** The demo analyst's email (example.org is reserved for examples, RFC 2606: never a real person). */
export const DEMO_EMAIL = 'demo-analyst@example.org';

export interface DemoLoginOutcome {
	/** Set only when the login was made now: the one time its password is known and printed. */
	created?: { email: string; password: string };
	/** The demo login existed but may no longer be used (production, or the illustrative data is gone). */
	disabled: boolean;
}

/**
 * The demo login exists only while the illustrative data does and never in production. It is made
 * on a database with illustrative waves and no users, with a random password for that database
 * alone (printed once, at the start that made it); at any later start where the illustrative waves
 * were replaced, or under NODE_ENV=production, it is disabled and its sessions end.
 */
export async function ensureDemoLogin(
	database: OpenDatabase,
	{
		isProduction,
		auth = new AuthService(database),
		waves = new WavesService(database)
	}: { isProduction: boolean; auth?: AuthService; waves?: WavesService }
): Promise<DemoLoginOutcome> {
	const isAllowed = !isProduction && (await waves.hasIllustrativeWaves());
	const existing = await auth.findUserByEmail(DEMO_EMAIL);
	if (!isAllowed) {
		if (!existing || existing.isDisabled) return { disabled: false };
		await auth.updateUser(existing.id, { isDisabled: true });
		await auth.audit(null, 'user_updated', {
			userId: existing.id,
			email: DEMO_EMAIL,
			isDisabled: { from: false, to: true },
			reason: 'demo login: no illustrative data, or production'
		});
		return { disabled: true };
	}
	if (existing || (await auth.countUsers()) > 0) return { disabled: false };
	const password = randomBytes(15).toString('base64url');
	await auth.createUser(DEMO_EMAIL, password, 'analyst');
	return { created: { email: DEMO_EMAIL, password }, disabled: false };
}

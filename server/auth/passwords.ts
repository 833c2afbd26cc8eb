import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt from node:crypto, a memory-hard KDF. N = 2^17, r = 8, p = 1 is the
 * OWASP Password Storage Cheat Sheet's recommended minimum (128 MiB per hash). Tests may pass a
 * lower cost; the stored string records its own parameters.
 */
export interface ScryptCost {
	N: number;
	r: number;
	p: number;
}

export const DEFAULT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
	const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
	return new Promise((resolve, reject) =>
		scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)))
	);
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, cost);
	return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, N, r, p, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Rules for a new password (OWASP ASVS 6.2): 8 to 128 characters, not an obvious one. */
const COMMON = new Set(['password', 'password1', '12345678', '123456789', 'qwertyuiop', 'iloveyou', 'letmein1', 'welcome1', 'admin123', 'passw0rd']);

export function passwordProblem(password: string): string | null {
	if ([...password].length < 8) return 'must be at least 8 characters';
	if ([...password].length > 128) return 'must be at most 128 characters';
	if (COMMON.has(password.toLowerCase())) return 'is too common';
	return null;
}

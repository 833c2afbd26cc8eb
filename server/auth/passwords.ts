import { dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import {
	randomBytes,
	scrypt as scryptCallback,
	timingSafeEqual,
	type ScryptOptions
} from 'node:crypto';
import { normaliseEmail } from './email.js';

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

/**
 * At most this many hashes at once (issue 12 item 5). scrypt runs on libuv's thread pool, which file
 * reads share (4 threads unless UV_THREADPOOL_SIZE says otherwise): 8 concurrent sign-ins took every
 * thread and a survey page waited 6–10 s. Further hashes wait their turn in order.
 */
export const MAX_CONCURRENT_HASHES = 2;

let running = 0;
let mostRunning = 0;
const waiting: (() => void)[] = [];

/** How many hashes run now, wait, and the most that ran at once (for tests). */
export function hashingLoad(): { running: number; waiting: number; mostRunning: number } {
	return { running, waiting: waiting.length, mostRunning };
}

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	mostRunning = Math.max(mostRunning, running);
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
	const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
	return withHashSlot(
		() =>
			new Promise((resolve, reject) =>
				scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
					error ? reject(error) : resolve(key)
				)
			)
	);
}

export async function hashPassword(
	password: string,
	cost: ScryptCost = DEFAULT_COST
): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, cost);
	return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Marks a stored hash as set by an admin: the user must choose a new password at next sign-in.
 * Kept in the hash column itself, so no schema change is needed; verifyPassword reads through it.
 */
export const MUST_CHANGE_PREFIX = 'must-change$';

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, N, r, p, salt, key] = (
		stored.startsWith(MUST_CHANGE_PREFIX) ? stored.slice(MUST_CHANGE_PREFIX.length) : stored
	).split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await scrypt(password, Buffer.from(salt, 'base64'), {
		N: Number(N),
		r: Number(r),
		p: Number(p)
	});
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The 49,233 most common passwords from public breach corpora, as bundled by zxcvbn-ts
 * (@zxcvbn-ts/language-common, MIT): 11111111, qwerty123 and password123 are in it.
 */
const COMMON = new Set<string>(
	commonDictionary['passwords-common'].map((word: string) => word.toLowerCase())
);

/** The shortest password accepted (OWASP ASVS 5.0 §6.2.1: at least 12 characters without MFA). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Rules for a new password (OWASP ASVS 5.0 §6.2): 12 to 128 characters (counted as code points),
 * not one character repeated or only spaces, not in the common-password list, and not the email:
 * what is left after taking out the email, or its part before @, must still be 8 characters.
 */
export function passwordProblem(password: string, email = ''): string | null {
	const length = [...password].length;
	if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
	if (length > 128) return 'must be at most 128 characters';
	const lower = password.toLowerCase();
	if (new Set(lower.replace(/\s/g, '')).size <= 1) return 'must not be one character repeated';
	if (COMMON.has(lower) || COMMON.has(lower.trim())) return 'is one of the most common passwords';
	const address = normaliseEmail(email);
	const local = address.split('@')[0] ?? '';
	for (const part of [address, local]) {
		if (part.length >= 3 && [...lower.split(part).join('')].length < 8)
			return 'must not be based on the email address';
	}
	return null;
}

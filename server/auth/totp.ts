import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP per RFC 6238 with the parameters every authenticator app supports: HMAC-SHA-1, 6 digits,
 * 30 s steps, and one step either side for clock drift (RFC 6238 §5.2). The arithmetic is the
 * `otpauth` package's (a maintained implementation), not ours.
 */
export const TOTP_PERIOD_S = 30;
export const TOTP_WINDOW = 1;
const ISSUER = 'Be Supported';

const totpFor = (secret: string, email: string) =>
	new TOTP({
		issuer: ISSUER,
		label: email,
		algorithm: 'SHA1',
		digits: 6,
		period: TOTP_PERIOD_S,
		secret: Secret.fromBase32(secret)
	});

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits), base32 as authenticator apps expect. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads from the QR code. */
export const otpauthUri = (secret: string, email: string): string =>
	totpFor(secret, email).toString();

/** The time step a 6-digit code is valid for at `now`, or null when it matches no step in the window. */
export function matchingStep(
	secret: string,
	email: string,
	code: string,
	now: Date
): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const delta = totpFor(secret, email).validate({
		token: code,
		timestamp: now.getTime(),
		window: TOTP_WINDOW
	});
	return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}

/** The code for a secret at a time (tests and the e2e set-up compute codes as an app would). */
export const totpCode = (secret: string, now: Date): string =>
	totpFor(secret, 'x').generate({ timestamp: now.getTime() });

/** No look-alikes (0/o, 1/l/i), so a code copied onto paper is typed back right. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten random codes of 10 characters (about 49 bits each), shown as "abcde-fghjk". */
export const newRecoveryCodes = (): string[] =>
	Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const chars = Array.from(
			{ length: 10 },
			() => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
		).join('');
		return `${chars.slice(0, 5)}-${chars.slice(5)}`;
	});

/** The form a recovery code is stored and compared in: case, spaces and the dash do not matter. */
export const normaliseRecoveryCode = (code: string): string =>
	code.toLowerCase().replace(/[\s-]/g, '');

/**
 * Recovery codes are stored as sha256: they are random and long enough that a fast hash cannot be
 * searched (OWASP ASVS 5.0 §6.5.2 allows an approved hash for such high-entropy secrets).
 */
export const hashRecoveryCode = (code: string): string =>
	createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');

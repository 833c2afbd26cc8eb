/**
 * How a staff email is stored and compared: trimmed and in lower case, so "Ann@Council.gov.uk " is
 * the same account (and the same sign-in throttle) as "ann@council.gov.uk".
 */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

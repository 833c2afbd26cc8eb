import { ApiFailure } from './api';
import { loginHref } from './return-path';

/**
 * The one place that decides what a person sees when a staff request fails (issue 15): every
 * dashboard and rep page passes what it caught here instead of wording failures itself.
 */

export const NETWORK_MESSAGE = 'Could not reach the server; check the connection and try again.';
export const FORBIDDEN_MESSAGE = 'You do not have access to this. An admin can change your role.';
export const SIGNED_OUT_MESSAGE = 'Your sign-in has ended. Sign in again to carry on.';
export const UNEXPECTED_MESSAGE = 'Something went wrong on this page. Reload it and try again.';

export interface ShownFailure {
	/** The sentence for the page's alert. */
	message: string;
	/** The server's message for each field it named (for pages that show errors by their fields). */
	fields: Record<string, string>;
	/**
	 * Where to send the person instead: the sign-in page when the session ended (returning here
	 * afterwards), or the step the server says must come first (a new password, a second factor).
	 */
	redirect: string | null;
}

/** What the person sees for `failure`, anything a page caught; `here` is the page to come back to. */
export function describeFailure(failure: unknown, here: string): ShownFailure {
	if (!(failure instanceof ApiFailure)) {
		// A bug in the page, not a refusal: say so plainly and keep the detail for the console.
		console.error(failure);
		return { message: UNEXPECTED_MESSAGE, fields: {}, redirect: null };
	}
	if (failure.status === 0) return { message: NETWORK_MESSAGE, fields: {}, redirect: null };
	// A wrong password or code on the sign-in page is a 401 too: the server's words, no redirect.
	if (failure.status === 401 && failure.code === 'unauthenticated')
		return { message: SIGNED_OUT_MESSAGE, fields: {}, redirect: loginHref(here) };
	if (failure.code === 'password_change_required')
		return { message: 'Choose a new password first.', fields: {}, redirect: '/dashboard/password' };
	if (failure.code === 'mfa_enrolment_required')
		return {
			message: 'Set up the second sign-in step first.',
			fields: {},
			redirect: '/dashboard/security'
		};
	if (failure.status === 403 && failure.code === 'forbidden')
		return { message: FORBIDDEN_MESSAGE, fields: {}, redirect: null };
	return { message: failure.message, fields: fieldsOf(failure.details), redirect: null };
}

/** The server's per-field details (`[{ field, message }]`) by field; the first message for each wins. */
function fieldsOf(details: unknown): Record<string, string> {
	const fields: Record<string, string> = {};
	if (!Array.isArray(details)) return fields;
	for (const detail of details as { field?: unknown; message?: unknown }[])
		if (
			typeof detail?.field === 'string' &&
			typeof detail.message === 'string' &&
			!(detail.field in fields)
		)
			fields[detail.field] = detail.message;
	return fields;
}

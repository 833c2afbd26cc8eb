import { redirect } from '@sveltejs/kit';
import { handRound } from '$lib/state/hand-round.svelte';
import { joinedSessions } from '$lib/state/joined-session.svelte';
import { api, ApiFailure, firstStepFor, type StaffUser } from './api';
import { describeFailure } from './errors';
import { LOGIN_PATH, loginHref } from './return-path';

/**
 * The auth guard of the staff pages (/dashboard and /rep), run by their `load` in the browser:
 * the signed-in user, fetched once per navigation and handed to the page as data. Signed out, it
 * sends the browser to the sign-in page (coming back here afterwards); a forced step (a new
 * password, a second factor) comes before any other page. Null where no user is needed or may be
 * asked for: the sign-in page itself, and a shared tablet in hand-round mode, where StaffGate
 * asks for the rep's PIN and nothing staff is fetched. When the server cannot say (no connection,
 * a fault), `failure` is what the page shows instead: an error thrown from a layout's load would
 * be shown by the respondents' error page, which knows nothing of staff.
 */
export async function staffAccess(
	url: URL
): Promise<{ user: StaffUser | null; failure: string | null }> {
	const none = { user: null, failure: null };
	if (url.pathname === LOGIN_PATH) return none;
	handRound.load();
	if (handRound.isActive) return none;
	const here = url.pathname + url.search;
	joinedSessions.load();
	// A phone that joined a session by code holds no staff session (StaffGate says the same).
	if (joinedSessions.active) {
		await api.logout().catch(() => undefined);
		redirect(307, loginHref(here));
	}
	let user: StaffUser;
	try {
		user = (await api.me()).user;
	} catch (failure) {
		if (failure instanceof ApiFailure && failure.status === 401) redirect(307, loginHref(here));
		return { user: null, failure: describeFailure(failure, here).message };
	}
	const first = firstStepFor(user);
	if (first && url.pathname !== first) redirect(307, first);
	return { user, failure: null };
}

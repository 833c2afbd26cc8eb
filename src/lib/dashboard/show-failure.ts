import { goto } from '$app/navigation';
import { describeFailure, type ShownFailure } from './errors';

/**
 * For pages: what to show for `failure` (see describeFailure), and going where it says when the
 * session has ended (the sign-in page, returning here afterwards) or another step comes first.
 */
export function showFailure(failure: unknown): ShownFailure {
	const shown = describeFailure(failure, location.pathname + location.search);
	if (shown.redirect && shown.redirect !== location.pathname)
		void goto(shown.redirect, { replaceState: true });
	return shown;
}

/** The sentence only, for pages without field errors. */
export const failureMessage = (failure: unknown): string => showFailure(failure).message;

import type { Mode } from '#survey';
import { session } from './app';
import { preferences } from './preferences.svelte';

/**
 * The way a young person is doing the survey: the draft's mode once started, otherwise the one
 * chosen on the welcome page or in Settings. Read in `$derived`, so screens follow a change.
 */
export function respondentMode(): Mode {
	return session.draft?.mode ?? preferences.mode;
}

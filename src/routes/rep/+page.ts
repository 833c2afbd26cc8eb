import { staffAccess } from '$lib/dashboard/staff-access';
import type { PageLoad } from './$types';

// The rep's set-up page needs the server (sign-in, sessions): not prerendered.
export const prerender = false;
export const ssr = false;

export const load: PageLoad = ({ url }) => staffAccess(url);

import { staffAccess } from '$lib/dashboard/staff-access';
import type { LayoutLoad } from './$types';

// Staff pages run only in the browser and are never prerendered or precached for respondents.
export const prerender = false;
export const ssr = false;

/** Every staff page gets the signed-in user from here (see staffAccess): pages do not ask again. */
export const load: LayoutLoad = ({ url }) => staffAccess(url);

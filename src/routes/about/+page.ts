import { languages } from '$lib/i18n';
import type { PageLoad } from './$types';

// Each language's own name and review status (the other languages load only here and when chosen).
export const load: PageLoad = async () => ({ languages: await languages() });

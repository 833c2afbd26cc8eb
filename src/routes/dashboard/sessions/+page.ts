import { languages } from '$lib/i18n';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ languages: await languages() });

import { languages } from '$lib/i18n';
import { locale } from '$lib/state/locale.svelte';
import type { PageLoad } from './$types';

// Each language's own name and review status (the other languages load only here and when chosen),
// and this screen's wording (the later part of the English interface wording) before it renders.
export const load: PageLoad = async () => {
	const [all] = await Promise.all([languages(), locale.loadLaterWording()]);
	return { languages: all };
};

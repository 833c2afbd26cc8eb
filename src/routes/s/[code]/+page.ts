import { locale } from '$lib/state/locale.svelte';
import type { PageLoad } from './$types';

// Session codes are made at run time: this page is served by the app shell, not prerendered.
export const prerender = false;
export const ssr = false;

// The joining screen's wording is in the later part of the English interface wording.
export const load: PageLoad = async ({ params }) => {
	await locale.loadLaterWording();
	return { code: params.code.toUpperCase() };
};

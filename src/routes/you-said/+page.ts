import { locale } from '$lib/state/locale.svelte';
import type { PageLoad } from './$types';

// This screen's wording is in the later part of the English interface wording: here before it renders.
export const load: PageLoad = () => locale.loadLaterWording();

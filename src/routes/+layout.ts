// The whole respondent journey is prerendered so the service worker can precache it.
export const prerender = true;
export const trailingSlash = 'never';

// Staff pages run only in the browser and are never prerendered or precached for respondents.
export const prerender = false;
export const ssr = false;

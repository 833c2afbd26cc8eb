// The rep's set-up page needs the server (sign-in, sessions): not prerendered.
export const prerender = false;
export const ssr = false;

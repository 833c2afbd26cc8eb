// Session codes are made at run time: this page is served by the app shell, not prerendered.
export const prerender = false;
export const ssr = false;

export const load = ({ params }: { params: { code: string } }) => ({
	code: params.code.toUpperCase()
});

// The two parts of the English interface wording (made by scripts/vite-wording-parts.ts).
declare module '*/ui.json?first' {
	const wording: Record<string, unknown>;
	export default wording;
}
declare module '*/ui.json?later' {
	const wording: Record<string, unknown>;
	export default wording;
}

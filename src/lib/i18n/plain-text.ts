/** Resource text without its markup (**bold**, <bdi>): for titles, screen-reader labels and speech. */
export function plainText(text: string): string {
	return text.replace(/\*\*|<\/?bdi>/g, '');
}

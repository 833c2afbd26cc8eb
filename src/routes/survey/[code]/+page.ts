import { error } from '@sveltejs/kit';
import { currentQuestionnaire, findItem } from '#survey';
import type { EntryGenerator, PageLoad } from './$types';

// One prerendered page per question, so every question is precached for offline use.
export const entries: EntryGenerator = () =>
	currentQuestionnaire.items.map((item) => ({ code: item.code }));

export const load: PageLoad = ({ params }) => {
	if (!findItem(currentQuestionnaire, params.code)) error(404, 'Question not found');
	return { code: params.code };
};

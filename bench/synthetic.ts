// Realistic, valid responses for the benchmarks: every mode, the mode's scale, skips, specials,
// several options in multi-selects, some free text. Seeded, so every run sends the same shapes.
import { randomUUID } from 'node:crypto';
import { currentQuestionnaire, pruneHiddenAnswers, type Mode, type SurveyResponse } from '#survey';

const TEXTS = [
	'More youth clubs',
	'Someone to talk to at school who has time',
	'Información en mi idioma',
	'أن يستمع إلي الكبار',
	'Więcej informacji w szkole'
];

export function syntheticResponses(seed = 1) {
	let state = seed;
	const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
	const pick = <T>(options: readonly T[]) => options[Math.floor(random() * options.length)]!;
	const definition = currentQuestionnaire;

	return function syntheticResponse(id: string = randomUUID()): SurveyResponse {
		const roll = random();
		const mode: Mode = roll < 0.7 ? 'standard' : roll < 0.9 ? 'easy_read' : 'send';
		const scale = definition.scales[definition.scaleForMode[mode]];
		const answers: Record<string, string | string[]> = {};
		for (const item of definition.items) {
			if (random() < 0.05) continue;
			if (item.type === 'agree') answers[item.code] = random() < 0.05 ? 'dont_know' : pick(scale);
			else if (item.type === 'single')
				answers[item.code] = random() < 0.05 ? 'prefer_not' : pick(item.options ?? []);
			else if (item.type === 'multi') {
				const options = (item.options ?? []).filter((option) => !item.exclusive?.includes(option));
				const chosen = new Set(
					[pick(options), pick(options), pick(options)].slice(0, 1 + Math.floor(random() * 3))
				);
				answers[item.code] = [...chosen];
			} else if (item.type === 'text' && random() < 0.3) answers[item.code] = pick(TEXTS);
		}
		const completedAt = new Date(
			Date.UTC(2026, 10, 1 + Math.floor(random() * 20), 9 + Math.floor(random() * 8))
		);
		return {
			id,
			questionnaireVersion: definition.version,
			mode,
			locale: pick(['en-GB', 'en-GB', 'en-GB', 'pl', 'ar']),
			startedAt: new Date(completedAt.getTime() - 6 * 60_000).toISOString(),
			completedAt: completedAt.toISOString(),
			answers: pruneHiddenAnswers(definition, answers)
		};
	};
}

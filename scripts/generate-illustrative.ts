// Writes the ILLUSTRATIVE baseline files in server/seed/: invented, plausible respondent-level
// data for 2019 (500), 2020 (400) and a demonstration repeat wave (300). Deterministic (seeded),
// so the committed files can be regenerated exactly: `npx tsx scripts/generate-illustrative.ts`.
import { writeFileSync } from 'node:fs';
import { currentQuestionnaire } from '#survey';

function prng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Share answering positively, per item, per wave: things improve a little over time. */
const POSITIVE_SHARE: Record<string, [number, number, number]> = {
	know_who_to_talk_to: [0.61, 0.63, 0.68],
	feel_listened_to: [0.52, 0.5, 0.57],
	feel_believed: [0.58, 0.57, 0.6],
	views_make_difference: [0.34, 0.36, 0.41],
	can_find_information: [0.55, 0.58, 0.6],
	information_understandable: [0.6, 0.61, 0.63],
	has_role_model: [0.7, 0.69, 0.72],
	staff_care: [0.66, 0.64, 0.7],
	staff_know_how_to_help: [0.59, 0.6, 0.62],
	staff_do_what_they_say: [0.51, 0.5, 0.55]
};

const TEXTS = [
	'More youth clubs open in the evenings',
	'Someone to talk to at school who is not a teacher',
	'Being able to message someone instead of calling',
	'Adults actually listening and not just saying they will',
	'Information on social media that is easy to find',
	'A drop-in place in town',
	'Shorter waiting lists for counselling',
	'Teachers who know about mental health',
	'Easy read leaflets with pictures',
	'Help with "anxiety" at exam time'
];

function pick<T>(random: () => number, options: readonly T[], weights?: number[]): T {
	const total = weights ? weights.reduce((a, b) => a + b, 0) : options.length;
	let roll = random() * total;
	for (let index = 0; index < options.length; index++) {
		roll -= weights ? weights[index]! : 1;
		if (roll < 0) return options[index]!;
	}
	return options[options.length - 1]!;
}

function generate(waveIndex: 0 | 1 | 2, count: number, seed: number, withModes: boolean): string {
	const random = prng(seed);
	const items = currentQuestionnaire.items;
	const header = [...items.map((item) => item.code), 'mode'];
	const lines = [header.join(',')];
	for (let row = 0; row < count; row++) {
		const mode = withModes
			? pick(random, ['standard', 'easy_read', 'send'] as const, [70, 20, 10])
			: 'standard';
		const send = pick(random, ['yes', 'no', 'not_sure', 'prefer_not', ''], [14, 70, 8, 3, 5]);
		const careExperienced = pick(random, ['yes', 'no', 'prefer_not', ''], [6, 86, 4, 4]);
		// Some groups feel less supported: the breakdowns then show something to look at.
		const penalty = (send === 'yes' ? 0.08 : 0) + (careExperienced === 'yes' ? 0.1 : 0);
		const values: Record<string, string> = {};
		for (const item of items) {
			if (random() < 0.04) continue; // skipped
			if (item.type === 'agree') {
				if (random() < 0.05) {
					values[item.code] =
						mode !== 'standard' && random() < 0.5 ? 'dont_understand' : 'dont_know';
					continue;
				}
				const isPositive = random() < POSITIVE_SHARE[item.code]![waveIndex] - penalty;
				values[item.code] =
					mode === 'standard'
						? isPositive
							? pick(random, ['strongly_agree', 'agree'], [35, 65])
							: pick(random, ['neither', 'disagree', 'strongly_disagree'], [45, 35, 20])
						: isPositive
							? 'yes'
							: pick(random, ['sometimes', 'no'], [60, 40]);
			} else if (item.type === 'multi') {
				if (
					item.code === 'role_model_who' &&
					['disagree', 'strongly_disagree', 'no'].includes(values.has_role_model ?? '')
				)
					continue;
				const options = (item.options ?? []).filter((option) => !item.exclusive?.includes(option));
				const chosen = options.filter(() => random() < 0.25);
				values[item.code] =
					chosen.length > 0
						? chosen.join(';')
						: item.exclusive?.[0] && random() < 0.5
							? item.exclusive[0]
							: (options[0] ?? '');
			} else if (item.type === 'text') {
				if (random() < 0.3) values[item.code] = pick(random, TEXTS);
			} else if (item.code === 'send') values[item.code] = send;
			else if (item.code === 'care_experienced') values[item.code] = careExperienced;
			else if (item.code === 'age_band')
				values[item.code] = pick(
					random,
					['8_10', '11_13', '14_16', '17_19', '20_25', 'prefer_not'],
					[12, 30, 32, 18, 5, 3]
				);
			else
				values[item.code] = pick(
					random,
					[...(item.options ?? []), 'prefer_not'],
					[...(item.options ?? []).map(() => 10), 2]
				);
		}
		values.mode = mode;
		lines.push(
			header
				.map((code) => {
					const value = values[code] ?? '';
					return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
				})
				.join(',')
		);
	}
	return lines.join('\n') + '\n';
}

writeFileSync('server/seed/illustrative-2019.csv', generate(0, 500, 2019, false));
writeFileSync('server/seed/illustrative-2020.csv', generate(1, 400, 2020, false));
writeFileSync('server/seed/illustrative-demo-repeat.csv', generate(2, 300, 2025, true));
console.log('Wrote ILLUSTRATIVE data to server/seed/');

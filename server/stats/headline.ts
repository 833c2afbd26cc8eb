import type { Cell, Comparison } from './benchmark.js';

/** How each agree item reads in a headline: "More young people {phrase} than in 2019". */
export const ITEM_PHRASES: Record<string, string> = {
	know_who_to_talk_to: 'know who to talk to',
	feel_listened_to: 'feel listened to by adults',
	feel_believed: 'feel believed by adults',
	views_make_difference: 'think their views make a difference',
	can_find_information: 'can find information about support',
	information_understandable: 'get information in a way they understand',
	has_role_model: 'have someone who inspires them',
	staff_care: 'feel that staff care about them',
	staff_know_how_to_help: 'feel that staff know how to help them',
	staff_do_what_they_say: 'trust staff to do what they say'
};

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** What a headline says about the report it sits in. */
export interface HeadlineContext {
	/** How many comparisons the report's Benjamini–Hochberg adjustment covered (1 or absent: none). */
	family?: number;
	/** This wave pools 5-point (standard) and 3-point (easy read, symbols) answers. */
	pooledScales?: boolean;
}

/**
 * A plain-English headline for one item against one baseline, e.g.
 * "More young people know who to talk to than in 2019 (68% vs 61%, a significant increase)".
 */
export function headline(
	item: string,
	current: Cell | undefined,
	baseline: Cell | undefined,
	comparison: Comparison,
	baselineName: string,
	context: HeadlineContext = {}
): string {
	const phrase = ITEM_PHRASES[item] ?? item.replace(/_/g, ' ');
	if (comparison.status === 'no_data' || !current || !baseline)
		return `No ${baselineName} figure to compare with for young people who ${phrase}`;
	if (comparison.status !== 'shown' || current.status !== 'shown' || baseline.status !== 'shown') {
		return `Not shown for this group, to protect a small group (compared with ${baselineName})`;
	}
	const figures = `${percent(current.pct)} vs ${percent(baseline.pct)}`;
	// Significance is decided by the q-value (server/stats/README.md), so the sentence says so.
	const adjusted =
		context.family && context.family > 1
			? ` after adjusting for ${context.family} comparisons`
			: '';
	const caveat =
		(comparison.comparable ? '' : '; not directly comparable') +
		(context.pooledScales ? '; this wave pools 5-point and 3-point answers' : '');
	if (comparison.direction === 'improved')
		return `More young people ${phrase} than in ${baselineName} (${figures}, a significant increase${adjusted}${caveat})`;
	if (comparison.direction === 'declined')
		return `Fewer young people ${phrase} than in ${baselineName} (${figures}, a significant decrease${adjusted}${caveat})`;
	return `About the same share of young people ${phrase} as in ${baselineName} (${figures}, no significant change${adjusted}${caveat})`;
}

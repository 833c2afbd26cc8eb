import { HIDDEN_TEXT, type AgreeItemReport, type BenchmarkReport, type Comparison } from './api';
import type { ReportLabels } from './labels';

export const pct = (share: number): string => `${Math.round(share * 100)}%`;

/**
 * A change is "clear" when the server's direction says so: from issue 14 on, that is decided by
 * the Benjamini–Hochberg q-value (q < 0.05) over the whole report, so about 1 in 20 of the changes
 * called clear may be chance rather than 1 in 20 of all the tests run.
 */
export function isClearChange(comparison: Comparison): boolean {
	if (comparison.status !== 'shown') return false;
	if (comparison.q !== undefined) return comparison.q < 0.05;
	return comparison.direction !== 'no_significant_change';
}

export interface ChangeMarker {
	/** Never colour alone: a symbol and words (WCAG 1.4.1). */
	symbol: '▲' | '▼' | '–' | '';
	words: string;
	kind: 'better' | 'worse' | 'same' | 'hidden' | 'none';
	/** "+6 points" or '' when hidden. */
	points: string;
}

const whole = (value: number) => Math.round(value) || 0; // never "-0"

export function changeMarker(comparison: Comparison | undefined): ChangeMarker {
	if (!comparison || comparison.status === 'no_data')
		return { symbol: '', words: 'no figure to compare', kind: 'none', points: '' };
	if (comparison.status !== 'shown')
		return { symbol: '', words: HIDDEN_TEXT, kind: 'hidden', points: '' };
	const difference = whole(comparison.differencePoints);
	// A real minus sign (U+2212), as GOV.UK's style for numbers asks, and "1 point", not "1 points".
	const sign = difference > 0 ? '+' : difference < 0 ? '\u2212' : '';
	const size = Math.abs(difference);
	const points = `${sign}${size} ${size === 1 ? 'point' : 'points'}`;
	if (isClearChange(comparison) && comparison.differencePoints > 0)
		return { symbol: '▲', words: 'better', kind: 'better', points };
	if (isClearChange(comparison) && comparison.differencePoints < 0)
		return { symbol: '▼', words: 'worse', kind: 'worse', points };
	return { symbol: '–', words: 'no clear change', kind: 'same', points };
}

/**
 * Who a group is, inside a sentence: "young people aged 14 to 16". Yes/no breakdowns read as a
 * description; the rest name the breakdown and the answer, so any label the server sends fits.
 */
export function groupPhrase(labels: ReportLabels, by: string, value: string): string {
	const name = labels.group(by);
	const answer = labels.value(by, value);
	if (value === 'prefer_not')
		return `young people who preferred not to say (${name.toLowerCase()})`;
	if (value === 'not_stated')
		return `young people whose answer was not recorded (${name.toLowerCase()})`;
	if (value === 'all') return 'young people';
	if (by === 'age_band') return `young people aged ${answer}`;
	if (by === 'mode')
		return `young people doing the survey in ${answer.replace(/ \(.*\)$/, '').toLowerCase()} mode`;
	return `young people who answered “${answer}” (${name.toLowerCase()})`;
}

/**
 * One plain-English sentence for each group whose change is clear after adjustment, e.g.
 * "Fewer young people aged 14 to 16 agreed “When I talk to adults …” than in 2019 (62% vs 74%)."
 * Built from the figures and wording in the report: nothing here is written per item.
 */
export function groupHeadlines(
	report: Pick<BenchmarkReport, 'by' | 'baselines'>,
	item: AgreeItemReport,
	labels: ReportLabels,
	currentId: string
): string[] {
	const sentences: string[] = [];
	const wording = labels.item(item.item, item.label);
	for (const group of item.groups) {
		for (const baseline of report.baselines) {
			const comparison = group.comparisons[baseline.id];
			const now = group.cells[currentId];
			const before = group.cells[baseline.id];
			if (!comparison || !isClearChange(comparison)) continue;
			if (now?.status !== 'shown' || before?.status !== 'shown') continue;
			const who = report.by ? groupPhrase(labels, report.by, group.group) : 'young people';
			const more = now.pct > before.pct ? 'More' : 'Fewer';
			sentences.push(
				`${more} ${who} agreed “${wording}” than in ${baseline.name} (${pct(now.pct)} vs ${pct(before.pct)}).`
			);
		}
	}
	return sentences;
}

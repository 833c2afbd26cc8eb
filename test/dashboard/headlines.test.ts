import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/lib/i18n/index.js';
import type { AgreeItemReport, Cell, Comparison, LabelSet } from '../../src/lib/dashboard/api.js';
import { changeMarker, groupHeadlines, isClearChange } from '../../src/lib/dashboard/headlines.js';
import { ReportLabels } from '../../src/lib/dashboard/labels.js';

// The real i18n resources, as the dashboard reads them.
const translator = createI18n('en-GB');
const translate = {
	t: (key: string) => translator.t(key),
	has: (key: string) => translator.exists(key) && translator.t(key) !== ''
};
const labels = new ReportLabels(translate);

const shown = (positive: number, n: number): Cell => ({
	status: 'shown',
	n,
	positive,
	pct: positive / n,
	ci: { lower: 0, upper: 1 },
	lowBase: false,
	excluded: { dont_know: null, dont_understand: null, prefer_not: null }
});
type Shown = Extract<Comparison, { status: 'shown' }>;
const change = (differencePoints: number, p: number, q = p): Shown => ({
	status: 'shown',
	differencePoints,
	ci: { lower: differencePoints - 5, upper: differencePoints + 5 },
	p,
	q,
	z: differencePoints / 5,
	significant: q < 0.05,
	direction: q >= 0.05 ? 'no_significant_change' : differencePoints > 0 ? 'improved' : 'declined',
	comparable: true
});

describe('labels for every code a report holds', () => {
	it.each([
		['age_band', '8_10', '8 to 10'],
		['gender', 'non_binary', 'Non-binary'],
		['district', 'cherwell', 'Cherwell (for example Banbury or Bicester)'],
		['district', 'dont_know', "I don't know"],
		['age_band', 'prefer_not', 'Preferred not to say'],
		['age_band', 'not_stated', 'Not recorded'],
		['', 'all', 'Everyone'],
		['mode', 'easy_read', 'Easy read (3-point answers)']
	])('%s %s → %s', (group, code, words) => {
		expect(labels.value(group, code)).toBe(words);
	});

	it('words items and breakdowns from the questionnaire, and prefers what the server sends', () => {
		expect(labels.item('feel_listened_to')).toBe(
			'When I talk to adults about things that matter to me, they listen'
		);
		expect(labels.group('age_band')).toBe('Age');
		const server: LabelSet = {
			items: [{ code: 'feel_listened_to', label: 'Adults listen to me', outcome: 13 }],
			groups: [{ code: 'age_band', label: 'Age band', values: [{ code: '8_10', label: '8–10' }] }],
			settings: [{ code: 'college', label: 'A college' }],
			districts: []
		};
		const fromServer = new ReportLabels(translate, server);
		expect(fromServer.item('feel_listened_to')).toBe('Adults listen to me');
		// Breakdown names stay short (the server's group label is the question itself).
		expect(fromServer.group('age_band')).toBe('Age');
		expect(fromServer.group('setting')).toBe(labels.group('setting'));
		expect(fromServer.value('age_band', '8_10')).toBe('8–10');
		expect(fromServer.settings()).toEqual([{ code: 'college', label: 'A college' }]);
		expect(fromServer.item('x', 'From the report')).toBe('From the report');
	});

	it('lists settings and districts in words for the sessions page', () => {
		expect(labels.settings().map((entry) => entry.label)).toContain('Secondary school');
		expect(labels.districts().find((entry) => entry.code === 'oxford')?.label).toBe('Oxford');
		for (const entry of [...labels.settings(), ...labels.districts()])
			expect(entry.label).not.toMatch(/_/);
	});
});

describe('change markers', () => {
	it('decides by the adjusted q-value when the server sends one', () => {
		// p < 0.05 but q ≥ 0.05: not a clear change once the many comparisons are allowed for.
		expect(isClearChange({ ...change(-8, 0.01, 0.2), direction: 'declined' })).toBe(false);
		expect(isClearChange(change(-8, 0.01, 0.03))).toBe(true);
		expect(isClearChange(change(-8, 0.01))).toBe(true);
	});

	it.each([
		[change(12.6, 0.001, 0.004), '▲', 'better', '+13 points'],
		[change(-7.2, 0.001, 0.01), '▼', 'worse', '\u22127 points'],
		[change(-1.2, 0.3, 0.5), '–', 'no clear change', '\u22121 point'],
		[change(0.6, 0.8, 0.9), '–', 'no clear change', '+1 point'],
		[change(-0.3, 0.9, 0.95), '–', 'no clear change', '0 points'],
		[{ status: 'suppressed' } as Comparison, '', 'not shown, to protect a small group', ''],
		[{ status: 'no_data' } as Comparison, '', 'no figure to compare', '']
	])('%j', (comparison, symbol, words, points) => {
		expect(changeMarker(comparison)).toMatchObject({ symbol, words, points });
	});
});

describe('headline sentences for groups', () => {
	const item: AgreeItemReport = {
		item: 'feel_listened_to',
		label: 'When I talk to adults about things that matter to me, they listen',
		outcome: 13,
		outcomeLabel: null,
		comparable: true,
		groups: [
			{
				group: '14_16',
				label: '14 to 16',
				cells: { now: shown(62, 100), y2019: shown(74, 100) },
				comparisons: { y2019: change(-12, 0.01, 0.04) },
				headlines: {}
			},
			{
				group: '11_13',
				label: '11 to 13',
				cells: { now: shown(60, 100), y2019: shown(70, 100) },
				comparisons: { y2019: change(-10, 0.03, 0.08) },
				headlines: {}
			},
			{
				group: '8_10',
				label: '8 to 10',
				cells: { now: { status: 'suppressed', label: 'fewer than 10' }, y2019: shown(70, 100) },
				comparisons: { y2019: { status: 'suppressed' } },
				headlines: {}
			}
		]
	};
	const report = { by: 'age_band', baselines: [{ id: 'y2019', name: '2019' }] } as Parameters<
		typeof groupHeadlines
	>[0];

	it('writes one sentence per group whose change survives the adjustment, from the data', () => {
		expect(groupHeadlines(report, item, labels, 'now')).toEqual([
			'Fewer young people aged 14 to 16 agreed “When I talk to adults about things that matter to me, they listen” than in 2019 (62% vs 74%).'
		]);
	});

	it('says "More" for a rise and names other breakdowns by their answer', () => {
		const rise: AgreeItemReport = {
			...item,
			groups: [
				{
					group: 'non_binary',
					label: 'Non-binary',
					cells: { now: shown(80, 100), y2019: shown(60, 100) },
					comparisons: { y2019: change(20, 0.001, 0.002) },
					headlines: {}
				}
			]
		};
		const [sentence] = groupHeadlines({ ...report, by: 'gender' }, rise, labels, 'now');
		expect(sentence).toMatch(/^More young people who answered “Non-binary” \(gender\) agreed/);
		expect(sentence).toMatch(/\(80% vs 60%\)\.$/);
	});
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentQuestionnaire } from '#survey';
import { ImportService } from '../../server/services/import.service.js';
import { REPORT_COLUMNS } from '../../server/services/report-export.js';
import { WavesService } from '../../server/services/waves.service.js';
import type { AgreeItemReport, BenchmarkReport } from '../../server/services/benchmark.service.js';
import { aResponse, parseCsvTable, postResponses, signedInAs, testApp } from './helpers.js';

const WAVE = '2026-27';

/**
 * This wave: 150 standard (100 agree that they know who to talk to, 50 disagree; half 11–13,
 * half 14–16) and `easyRead` aged 11–13 in easy read (a quarter "yes"); 2019: 200 standard,
 * 110 agree, half 11–13 and half 14–16.
 */
async function reportApp(easyRead = 40) {
	const { app, database } = await testApp();
	const cookie = await signedInAs(app, database, 'analyst');
	const waves = new WavesService(database);
	await waves.create({
		id: '2019',
		name: '2019 survey',
		opensAt: null,
		closesAt: null,
		isBaseline: true,
		isIllustrative: false
	});
	const baselineRows = Array.from(
		{ length: 200 },
		(_, index) =>
			`${index < 110 ? 'agree' : 'disagree'},${index % 5 ? 'agree' : 'disagree'},${index % 2 ? '11_13' : '14_16'},standard`
	);
	const imports = new ImportService(database, waves);
	await imports.import(
		'2019',
		'respondent',
		['know_who_to_talk_to,feel_believed,age_band,mode', ...baselineRows].join('\n')
	);
	const responses = [
		...Array.from({ length: 150 }, (_, index) =>
			aResponse({
				answers: {
					know_who_to_talk_to: index < 100 ? 'agree' : 'disagree',
					feel_believed: index % 3 ? 'agree' : 'disagree',
					age_band: index % 2 ? '11_13' : '14_16'
				}
			})
		),
		...Array.from({ length: easyRead }, (_, index) =>
			aResponse({
				mode: 'easy_read',
				answers: { know_who_to_talk_to: index % 4 === 0 ? 'yes' : 'no', age_band: '11_13' }
			})
		)
	];
	for (let start = 0; start < responses.length; start += 100)
		expect(
			(await postResponses(app, { responses: responses.slice(start, start + 100) })).status
		).toBe(200);
	const get = (path: string) => app.request(path, { headers: { cookie } });
	const report = async (query: string) => {
		const answer = await get(`/api/v1/benchmark?wave=${WAVE}&compare=2019${query}`);
		expect(answer.status).toBe(200);
		return (await answer.json()) as BenchmarkReport;
	};
	return { get, report, imports, waves };
}

const knowWho = (report: BenchmarkReport): AgreeItemReport =>
	report.agreeItems.find((item) => item.item === 'know_who_to_talk_to')!;

/** BH by its closed form, written out again here: q(i) = min over j ≥ i of m·p(j)/j, capped at 1. */
function closedFormBH(p: number[]): number[] {
	const order = p.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
	const q = new Array<number>(p.length);
	order.forEach((entry, i) => {
		let smallest = 1;
		for (let j = i; j < order.length; j++)
			smallest = Math.min(smallest, (p.length * order[j]!.value) / (j + 1));
		q[entry.index] = smallest;
	});
	return q;
}

describe('the report in words', () => {
	it('labels every item, outcome, group and option with the questionnaire wording', async () => {
		const { report } = await reportApp();
		const overall = await report('');
		expect(knowWho(overall)).toMatchObject({
			label: 'I know who to talk to if I am worried or need help',
			outcomeLabel: 'I know who to speak to, and I will be listened to and believed'
		});
		expect(overall.byLabel).toBeNull();
		expect(knowWho(overall).groups[0]!.label).toBe('All young people');
		const byAge = await report('&by=age_band');
		expect(byAge.byLabel).toBe('How old are you?');
		expect(knowWho(byAge).groups.map((group) => [group.group, group.label])).toEqual([
			['8_10', '8 to 10'],
			['11_13', '11 to 13'],
			['14_16', '14 to 16'],
			['17_19', '17 to 19'],
			['20_25', '20 to 25'],
			['prefer_not', "I'd prefer not to say"],
			['not_stated', 'Not stated']
		]);
		const byMode = await report('&by=mode');
		expect(knowWho(byMode).groups.map((group) => group.label)).toEqual([
			'Standard',
			'Easy read',
			'Symbols and read aloud',
			'Not stated'
		]);
		for (const item of [...byAge.agreeItems, ...byAge.multiItems]) {
			expect(item.label).not.toBe(item.item);
			expect(item.label.length).toBeGreaterThan(10);
		}
		const who = byAge.multiItems.find((item) => item.item === 'who_would_you_talk_to')!;
		expect(who.groups[0]!.waves[WAVE]!.options[0]).toMatchObject({
			option: 'parent_carer',
			label: 'A parent or carer'
		});
	});

	it('GET /api/v1/labels gives codes and wording for pickers, settings and districts included', async () => {
		const { get } = await reportApp(0);
		const labels = (await (await get('/api/v1/labels')).json()) as {
			items: { code: string; label: string; outcome: number | null }[];
			groups: { code: string; label: string; values: { code: string; label: string }[] }[];
			settings: { code: string; label: string }[];
			districts: { code: string; label: string }[];
		};
		expect(labels.items.map((item) => item.code)).toEqual(
			currentQuestionnaire.items.map((item) => item.code)
		);
		expect(labels.items.every((item) => item.label && item.label !== item.code)).toBe(true);
		expect(labels.groups.map((group) => group.code)).toEqual([
			'mode',
			'age_band',
			'gender',
			'send',
			'care_experienced',
			'young_carer',
			'district',
			'setting'
		]);
		expect(labels.groups[2]!.values).toContainEqual({ code: 'non_binary', label: 'Non-binary' });
		expect(labels.districts[0]).toEqual({
			code: 'cherwell',
			label: 'Cherwell (for example Banbury or Bicester)'
		});
		expect(labels.settings.map((setting) => setting.code)).toContain('youth_group');
		expect(labels.settings.every((setting) => setting.label !== setting.code)).toBe(true);
	});
});

describe('multiple comparisons', () => {
	it('gives every shown comparison a Benjamini–Hochberg q over the whole report, and decides by it', async () => {
		const { report } = await reportApp();
		const byAge = await report('&by=age_band');
		const shown = byAge.agreeItems.flatMap((item) =>
			item.groups.flatMap((group) =>
				Object.values(group.comparisons).flatMap((comparison) =>
					comparison.status === 'shown' ? [comparison] : []
				)
			)
		);
		expect(shown.length).toBeGreaterThan(1);
		expect(byAge.multipleComparisons).toEqual({
			method: 'benjamini_hochberg',
			family: shown.length,
			threshold: 0.05
		});
		const q = closedFormBH(shown.map((comparison) => comparison.p));
		shown.forEach((comparison, index) => {
			expect(comparison.q).toBeCloseTo(q[index]!, 12);
			expect(comparison.q).toBeGreaterThanOrEqual(comparison.p);
			expect(comparison.significant).toBe(comparison.q < 0.05);
			if (!comparison.significant) expect(comparison.direction).toBe('no_significant_change');
		});
		const headline = Object.values(
			knowWho(byAge).groups.find((group) => group.group === '11_13')!.headlines
		)[0]!;
		expect(headline).toContain(`adjusting for ${shown.length} comparisons`);
	});
});

describe('like with like: filter=GROUP:VALUE', () => {
	it('restricts the current wave and every baseline to the same young people', async () => {
		const { report } = await reportApp();
		const overall = await report('');
		const standard = await report('&filter=mode:standard');
		const cells = (entry: BenchmarkReport) => knowWho(entry).groups[0]!.cells;
		expect(cells(overall)[WAVE]).toMatchObject({ status: 'shown', n: 190, positive: 110 });
		expect(cells(standard)[WAVE]).toMatchObject({ status: 'shown', n: 150, positive: 100 });
		// 2019 was all standard: the same figure either way.
		expect(cells(standard)['2019']).toMatchObject({ n: 200, positive: 110 });
		expect(standard.filters).toEqual([
			{ group: 'mode', value: 'standard', label: 'Way of doing the survey: Standard' }
		]);
		expect(knowWho(standard).groups[0]!.label).toBe('Standard');
		const byAge = await report('&filter=age_band:14_16');
		expect(cells(byAge)[WAVE]).toMatchObject({ n: 75, positive: 50 });
		// 2019's 14–16s are its even rows: 55 of the first 110 agree.
		expect(cells(byAge)['2019']).toMatchObject({ n: 100, positive: 55 });
	});

	it('says when a wave pools 5-point and 3-point answers, and not once filtered to standard', async () => {
		const { report } = await reportApp();
		const overall = await report('');
		expect(overall.scales).toEqual({ pooled: true, modes: ['standard', 'easy_read'] });
		expect(knowWho(overall).groups[0]!.headlines['2019']).toContain(
			'pools 5-point and 3-point answers'
		);
		const standard = await report('&filter=mode:standard');
		expect(standard.scales).toEqual({ pooled: false, modes: ['standard'] });
		expect(knowWho(standard).groups[0]!.headlines['2019']).not.toContain('pools');
		expect((await report('&filter=age_band:14_16')).scales).toEqual({
			pooled: false,
			modes: ['standard']
		});
		expect((await report('&filter=age_band:11_13')).scales.pooled).toBe(true);
	});

	it('lists a mode only once 10 young people used it: 1–9 reads exactly as none', async () => {
		// 4 in easy read, all aged 11–13: listing easy read would say that someone of them used it.
		const few = await reportApp(4);
		const none = await reportApp(0);
		for (const query of ['', '&filter=age_band:11_13', '&by=age_band']) {
			const scales = (await few.report(query)).scales;
			expect(scales).toEqual({ pooled: false, modes: ['standard'] });
			expect(scales).toEqual((await none.report(query)).scales);
		}
		// From 10 on it is listed, and the figures say they pool the two scales.
		expect((await (await reportApp(10)).report('')).scales).toEqual({
			pooled: true,
			modes: ['standard', 'easy_read']
		});
	});

	it('cannot be subtracted from the unfiltered report to expose a small group', async () => {
		// 4 young people in easy read: "all" minus "standard" would be exactly them.
		const { report } = await reportApp(4);
		const overall = await report('');
		expect(knowWho(overall).groups[0]!.cells[WAVE]).toMatchObject({ status: 'shown', n: 154 });
		for (const filter of ['mode:standard', 'mode:easy_read', 'age_band:11_13']) {
			const filtered = await report(`&filter=${filter}`);
			for (const item of filtered.agreeItems) {
				const cell = item.groups[0]!.cells[WAVE]!;
				const whole = overall.agreeItems.find((entry) => entry.item === item.item)!.groups[0]!
					.cells[WAVE]!;
				if (cell.status !== 'shown' || whole.status !== 'shown') continue;
				// What subtraction gives must itself be a group that could be shown.
				const rest = { n: whole.n - cell.n, positive: whole.positive - cell.positive };
				expect(rest.n === 0 || rest.n >= 10, `${filter} ${item.item}`).toBe(true);
				if (rest.n > 0 && rest.n < 30)
					expect(rest.positive > 0 && rest.positive < rest.n).toBe(true);
				for (const key of ['dont_know', 'dont_understand', 'prefer_not'] as const) {
					const part = cell.excluded[key];
					const all = whole.excluded[key];
					if (part !== null && all !== null)
						expect(all - part === 0 || all - part >= 10, key).toBe(true);
				}
			}
			for (const item of filtered.multiItems) {
				const cell = item.groups[0]!.waves[WAVE]!;
				const whole = overall.multiItems.find((entry) => entry.item === item.item)!.groups[0]!
					.waves[WAVE]!;
				if (cell.denominator.status !== 'shown' || whole.denominator.status !== 'shown') continue;
				const rest = whole.denominator.n - cell.denominator.n;
				expect(rest === 0 || rest >= 10, `${filter} ${item.item}`).toBe(true);
				cell.options.forEach((option, index) => {
					const all = whole.options[index]!;
					if (option.status === 'shown' && all.status === 'shown') {
						const left = all.count! - option.count!;
						expect(left === 0 || left >= 10, `${filter} ${item.item}.${option.option}`).toBe(true);
					}
				});
			}
		}
		// Here that means the standard-only figures are hidden: 154 − 150 would be the 4.
		const standard = await report('&filter=mode:standard');
		expect(knowWho(standard).groups[0]!.cells[WAVE]!.status).toBe('suppressed');
	});

	it('refuses an unknown, malformed or unsupported filter, naming the field and the reason', async () => {
		const { get } = await reportApp(0);
		for (const [query, reason] of [
			['filter=colour:red', /not a breakdown group/],
			['filter=mode:loud', /not a value of mode/],
			['filter=age_band:99', /not a value of age_band/],
			['filter=mode', /GROUP:VALUE/],
			['filter=mode:standard&filter=mode:easy_read', /filtered once/],
			['filter=mode:standard&filter=age_band:11_13&by=gender', /at most two groups/],
			['filter=mode:standard&filter=age_band:11_13&filter=gender:girl', /at most two groups/]
		] as const) {
			for (const path of ['/api/v1/benchmark', '/api/v1/export.csv']) {
				const answer = await get(`${path}?wave=${WAVE}&${query}`);
				expect(answer.status, query).toBe(400);
				const body = (await answer.json()) as {
					error: { code: string; message: string; details: { field: string; message: string }[] };
				};
				expect(body.error.details[0]!.field).toBe('filter');
				expect(`${body.error.message} ${body.error.details[0]!.message}`).toMatch(reason);
			}
		}
	});
});

describe('like with like within a breakdown: two-way tables', () => {
	const cellOf = (entry: BenchmarkReport, group: string, wave = WAVE) =>
		knowWho(entry).groups.find((row) => row.group === group)!.cells[wave]!;

	it('filters every wave of a breakdown, and takes two filters at once', async () => {
		const { get, report } = await reportApp();
		const standardByAge = await report('&filter=mode:standard&by=age_band');
		expect(standardByAge.by).toBe('age_band');
		expect(standardByAge.filters.map((filter) => filter.value)).toEqual(['standard']);
		// Standard: 75 aged 11–13 and 75 aged 14–16, 50 of each agree; the 40 in easy read left out.
		expect(cellOf(standardByAge, '11_13')).toMatchObject({ status: 'shown', n: 75, positive: 50 });
		expect(cellOf(standardByAge, '14_16')).toMatchObject({ status: 'shown', n: 75, positive: 50 });
		expect(cellOf(standardByAge, '11_13', '2019')).toMatchObject({ n: 100, positive: 55 });
		expect(standardByAge.scales).toEqual({ pooled: false, modes: ['standard'] });
		const both = await report('&filter=mode:standard&filter=age_band:11_13');
		expect(both.groups).toEqual(['all']);
		expect(knowWho(both).groups[0]!.cells[WAVE]).toMatchObject({ n: 75, positive: 50 });
		expect(knowWho(both).groups[0]!.label).toBe('Standard, 11 to 13');
		// Either order names the same cell.
		const reversed = await report('&filter=age_band:11_13&filter=mode:standard');
		expect(knowWho(reversed).groups[0]!.cells[WAVE]).toEqual(knowWho(both).groups[0]!.cells[WAVE]);
		const csv = await get(
			`/api/v1/export.csv?wave=${WAVE}&compare=2019&filter=mode:standard&by=age_band`
		);
		expect(csv.status).toBe(200);
		const rows = parseCsvTable(await csv.text());
		expect(new Set(rows.map((row) => row.filters))).toEqual(new Set(['mode:standard']));
		const easyByAge = await report('&filter=age_band:11_13&by=mode');
		expect(cellOf(easyByAge, 'easy_read')).toMatchObject({ status: 'shown', n: 40, positive: 10 });
	});

	it('cannot be differenced against either breakdown to expose a small group', async () => {
		// 4 young people in easy read, all aged 11–13: the breakdown by age minus the standard-only
		// breakdown by age would be exactly them.
		const { report } = await reportApp(4);
		const byAge = await report('&by=age_band');
		const byMode = await report('&by=mode');
		expect(cellOf(byAge, '11_13')).toMatchObject({ status: 'shown', n: 79 });
		for (const [query, margins, group] of [
			['&filter=mode:standard&by=age_band', byAge, (row: string) => row],
			['&filter=mode:easy_read&by=age_band', byAge, (row: string) => row],
			['&filter=age_band:11_13&by=mode', byMode, (row: string) => row]
		] as const) {
			const table = await report(query);
			for (const item of table.agreeItems)
				for (const row of item.groups) {
					const cell = row.cells[WAVE]!;
					const margin = margins.agreeItems
						.find((entry) => entry.item === item.item)!
						.groups.find((entry) => entry.group === group(row.group))!.cells[WAVE]!;
					if (cell.status !== 'shown' || margin.status !== 'shown') continue;
					const rest = { n: margin.n - cell.n, positive: margin.positive - cell.positive };
					expect(rest.n === 0 || rest.n >= 10, `${query} ${item.item} ${row.group}`).toBe(true);
					if (rest.n > 0 && rest.n < 30)
						expect(rest.positive > 0 && rest.positive < rest.n).toBe(true);
				}
		}
		// Here the standard-only 11–13s would be 79 − 4: hidden, like the easy-read ones.
		expect(cellOf(await report('&filter=mode:standard&by=age_band'), '11_13').status).toBe(
			'suppressed'
		);
		const corner = await report('&filter=mode:easy_read&filter=age_band:11_13');
		expect(knowWho(corner).groups[0]!.cells[WAVE]!.status).toBe('suppressed');
	});

	it('gives one cell the same figure however it is asked for (one protected table per pair)', async () => {
		const { report } = await reportApp(12);
		const ways = await Promise.all([
			report('&filter=mode:easy_read&filter=age_band:11_13'),
			report('&filter=age_band:11_13&filter=mode:easy_read'),
			report('&filter=mode:easy_read&by=age_band'),
			report('&filter=age_band:11_13&by=mode')
		]);
		const groupIn = ['all', 'all', '11_13', 'easy_read'];
		for (const item of ways[0]!.agreeItems) {
			const cells = ways.map(
				(way, index) =>
					way.agreeItems
						.find((entry) => entry.item === item.item)!
						.groups.find((row) => row.group === groupIn[index])!.cells
			);
			for (const other of cells.slice(1)) expect(other, item.item).toEqual(cells[0]);
		}
		for (const item of ways[0]!.multiItems) {
			const cells = ways.map(
				(way, index) =>
					way.multiItems
						.find((entry) => entry.item === item.item)!
						.groups.find((row) => row.group === groupIn[index])!.waves
			);
			for (const other of cells.slice(1)) expect(other, item.item).toEqual(cells[0]);
		}
	});

	it('refuses to cross-classify a wave imported as totals per group, naming the field', async () => {
		const { get, imports, waves } = await reportApp(0);
		await waves.create({
			id: '2020',
			name: '2020 survey',
			opensAt: null,
			closesAt: null,
			isBaseline: true,
			isIllustrative: false
		});
		await imports.import(
			'2020',
			'aggregate',
			'item,option,group,group_value,count\nknow_who_to_talk_to,agree,,,61\nknow_who_to_talk_to,disagree,,,39\n'
		);
		const twoWay = await get(
			`/api/v1/benchmark?wave=${WAVE}&compare=2019,2020&filter=mode:standard&by=age_band`
		);
		expect(twoWay.status).toBe(400);
		const body = (await twoWay.json()) as {
			error: { message: string; details: { field: string }[] };
		};
		expect(body.error.details[0]!.field).toBe('compare');
		expect(body.error.message).toMatch(/totals per group/);
		// One filter alone still compares with it.
		expect(
			(await get(`/api/v1/benchmark?wave=${WAVE}&compare=2019,2020&filter=mode:standard`)).status
		).toBe(200);
	});

	it('refuses a breakdown by the group it is filtered on, naming by', async () => {
		const { get } = await reportApp(0);
		const answer = await get(`/api/v1/benchmark?wave=${WAVE}&filter=mode:standard&by=mode`);
		expect(answer.status).toBe(400);
		const body = (await answer.json()) as { error: { details: { field: string }[] } };
		expect(body.error.details[0]!.field).toBe('by');
	});
});

describe('the tidy CSV export', () => {
	it('is one table with the documented columns, codes and wording side by side', async () => {
		const { get } = await reportApp(4);
		const answer = await get(`/api/v1/export.csv?wave=${WAVE}&compare=2019&by=mode`);
		expect(answer.status).toBe(200);
		const text = await answer.text();
		const [header] = text.replace(/^\uFEFF/, '').split('\r\n');
		expect(header!.split(',')).toEqual(REPORT_COLUMNS.map((column) => column.name));
		// csv-parse with columns: true fails on any row of another width: one table.
		const rows = parseCsvTable(text);
		const documented = readFileSync(new URL('../../docs/exports.md', import.meta.url), 'utf8');
		for (const column of REPORT_COLUMNS) expect(documented).toContain(`| \`${column.name}\``);
		expect(new Set(rows.map((row) => row.statistic_set))).toEqual(
			new Set(['agree', 'comparison', 'multi_option'])
		);
		for (const row of rows) {
			expect(['shown', 'suppressed', 'no_data']).toContain(row.status);
			expect(row.item_label).not.toBe('');
			expect(row.group_label).not.toBe('');
			expect(row.illustrative).toBe('no');
			expect(row.breakdown).toBe('mode');
			expect(row.breakdown_label).toBe('Way of doing the survey');
			if (row.status !== 'shown')
				for (const column of REPORT_COLUMNS.filter((entry) =>
					['integer', 'number', 'boolean'].includes(entry.type)
				))
					if (!['illustrative', 'outcome'].includes(column.name))
						expect(row[column.name], `${column.name} of a hidden row`).toBe('');
		}
		const standard = rows.find(
			(row) =>
				row.item === 'know_who_to_talk_to' &&
				row.group === 'standard' &&
				row.wave === WAVE &&
				row.statistic_set === 'agree'
		)!;
		// 150 standard and 4 easy read: the 4 are hidden, and so is standard (154 − 150).
		expect(standard).toMatchObject({ status: 'suppressed', group_label: 'Standard', n: '' });
		const comparison = rows.find(
			(row) =>
				row.item === 'know_who_to_talk_to' &&
				row.group === 'not_stated' &&
				row.statistic_set === 'comparison'
		)!;
		expect(comparison).toMatchObject({ wave: WAVE, compared_with: '2019' });
		const option = rows.find(
			(row) => row.statistic_set === 'multi_option' && row.option === 'friend'
		)!;
		expect(option.option_label).toBe('A friend');
	});

	it('carries the filter, and comparisons with their p and q values', async () => {
		const { get } = await reportApp();
		const rows = parseCsvTable(
			await (await get(`/api/v1/export.csv?wave=${WAVE}&compare=2019&filter=mode:standard`)).text()
		);
		expect(new Set(rows.map((row) => row.filters))).toEqual(new Set(['mode:standard']));
		const comparison = rows.find(
			(row) => row.item === 'know_who_to_talk_to' && row.statistic_set === 'comparison'
		)!;
		// 100/150 against 110/200: shown, with both p and q.
		expect(comparison.status).toBe('shown');
		expect(Number(comparison.q_value)).toBeGreaterThanOrEqual(Number(comparison.p_value));
		expect(comparison.significant).toBe(Number(comparison.q_value) < 0.05 ? 'yes' : 'no');
		expect(comparison.headline).toMatch(/2019 survey/);
		const current = rows.find(
			(row) =>
				row.item === 'know_who_to_talk_to' && row.statistic_set === 'agree' && row.wave === WAVE
		)!;
		expect(current).toMatchObject({ n: '150', positive: '100', wave_role: 'current' });
	});

	it('has a data dictionary beside each export', async () => {
		const { get } = await reportApp(0);
		const aggregate = parseCsvTable(await (await get('/api/v1/export.dictionary.csv')).text());
		expect(aggregate.map((row) => row.column)).toEqual(REPORT_COLUMNS.map((column) => column.name));
		expect(aggregate.every((row) => row.type && row.meaning && row.allowed_values)).toBe(true);
		const respondent = parseCsvTable(
			await (await get('/api/v1/export.dictionary.csv?level=respondent')).text()
		);
		const columns = respondent.map((row) => row.column);
		for (const item of currentQuestionnaire.items) expect(columns).toContain(item.code);
		const age = respondent.find((row) => row.column === 'age_band')!;
		expect(age.meaning).toBe('How old are you?');
		expect(age.allowed_values).toContain('8_10 (8 to 10)');
		const feel = respondent.find((row) => row.column === 'feel_believed')!;
		expect(feel.allowed_values).toContain('strongly_agree (Strongly agree)');
		expect(feel.allowed_values).toContain('sometimes (Sometimes)');
		// The languages and modes a response may record are the engine's, listed in full.
		const locale = respondent.find((row) => row.column === 'locale')!;
		expect(locale.allowed_values!.split(' | ')).toEqual([...currentQuestionnaire.locales]);
		const mode = respondent.find((row) => row.column === 'mode')!;
		expect(mode.allowed_values!.split(' | ')).toEqual(['standard', 'easy_read', 'send']);
		expect((await get('/api/v1/export.dictionary.csv?level=all')).status).toBe(400);
	});
});

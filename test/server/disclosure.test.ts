import { describe, expect, it } from 'vitest';
import { aResponse, parseCsvTable, postResponses, signedInAs, testApp } from './helpers.js';

type Cell = { status: string; n?: number; positive?: number };
interface Report {
	agreeItems: { item: string; groups: { group: string; cells: Record<string, Cell> }[] }[];
	multiItems: {
		item: string;
		groups: {
			group: string;
			waves: Record<
				string,
				{ denominator: Cell; options: { option: string; status: string; count?: number }[] }
			>;
		}[];
	}[];
}

async function analystApp() {
	const { app, database } = await testApp();
	return { app, cookie: await signedInAs(app, database, 'analyst') };
}

/** 120 young people: girls and boys, 3 "other" (a group under 10), and 2 who did not say. */
function responses() {
	const gender = (index: number) =>
		index < 55
			? 'girl'
			: index < 112
				? 'boy'
				: index < 115
					? 'other'
					: index < 118
						? 'non_binary'
						: undefined;
	return Array.from({ length: 120 }, (_, index) =>
		aResponse({
			answers: {
				feel_believed: index % 3 === 0 ? 'disagree' : 'agree',
				know_who_to_talk_to: index % 4 === 0 ? 'dont_know' : 'agree',
				who_would_you_talk_to: index % 5 === 0 ? ['helpline'] : ['friend', 'teacher'],
				...(gender(index) ? { gender: gender(index)! } : {})
			}
		})
	);
}

describe('a breakdown from the API cannot be undone by subtraction', () => {
	it('never leaves one hidden group, nor hidden groups adding up to under 5, in any relation of the report', async () => {
		const { app, cookie } = await analystApp();
		await postResponses(app, { responses: responses() });
		const overall = (await (
			await app.request('/api/v1/benchmark?wave=2026-27', { headers: { cookie } })
		).json()) as Report;
		const byGender = (await (
			await app.request('/api/v1/benchmark?wave=2026-27&by=gender', { headers: { cookie } })
		).json()) as Report;
		const relations: {
			name: string;
			total: number | null;
			parts: (number | null)[];
			trueEmpty: boolean[];
		}[] = [];
		for (const item of byGender.agreeItems) {
			const all = overall.agreeItems.find((entry) => entry.item === item.item)!.groups[0]!.cells[
				'2026-27'
			]!;
			const cells = item.groups.map((group) => group.cells['2026-27']!);
			relations.push({
				name: `${item.item} n`,
				total: all.n ?? null,
				parts: cells.map((cell) => cell.n ?? null),
				trueEmpty: []
			});
			relations.push({
				name: `${item.item} positive`,
				total: all.positive ?? null,
				parts: cells.map((cell) => cell.positive ?? null),
				trueEmpty: []
			});
		}
		for (const item of byGender.multiItems) {
			const all = overall.multiItems.find((entry) => entry.item === item.item)!.groups[0]!.waves[
				'2026-27'
			]!;
			const cells = item.groups.map((group) => group.waves['2026-27']!);
			relations.push({
				name: `${item.item} respondents`,
				total: all.denominator.n ?? null,
				parts: cells.map((cell) => cell.denominator.n ?? null),
				trueEmpty: []
			});
			all.options.forEach((option, index) =>
				relations.push({
					name: `${item.item} ${option.option}`,
					total: option.count ?? null,
					parts: cells.map((cell) => cell.options[index]!.count ?? null),
					trueEmpty: []
				})
			);
		}
		// Groups with nobody in them ("prefer not to say" here) have nothing to protect.
		const empty = byGender.agreeItems[0]!.groups.map((group) => group.group === 'prefer_not');
		for (const relation of relations) {
			if (relation.total === null) continue;
			const hidden = relation.parts.flatMap((part, index) =>
				part === null && !empty[index] ? [index] : []
			);
			if (hidden.length === 0) continue;
			const rest =
				relation.total - relation.parts.reduce<number>((sum, part) => sum + (part ?? 0), 0);
			expect(hidden.length, relation.name).toBeGreaterThanOrEqual(2);
			expect(rest, relation.name).toBeGreaterThanOrEqual(5);
		}
		// The "other" group of 3 is hidden everywhere, and so is the "not stated" group of 2.
		const groups = byGender.agreeItems[0]!.groups.map((group) => group.group);
		for (const item of byGender.agreeItems) {
			expect(item.groups[groups.indexOf('other')]!.cells['2026-27']!.status).toBe('suppressed');
			expect(item.groups[groups.indexOf('not_stated')]!.cells['2026-27']!.status).toBe(
				'suppressed'
			);
		}
	});

	it('the CSV carries no figure for any cell the JSON hides', async () => {
		const { app, cookie } = await analystApp();
		await postResponses(app, { responses: responses() });
		const csv = await (
			await app.request('/api/v1/export.csv?wave=2026-27&by=gender', { headers: { cookie } })
		).text();
		const byGender = (await (
			await app.request('/api/v1/benchmark?wave=2026-27&by=gender', { headers: { cookie } })
		).json()) as Report;
		const table = parseCsvTable(csv);
		const rows = table.filter((row) => row.status === 'suppressed');
		expect(rows.length).toBeGreaterThan(0);
		const figures = [
			'n',
			'positive',
			'pct',
			'ci_lower',
			'ci_upper',
			'low_base',
			'dont_know',
			'dont_understand',
			'prefer_not',
			'difference_points',
			'diff_ci_lower',
			'diff_ci_upper',
			'p_value',
			'q_value',
			'significant',
			'direction'
		];
		for (const row of rows) for (const column of figures) expect(row[column], column).toBe('');
		// Every cell the JSON hides is a suppressed row of the CSV, and no more.
		const hiddenInJson = byGender.agreeItems.flatMap((item) =>
			item.groups.flatMap((group) =>
				Object.entries(group.cells)
					.filter(([, cell]) => cell.status === 'suppressed')
					.map(([wave]) => `${item.item}|${group.group}|${wave}`)
			)
		);
		expect(
			rows
				.filter((row) => row.statistic_set === 'agree')
				.map((row) => `${row.item}|${row.group}|${row.wave}`)
		).toEqual(hiddenInJson);
		expect(csv).not.toContain('fewer than 10');
	});
});

describe('live counts', () => {
	it('say "fewer than 10" for a small total and never show a small mode or day, nor let it be worked out', async () => {
		const { app, cookie } = await analystApp();
		await postResponses(app, {
			responses: Array.from({ length: 4 }, () =>
				aResponse({ mode: 'send', answers: { know_who_to_talk_to: 'yes' } })
			)
		});
		const small = (await (
			await app.request('/api/v1/live?wave=2026-27', { headers: { cookie } })
		).json()) as { total: Cell & { label?: string }; byMode: Record<string, Cell> };
		expect(small.total).toEqual({ status: 'suppressed', label: 'fewer than 10' });
		expect(Object.values(small.byMode).every((cell) => cell.status === 'suppressed')).toBe(true);
		await postResponses(app, { responses: Array.from({ length: 40 }, () => aResponse()) });
		const live = (await (
			await app.request('/api/v1/live?wave=2026-27', { headers: { cookie } })
		).json()) as { total: Cell; byMode: Record<string, Cell> };
		expect(live.total).toEqual({ status: 'shown', n: 44 });
		// 40 standard, 4 SEND, 0 easy read: SEND is hidden, and standard with it (44 − 40 = 4).
		expect(live.byMode.send!.status).toBe('suppressed');
		expect(live.byMode.standard!.status).toBe('suppressed');
	});
});

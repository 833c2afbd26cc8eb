import { describe, expect, it } from 'vitest';
import { rebuildAnswerCounts } from '../../server/services/answer-counts.js';
import { aResponse, postResponses, testApp } from './helpers.js';

/** The pre-aggregated counts must equal a direct count of the stored answers, whatever arrives. */
async function directCounts(database: Awaited<ReturnType<typeof testApp>>['database'], by: string) {
	const stored = await database.client.execute('SELECT answers_json FROM responses');
	const counts = new Map<string, number>();
	for (const row of stored.rows) {
		const answers = JSON.parse(String(row.answers_json)) as Record<string, string | string[]>;
		const group = typeof answers[by] === 'string' ? answers[by] : 'not_stated';
		for (const code of ['feel_believed', 'who_would_you_talk_to']) {
			const value = answers[code];
			for (const entry of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
				const key = `${code}|${entry}|${group}`;
				counts.set(key, (counts.get(key) ?? 0) + 1);
			}
		}
	}
	return [...counts].map(([key, n]) => `${key}|${n}`).sort();
}

async function aggregated(database: Awaited<ReturnType<typeof testApp>>['database'], by: string) {
	const rows = await database.client.execute({
		sql: `SELECT item_code, value, group_value AS grp, n FROM answer_counts
		      WHERE group_item = ? AND item_code IN ('feel_believed', 'who_would_you_talk_to') AND value != '_respondents' ORDER BY 1, 2, 3`,
		args: [by]
	});
	return rows.rows.map((row) => `${row.item_code}|${row.value}|${row.grp}|${row.n}`).sort();
}

describe('pre-aggregated answer counts', () => {
	it('match a direct count of the stored answers, including after duplicates, conflicts and a rebuild', async () => {
		const { app, database } = await testApp();
		const values = ['agree', 'disagree', 'dont_know', 'neither'];
		const sends = ['yes', 'no', 'prefer_not', undefined];
		const responses = Array.from({ length: 120 }, (_, index) => {
			const send = sends[index % 4];
			return aResponse({
				answers: {
					feel_believed: values[index % 3]!,
					who_would_you_talk_to:
						index % 5 === 0 ? 'dont_know' : ['friend', ...(index % 2 ? ['teacher'] : [])],
					...(send ? { send } : {})
				}
			});
		});
		await postResponses(app, { responses: responses.slice(0, 70) });
		await postResponses(app, { responses: responses.slice(50) }); // 20 duplicates
		await postResponses(app, {
			responses: [{ ...responses[0]!, answers: { feel_believed: 'agree' } }]
		}); // a conflict
		expect(await aggregated(database, 'send')).toEqual(await directCounts(database, 'send'));
		const totals = await database.client.execute(
			"SELECT n FROM group_totals WHERE group_item = ''"
		);
		expect(Number(totals.rows[0]?.n)).toBe(120);
		await rebuildAnswerCounts(database);
		expect(await aggregated(database, 'send')).toEqual(await directCounts(database, 'send'));
	});
});

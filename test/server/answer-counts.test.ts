import { describe, expect, it } from 'vitest';
import { rebuildAnswerCounts } from '../../server/services/answer-counts.js';
import { aResponse, postResponses, testApp } from './helpers.js';

/** The pre-aggregated counts must equal a direct count of the stored answers, whatever arrives. */
async function directCounts(database: Awaited<ReturnType<typeof testApp>>['database'], by: string) {
	const rows = await database.client.execute({
		sql: `SELECT a.item_code, a.value, coalesce(g.value, 'not_stated') AS grp, count(*) AS n
		      FROM responses r JOIN response_answers a ON a.response_id = r.id
		      LEFT JOIN response_answers g ON g.response_id = r.id AND g.item_code = ?
		      WHERE a.item_code IN ('feel_believed', 'who_would_you_talk_to') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
		args: [by]
	});
	return rows.rows.map((row) => `${row.item_code}|${row.value}|${row.grp}|${row.n}`);
}

async function aggregated(database: Awaited<ReturnType<typeof testApp>>['database'], by: string) {
	const rows = await database.client.execute({
		sql: `SELECT item_code, value, group_value AS grp, n FROM answer_counts
		      WHERE group_item = ? AND item_code IN ('feel_believed', 'who_would_you_talk_to') AND value != '_respondents' ORDER BY 1, 2, 3`,
		args: [by]
	});
	return rows.rows.map((row) => `${row.item_code}|${row.value}|${row.grp}|${row.n}`);
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
					who_would_you_talk_to: index % 5 === 0 ? 'dont_know' : ['friend', ...(index % 2 ? ['teacher'] : [])],
					...(send ? { send } : {})
				}
			});
		});
		await postResponses(app, { responses: responses.slice(0, 70) });
		await postResponses(app, { responses: responses.slice(50) }); // 20 duplicates
		await postResponses(app, { responses: [{ ...responses[0]!, answers: { feel_believed: 'agree' } }] }); // a conflict
		expect(await aggregated(database, 'send')).toEqual(await directCounts(database, 'send'));
		const totals = await database.client.execute("SELECT n FROM group_totals WHERE group_item = ''");
		expect(Number(totals.rows[0]?.n)).toBe(120);
		await rebuildAnswerCounts(database);
		expect(await aggregated(database, 'send')).toEqual(await directCounts(database, 'send'));
	});
});

import { describe, expect, it } from 'vitest';
import {
	parseAggregateCsv,
	parseAggregateCsvYielding,
	parseRespondentCsv,
	parseRespondentCsvYielding
} from '../../server/import/baseline-csv.js';
import { respondentFile } from '../../bench/server-figures.js';

/**
 * The importer's yielding path (issue 12 item 4) gives exactly the result of the one-go parser,
 * across its 64 KB chunks, and hands the event loop back while it works. How quickly /health
 * answers meanwhile is a benchmark figure (bench/server-figures.ts), not a timed test.
 */

// Multi-byte characters (emoji, Arabic, Polish) and quoted line breaks, so chunk edges fall inside them.
const awkwardRow = (index: number) =>
	`standard,agree,"Więcej klubów 🧑‍🤝‍🧑 ${index}\r\nنوادي الشباب, line two",friend;teacher`;

const CASES: [string, string][] = [
	[
		'rows across many chunks, with multi-byte text and quoted line breaks',
		'mode,know_who_to_talk_to,what_would_help,who_would_you_talk_to\r\n' +
			Array.from({ length: 4000 }, (_, index) => awkwardRow(index)).join('\r\n')
	],
	[
		'bad values on many lines, with empty lines between',
		'feel_believed,know_who_to_talk_to\n' + 'maybe,agree\n\n\ndisagree,perhaps\n'.repeat(3000)
	],
	['a broken quote far into the file', 'feel_believed\n' + 'agree\n'.repeat(20_000) + '"agree\n'],
	['a byte order mark and an unknown column', '\uFEFFfeel_believed,shoe_size\nagree,9\n'],
	['an empty file', ''],
	['the benchmark file (about 1 MB)', respondentFile(1024 * 1024)]
];

describe('the yielding importer', () => {
	it.each(CASES)('reads %s exactly as the one-go parser does', async (_, text) => {
		expect(await parseRespondentCsvYielding(text)).toEqual(parseRespondentCsv(text));
	});

	it('reads aggregate files as the one-go parser does, problems and lines included', async () => {
		const text =
			'item,option,group,group_value,count\n' +
			Array.from({ length: 3000 }, (_, index) =>
				index % 7 === 0
					? `feel_believed,maybe,,,${index}`
					: `feel_believed,agree,age_band,11_13,${index}`
			).join('\n');
		const once = parseAggregateCsv(text);
		expect(once.problems.length).toBeGreaterThan(400);
		expect(await parseAggregateCsvYielding(text)).toEqual(once);
	});

	it('hands the event loop back while it reads a large file', async () => {
		const text = respondentFile(4 * 1024 * 1024);
		let turnsGiven = 0;
		let isParsing = true;
		const count = () => {
			if (!isParsing) return;
			turnsGiven++;
			setImmediate(count);
		};
		setImmediate(count);
		const parsed = await parseRespondentCsvYielding(text);
		isParsing = false;
		expect(parsed.problems).toEqual([]);
		// The one-go parser would let no callback in at all until it had finished.
		expect(turnsGiven).toBeGreaterThan(5);
	}, 60_000);
});

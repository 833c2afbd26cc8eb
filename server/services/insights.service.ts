import { MODES } from '#survey';
import type { OpenDatabase } from '../db/client.js';
import { publishCount, publishCounts, type CountCell } from '../disclosure/index.js';

export interface LiveCounts {
	wave: string;
	total: CountCell;
	byMode: Record<string, CountCell>;
	byDay: { day: string; count: CountCell }[];
}

/** One free-text answer: an id to tag it by, the words, and the ids of its themes. */
export interface FreeTextAnswer {
	id: string;
	text: string;
	themes: number[];
}

export interface FreeTextAnswers {
	wave: string;
	count: CountCell;
	suppressed: boolean;
	answers: FreeTextAnswer[];
}

/** The live picture for staff: responses by mode and by day, and the young people's own words. */
export class InsightsService {
	#database: OpenDatabase;

	constructor(database: OpenDatabase) {
		this.#database = database;
	}

	/**
	 * Responses so far by mode and by day. Both breakdowns add up to the total, so they pass the
	 * disclosure module together: a "1" in SEND mode cannot be read off, nor worked out.
	 */
	async live(wave: string): Promise<LiveCounts> {
		const byMode = await this.#database.client.execute({
			sql: 'SELECT mode, count(*) AS n FROM responses WHERE wave_id = ? GROUP BY mode',
			args: [wave]
		});
		const byDay = await this.#database.client.execute({
			sql: 'SELECT substr(received_at, 1, 10) AS day, count(*) AS n FROM responses WHERE wave_id = ? GROUP BY day ORDER BY day',
			args: [wave]
		});
		const modeCounts = new Map(byMode.rows.map((row) => [String(row.mode), Number(row.n)]));
		const modes = [...new Set([...MODES, ...modeCounts.keys()])];
		const total = byMode.rows.reduce((sum, row) => sum + Number(row.n), 0);
		const published = publishCounts(total, [
			modes.map((mode) => modeCounts.get(mode) ?? 0),
			byDay.rows.map((row) => Number(row.n))
		]);
		return {
			wave,
			total: published.total,
			byMode: Object.fromEntries(
				modes.map((mode, index) => [mode, published.breakdowns[0]![index]!])
			),
			byDay: byDay.rows.map((row, index) => ({
				day: String(row.day),
				count: published.breakdowns[1]![index]!
			}))
		};
	}

	/**
	 * The free-text answers of a wave, none when fewer than 10 gave one. They are listed in a fixed
	 * order that says nothing about when each arrived (by content hash), never newest first, so a
	 * rep who saw who handed the tablet back last cannot match a young person to their words.
	 * `theme` keeps only the answers tagged with that theme (issue 14 item 9). Each answer carries
	 * its response id so an analyst can tag it; the ids say nothing about order or time (they are
	 * random, made on the device).
	 */
	async freeText(
		wave: string,
		search: string,
		theme: number | null = null
	): Promise<FreeTextAnswers> {
		const total = await this.#database.client.execute({
			sql: "SELECT count(*) AS n FROM responses WHERE wave_id = ? AND json_extract(answers_json, '$.what_would_help') IS NOT NULL",
			args: [wave]
		});
		const count = publishCount(Number(total.rows[0]?.n ?? 0));
		if (count.status !== 'shown') return { wave, count, suppressed: true, answers: [] };
		const rows = await this.#database.client.execute({
			sql: `SELECT id, value, (SELECT group_concat(theme_id) FROM (SELECT t.theme_id FROM free_text_tags t WHERE t.response_id = r.id ORDER BY t.theme_id)) AS themes
			      FROM (SELECT id, json_extract(answers_json, '$.what_would_help') AS value, content_hash FROM responses WHERE wave_id = ?) r
			      WHERE value IS NOT NULL AND (? = '' OR instr(lower(value), lower(?)) > 0)
			        AND (? IS NULL OR EXISTS (SELECT 1 FROM free_text_tags t WHERE t.response_id = r.id AND t.theme_id = ?))
			      ORDER BY content_hash LIMIT 500`,
			args: [wave, search, search, theme, theme]
		});
		return {
			wave,
			count,
			suppressed: false,
			answers: rows.rows.map((row) => ({
				id: String(row.id),
				text: String(row.value),
				themes: row.themes === null ? [] : String(row.themes).split(',').map(Number)
			}))
		};
	}
}

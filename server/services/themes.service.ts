import type { OpenDatabase } from '../db/client.js';
import { HIDDEN_LABEL, publishCount, publishCounts, type CountCell } from '../disclosure/index.js';

/** A theme of a wave's codebook (issue 14 item 9). */
export interface Theme {
	id: number;
	waveId: string;
	name: string;
	description: string;
}

/** Each theme's count of tagged answers, as the disclosure module publishes them. */
export interface ThemeCounts {
	wave: string;
	/** Answers to the free-text question in the wave. */
	total: CountCell;
	/** Answers with no theme yet. */
	untagged: CountCell;
	themes: (Theme & { count: CountCell })[];
}

export class ThemeError extends Error {
	constructor(
		readonly status: 400 | 404 | 409,
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

/** The free-text answer's path in answers_json. */
const FREE_TEXT = '$.what_would_help';

/**
 * The analysts' codebook of themes for the young people's own words, and which answers carry
 * which theme. An answer may carry several themes, so theme counts overlap; see counts() for how
 * they are still protected like a breakdown.
 */
export class ThemesService {
	#database: OpenDatabase;
	#now: () => Date;

	constructor(database: OpenDatabase, now: () => Date = () => new Date()) {
		this.#database = database;
		this.#now = now;
	}

	async list(waveId: string): Promise<Theme[]> {
		const rows = await this.#database.client.execute({
			sql: 'SELECT id, wave_id, name, description FROM free_text_themes WHERE wave_id = ? ORDER BY lower(name), id',
			args: [waveId]
		});
		return rows.rows.map(toTheme);
	}

	async get(id: number): Promise<Theme | null> {
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT id, wave_id, name, description FROM free_text_themes WHERE id = ?',
				args: [id]
			})
		).rows[0];
		return row ? toTheme(row) : null;
	}

	async create(waveId: string, name: string, description: string, userId: string): Promise<Theme> {
		const wave = await this.#database.client.execute({
			sql: 'SELECT id FROM waves WHERE id = ?',
			args: [waveId]
		});
		if (wave.rows.length === 0) throw new ThemeError(400, 'wave', `There is no wave "${waveId}"`);
		await this.#refuseDuplicate(waveId, name, null);
		const at = this.#now().toISOString();
		const inserted = await this.#database.client.execute({
			sql: 'INSERT INTO free_text_themes (wave_id, name, description, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
			args: [waveId, name, description, userId, at, at]
		});
		return { id: Number(inserted.rows[0]!.id), waveId, name, description };
	}

	/** Renames a theme or changes its description; its tags stay. */
	async update(id: number, change: { name?: string; description?: string }): Promise<Theme> {
		const theme = await this.#existing(id);
		const next = { ...theme, ...change };
		if (change.name !== undefined) await this.#refuseDuplicate(theme.waveId, change.name, id);
		await this.#database.client.execute({
			sql: 'UPDATE free_text_themes SET name = ?, description = ?, updated_at = ? WHERE id = ?',
			args: [next.name, next.description, this.#now().toISOString(), id]
		});
		return next;
	}

	/** Deletes a theme and its tags (the answers themselves stay). */
	async remove(id: number): Promise<{ theme: Theme; untagged: number }> {
		const theme = await this.#existing(id);
		const [tags] = await this.#database.client.batch(
			[
				{ sql: 'DELETE FROM free_text_tags WHERE theme_id = ?', args: [id] },
				{ sql: 'DELETE FROM free_text_themes WHERE id = ?', args: [id] }
			],
			'write'
		);
		return { theme, untagged: tags!.rowsAffected };
	}

	/**
	 * Sets the themes of one free-text answer (none clears them). The answer must hold free text,
	 * and every theme must belong to the codebook of the answer's wave.
	 */
	async tag(responseId: string, themeIds: readonly number[], userId: string): Promise<number[]> {
		const answer = (
			await this.#database.client.execute({
				sql: `SELECT wave_id FROM responses WHERE id = ? AND json_extract(answers_json, '${FREE_TEXT}') IS NOT NULL`,
				args: [responseId]
			})
		).rows[0];
		if (!answer)
			throw new ThemeError(404, 'answer', `There is no free-text answer "${responseId}"`);
		const waveId = answer.wave_id === null ? null : String(answer.wave_id);
		const codebook = new Set(waveId === null ? [] : (await this.list(waveId)).map((t) => t.id));
		const unique = [...new Set(themeIds)].sort((a, b) => a - b);
		const stranger = unique.find((id) => !codebook.has(id));
		if (stranger !== undefined)
			throw new ThemeError(
				400,
				'themes',
				`Theme ${stranger} is not in the codebook of this answer's wave`
			);
		const at = this.#now().toISOString();
		await this.#database.ensureDurability();
		await this.#database.client.batch(
			[
				{ sql: 'DELETE FROM free_text_tags WHERE response_id = ?', args: [responseId] },
				...unique.map((themeId) => ({
					sql: 'INSERT INTO free_text_tags (theme_id, response_id, tagged_by, tagged_at) VALUES (?, ?, ?, ?)',
					args: [themeId, responseId, userId, at]
				}))
			],
			'write'
		);
		return unique;
	}

	/**
	 * Answers tagged with each theme, and answers with none, through the disclosure module.
	 *
	 * The themes and "no theme" are protected as a breakdown of one total: publishCounts hides
	 * any count under 10 and enough others that no hidden count can be worked out from the rest.
	 * As an answer may carry several themes, the total used is the sum of the parts (the number of
	 * (answer, theme) pairs plus untagged answers), which equals the number of answers when no
	 * answer has two themes. A reader who knows only the number of answers T ≤ that sum can bound a
	 * hidden count no tighter: their lower bound T − untagged − others is at most the one protected,
	 * and their upper bound (T − untagged) at least as high. So the protection holds for both.
	 * When fewer than 10 answered at all, nothing is published but "fewer than 10".
	 */
	async counts(waveId: string): Promise<ThemeCounts> {
		const themes = await this.list(waveId);
		const answered = await this.#database.client.execute({
			sql: `SELECT count(*) AS n,
			        sum(CASE WHEN NOT EXISTS (SELECT 1 FROM free_text_tags t JOIN free_text_themes h ON h.id = t.theme_id
			                                  WHERE t.response_id = r.id AND h.wave_id = r.wave_id) THEN 1 ELSE 0 END) AS untagged
			      FROM responses r WHERE r.wave_id = ? AND json_extract(r.answers_json, '${FREE_TEXT}') IS NOT NULL`,
			args: [waveId]
		});
		const total = Number(answered.rows[0]?.n ?? 0);
		const untagged = Number(answered.rows[0]?.untagged ?? 0);
		const tagged = await this.#database.client.execute({
			sql: `SELECT t.theme_id, count(*) AS n FROM free_text_tags t
			      JOIN responses r ON r.id = t.response_id
			      JOIN free_text_themes h ON h.id = t.theme_id
			      WHERE h.wave_id = ? AND r.wave_id = h.wave_id AND json_extract(r.answers_json, '${FREE_TEXT}') IS NOT NULL
			      GROUP BY t.theme_id`,
			args: [waveId]
		});
		const byTheme = new Map(tagged.rows.map((row) => [Number(row.theme_id), Number(row.n)]));
		const parts = [...themes.map((theme) => byTheme.get(theme.id) ?? 0), untagged];
		const totalCell = publishCount(total);
		const published =
			totalCell.status === 'shown'
				? publishCounts(
						parts.reduce((sum, part) => sum + part, 0),
						[parts]
					).breakdowns[0]!
				: parts.map((): CountCell => ({ status: 'suppressed', label: HIDDEN_LABEL }));
		return {
			wave: waveId,
			total: totalCell,
			untagged: published.at(-1)!,
			themes: themes.map((theme, index) => ({ ...theme, count: published[index]! }))
		};
	}

	async #existing(id: number): Promise<Theme> {
		const theme = await this.get(id);
		if (!theme) throw new ThemeError(404, 'id', `There is no theme ${id}`);
		return theme;
	}

	/** Names are unique in a wave's codebook, whatever their case ("Bullying" and "bullying"). */
	async #refuseDuplicate(waveId: string, name: string, exceptId: number | null): Promise<void> {
		const clash = await this.#database.client.execute({
			sql: 'SELECT id FROM free_text_themes WHERE wave_id = ? AND lower(name) = lower(?) AND id IS NOT ?',
			args: [waveId, name, exceptId]
		});
		if (clash.rows.length > 0)
			throw new ThemeError(409, 'name', `This wave already has a theme called "${name}"`);
	}
}

function toTheme(row: Record<string, unknown>): Theme {
	return {
		id: Number(row.id),
		waveId: String(row.wave_id),
		name: String(row.name),
		description: String(row.description)
	};
}

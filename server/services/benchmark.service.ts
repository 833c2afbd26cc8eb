import { currentQuestionnaire, findItem, MODES, type Questionnaire } from '#survey';
import type { OpenDatabase } from '../db/client.js';
import {
	MIN_CELL,
	buildCells,
	buildOptionCells,
	compareCells,
	headline,
	type Cell,
	type CellCounts,
	type Comparison,
	type OptionCell
} from '../stats/index.js';
import { NOT_STATED, RESPONDENTS } from './answer-counts.js';
import type { Wave, WavesService } from './waves.service.js';

const POSITIVE = new Set(['strongly_agree', 'agree', 'yes']);
const NOT_POSITIVE = new Set(['neither', 'disagree', 'strongly_disagree', 'sometimes', 'no']);
const SPECIALS = ['dont_know', 'dont_understand', 'prefer_not'] as const;
export const OVERALL = 'all';
export { NOT_STATED };

export interface AgreeItemReport {
	item: string;
	outcome: number | null;
	comparable: boolean;
	groups: {
		group: string;
		cells: Record<string, Cell>;
		comparisons: Record<string, Comparison>;
		headlines: Record<string, string>;
	}[];
}

export interface MultiItemReport {
	item: string;
	outcome: number | null;
	groups: { group: string; waves: Record<string, { denominator: Cell; options: OptionCell[] }> }[];
}

export interface BenchmarkReport {
	wave: Wave;
	baselines: Wave[];
	by: string | null;
	groups: string[];
	illustrative: boolean;
	agreeItems: AgreeItemReport[];
	multiItems: MultiItemReport[];
	generatedAt: string;
}

export interface RespondentExport {
	wave: Wave;
	/** The questionnaire's item codes, in order: one column each. */
	items: string[];
	generatedAt: string;
	rows: {
		id: string;
		mode: string;
		locale: string;
		sessionCode: string | null;
		receivedAt: string;
		source: string;
		flags: string[];
		answers: Record<string, string | null>;
	}[];
}

export class BenchmarkError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

type GroupCounts = Map<string, Map<string, Map<string, number>>>; // item → group → value → count

/**
 * The comparison of DESIGN.md §7. Counts come from the database (respondent-level answers and
 * aggregate baselines alike); every figure is computed and suppressed by server/stats, so nothing
 * under 10 leaves the server.
 */
export class BenchmarkService {
	#database: OpenDatabase;
	#waves: WavesService;
	#definition: Questionnaire;
	#now: () => Date;

	constructor(database: OpenDatabase, waves: WavesService, definition: Questionnaire = currentQuestionnaire, now: () => Date = () => new Date()) {
		this.#database = database;
		this.#waves = waves;
		this.#definition = definition;
		this.#now = now;
	}

	/** The groups of a breakdown: every option, "prefer not to say" and "not stated". */
	groupsFor(by: string | null): string[] {
		if (!by) return [OVERALL];
		if (by === 'mode') return [...MODES];
		const item = findItem(this.#definition, by);
		if (!item || item.section !== 'about_you') throw new BenchmarkError('by', `"${by}" is not an about-you item or "mode"`);
		return [...(item.options ?? []), 'prefer_not', NOT_STATED];
	}

	async report(waveId: string, compare: string[], by: string | null): Promise<BenchmarkReport> {
		const wave = await this.#waves.get(waveId);
		if (!wave) throw new BenchmarkError('wave', `There is no wave "${waveId}"`);
		const baselines: Wave[] = [];
		for (const id of compare) {
			const baseline = await this.#waves.get(id);
			if (!baseline) throw new BenchmarkError('compare', `There is no wave "${id}"`);
			baselines.push(baseline);
		}
		const groups = this.groupsFor(by);
		const waveIds = [wave.id, ...baselines.map((baseline) => baseline.id)];
		const counts = new Map<string, { answers: GroupCounts; totals: Map<string, number>; multiRespondents: GroupCounts }>();
		for (const id of waveIds) counts.set(id, await this.#countWave(id, by));

		const agreeItems: AgreeItemReport[] = [];
		const multiItems: MultiItemReport[] = [];
		for (const item of this.#definition.items) {
			if (item.type === 'agree') {
				const cellsByWave = new Map<string, Map<string, Cell>>();
				for (const id of waveIds) {
					const waveCounts = counts.get(id)!;
					const perGroup = new Map<string, CellCounts>();
					for (const group of groups) perGroup.set(group, harmonisedCounts(waveCounts.answers.get(item.code)?.get(group), waveCounts.totals.get(group) ?? 0));
					cellsByWave.set(id, buildCells(perGroup));
				}
				agreeItems.push({
					item: item.code,
					outcome: item.outcome,
					comparable: true,
					groups: groups.map((group) => {
						const current = cellsByWave.get(wave.id)!.get(group)!;
						const comparisons: Record<string, Comparison> = {};
						const headlines: Record<string, string> = {};
						for (const baseline of baselines) {
							const before = cellsByWave.get(baseline.id)!.get(group)!;
							comparisons[baseline.id] = compareCells(current, before);
							headlines[baseline.id] = headline(item.code, current, before, comparisons[baseline.id]!, baseline.name);
						}
						return { group, cells: Object.fromEntries(waveIds.map((id) => [id, cellsByWave.get(id)!.get(group)!])), comparisons, headlines };
					})
				});
			} else if (item.type === 'multi') {
				multiItems.push({
					item: item.code,
					outcome: item.outcome,
					groups: groups.map((group) => ({
						group,
						waves: Object.fromEntries(
							waveIds.map((id) => {
								const waveCounts = counts.get(id)!;
								const chosen = waveCounts.answers.get(item.code)?.get(group) ?? new Map<string, number>();
								const respondents = waveCounts.multiRespondents.get(item.code)?.get(group)?.get('_respondents') ?? 0;
								return [id, buildOptionCells(respondents, new Map((item.options ?? []).map((option) => [option, chosen.get(option) ?? 0])))];
							})
						)
					}))
				});
			}
		}
		return {
			wave,
			baselines,
			by,
			groups,
			illustrative: [wave, ...baselines].some((entry) => entry.isIllustrative),
			agreeItems,
			multiItems,
			generatedAt: this.#now().toISOString()
		};
	}

	/**
	 * One rep session's own results (overall % positive per agree item), only once it has at least
	 * 10 responses; each item's figure is suppressed on its own below 10 answers.
	 */
	async sessionResults(code: string): Promise<{ available: false; received: number } | { available: true; received: number; items: { item: string; cell: Cell }[] }> {
		const total = await this.#database.client.execute({ sql: "SELECT coalesce(sum(n), 0) AS n FROM group_totals WHERE group_item = 'session' AND group_value = ?", args: [code] });
		const received = Number(total.rows[0]?.n ?? 0);
		if (received < MIN_CELL) return { available: false, received };
		const rows = await this.#database.client.execute({
			sql: "SELECT item_code, value, sum(n) AS n FROM answer_counts WHERE group_item = 'session' AND group_value = ? GROUP BY item_code, value",
			args: [code]
		});
		const byItem = new Map<string, Map<string, number>>();
		for (const row of rows.rows) {
			const values = byItem.get(String(row.item_code)) ?? new Map<string, number>();
			values.set(String(row.value), Number(row.n));
			byItem.set(String(row.item_code), values);
		}
		const items = this.#definition.items
			.filter((item) => item.type === 'agree')
			.map((item) => ({ item: item.code, cell: buildCells(new Map([[OVERALL, harmonisedCounts(byItem.get(item.code), received)]])).get(OVERALL)! }));
		return { available: true, received, items };
	}

	/**
	 * The respondent-level export (admins only, DESIGN.md §6): every stored response of a wave,
	 * oldest first, with one answer column per item of the questionnaire. Multi-select answers are
	 * joined with ";" as in the respondent-level import.
	 */
	async respondentExport(waveId: string): Promise<RespondentExport> {
		const wave = await this.#waves.get(waveId);
		if (!wave) throw new BenchmarkError('wave', `There is no wave "${waveId}"`);
		const rows = await this.#database.client.execute({
			sql: 'SELECT id, mode, locale, session_code, received_at, source, flags, answers_json FROM responses WHERE wave_id = ? ORDER BY received_at, id',
			args: [waveId]
		});
		const items = this.#definition.items.map((item) => item.code);
		return {
			wave,
			items,
			generatedAt: this.#now().toISOString(),
			rows: rows.rows.map((row) => {
				const answers = JSON.parse(String(row.answers_json)) as Record<string, string | string[]>;
				return {
					id: String(row.id),
					mode: String(row.mode),
					locale: String(row.locale),
					sessionCode: row.session_code === null ? null : String(row.session_code),
					receivedAt: String(row.received_at),
					source: String(row.source),
					flags: JSON.parse(String(row.flags)) as string[],
					answers: Object.fromEntries(items.map((code) => [code, Array.isArray(answers[code]) ? (answers[code] as string[]).join(';') : (answers[code] ?? null)]))
				};
			})
		};
	}

	/** All counts for one wave and breakdown, from respondent-level rows and aggregate baselines. */
	async #countWave(waveId: string, by: string | null) {
		const answers: GroupCounts = new Map();
		const multiRespondents: GroupCounts = new Map();
		const totals = new Map<string, number>();
		const add = (target: GroupCounts, item: string, group: string, value: string, count: number) => {
			const byGroup = target.get(item) ?? new Map<string, Map<string, number>>();
			const byValue = byGroup.get(group) ?? new Map<string, number>();
			byValue.set(value, (byValue.get(value) ?? 0) + count);
			byGroup.set(group, byValue);
			target.set(item, byGroup);
		};
		// Respondent-level data: the pre-aggregated counts kept at ingest (services/answer-counts.ts).
		const groupItem = by ?? '';
		const groupOf = (value: unknown) => (by ? String(value) : OVERALL);
		const totalRows = await this.#database.client.execute({
			sql: 'SELECT group_value, n FROM group_totals WHERE wave_id = ? AND group_item = ?',
			args: [waveId, groupItem]
		});
		for (const row of totalRows.rows) totals.set(groupOf(row.group_value), Number(row.n));
		const answerRows = await this.#database.client.execute({
			sql: 'SELECT item_code, value, group_value, n FROM answer_counts WHERE wave_id = ? AND group_item = ?',
			args: [waveId, groupItem]
		});
		for (const row of answerRows.rows) {
			const target = String(row.value) === RESPONDENTS ? multiRespondents : answers;
			add(target, String(row.item_code), groupOf(row.group_value), String(row.value), Number(row.n));
		}

		// Aggregate baselines: counts per option; "_respondents" rows give multi-select denominators.
		const aggregateRows = await this.#database.client.execute({
			sql: 'SELECT item_code, option, group_value, count FROM baseline_counts WHERE wave_id = ? AND group_item = ?',
			args: [waveId, by ?? '']
		});
		for (const row of aggregateRows.rows) {
			const group = by ? String(row.group_value) : OVERALL;
			const target = String(row.option) === RESPONDENTS ? multiRespondents : answers;
			add(target, String(row.item_code), group, String(row.option), Number(row.count));
		}
		return { answers, totals, multiRespondents };
	}
}

/** Agree answers → n (valid), positive, and the excluded counts (DESIGN.md §4). */
function harmonisedCounts(values: Map<string, number> | undefined, groupTotal: number): CellCounts {
	let n = 0;
	let positive = 0;
	const excluded = { dont_know: 0, dont_understand: 0, prefer_not: 0, skipped: 0 };
	for (const [value, count] of values ?? []) {
		if (POSITIVE.has(value)) {
			positive += count;
			n += count;
		} else if (NOT_POSITIVE.has(value)) n += count;
		else if ((SPECIALS as readonly string[]).includes(value)) excluded[value as (typeof SPECIALS)[number]] += count;
	}
	// Respondent-level data knows who skipped; aggregate baselines have no total, so 0 there.
	excluded.skipped = Math.max(0, groupTotal - n - excluded.dont_know - excluded.dont_understand - excluded.prefer_not);
	return { n, positive, excluded };
}

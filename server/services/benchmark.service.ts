import {
	currentQuestionnaire,
	findItem,
	harmoniseAgreeValue,
	isSpecialAnswer,
	MODES,
	type Questionnaire,
	type SurveyResponse
} from '#survey';
import type { OpenDatabase } from '../db/client.js';
import {
	MIN_COUNT,
	publishAgree,
	publishAgreeWithin,
	publishCount,
	publishMulti,
	publishMultiWithin,
	publishAgreeTwoWay,
	publishMultiTwoWay,
	type CountCell,
	type MultiCell,
	type MultiCounts,
	type TwoWayCounts
} from '../disclosure/index.js';
import {
	adjustComparisons,
	compareCells,
	headline,
	SIGNIFICANCE,
	type Cell,
	type CellCounts,
	type Comparison,
	type OptionCell
} from '../stats/index.js';
import { crossTabulate, groupValueOf, NOT_STATED, RESPONDENTS } from './answer-counts.js';
import { Labels, OVERALL } from './labels.js';
import type { Wave, WavesService } from './waves.service.js';

export { NOT_STATED, OVERALL };

export interface AgreeItemReport {
	item: string;
	/** The question's wording (standard questionnaire, English). */
	label: string;
	outcome: number | null;
	outcomeLabel: string | null;
	comparable: boolean;
	groups: {
		group: string;
		label: string;
		cells: Record<string, Cell>;
		comparisons: Record<string, Comparison>;
		headlines: Record<string, string>;
	}[];
}

export type LabelledOptionCell = OptionCell & { label: string };

export interface MultiItemReport {
	item: string;
	label: string;
	outcome: number | null;
	outcomeLabel: string | null;
	groups: {
		group: string;
		label: string;
		waves: Record<string, { denominator: Cell; options: LabelledOptionCell[] }>;
	}[];
}

/** `filter=GROUP:VALUE`: every wave of the report restricted to the same young people. */
export interface ReportFilter {
	group: string;
	value: string;
}

export interface BenchmarkReport {
	wave: Wave;
	baselines: Wave[];
	by: string | null;
	byLabel: string | null;
	groups: string[];
	filters: (ReportFilter & { label: string })[];
	/** Whether this wave pools 5-point (standard) with 3-point (easy read, symbols) answers. */
	scales: { pooled: boolean; modes: string[] };
	/** The Benjamini–Hochberg family: every shown comparison of this report. */
	multipleComparisons: { method: 'benjamini_hochberg'; family: number; threshold: number };
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

export type SessionResults =
	| { available: false; reason: 'session_open' | 'too_few'; received?: CountCell }
	| { available: true; received: CountCell; items: { item: string; cell: Cell }[] };

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
 * The benchmark: each wave against the baselines, item by item and group by group (the method is
 * in server/stats/README.md). Counts come from the database (respondent-level answers and
 * aggregate baselines alike); every figure is computed and suppressed by server/stats, so nothing
 * under 10 leaves the server.
 */
export class BenchmarkService {
	#database: OpenDatabase;
	#waves: WavesService;
	#definition: Questionnaire;
	#now: () => Date;
	readonly labels: Labels;
	readonly definition: Questionnaire;

	constructor(
		database: OpenDatabase,
		waves: WavesService,
		definition: Questionnaire = currentQuestionnaire,
		now: () => Date = () => new Date()
	) {
		this.#database = database;
		this.#waves = waves;
		this.#definition = definition;
		this.#now = now;
		this.labels = new Labels(definition);
		this.definition = definition;
	}

	/**
	 * Checks each filter against the engine's breakdown groups. Two grouping items at most, a
	 * breakdown counted as one: a third would make a three-way table, which is not protected.
	 */
	#checkFilters(filters: readonly ReportFilter[], by: string | null): ReportFilter[] {
		for (const filter of filters) {
			if (
				filter.group !== 'mode' &&
				findItem(this.#definition, filter.group)?.section !== 'about_you'
			)
				throw new BenchmarkError(
					'filter',
					`"${filter.group}" is not a breakdown group (an about-you item or "mode")`
				);
			if (!this.groupsFor(filter.group).includes(filter.value))
				throw new BenchmarkError(
					'filter',
					`"${filter.value}" is not a value of ${filter.group} (one of ${this.groupsFor(filter.group).join(', ')})`
				);
		}
		const filtered = filters.map((filter) => filter.group);
		if (new Set(filtered).size < filtered.length)
			throw new BenchmarkError('filter', 'each group may be filtered once');
		if (by && filtered.includes(by))
			throw new BenchmarkError('by', `the report is already filtered to one group of ${by}`);
		if (filters.length + (by ? 1 : 0) > 2)
			throw new BenchmarkError(
				'filter',
				'at most two groups in all: two filters, or one filter with a breakdown'
			);
		return [...filters];
	}

	/** The groups of a breakdown: every option, "prefer not to say" and "not stated". */
	groupsFor(by: string | null): string[] {
		if (!by) return [OVERALL];
		// "not stated" holds what an aggregate baseline's overall figure has beyond its mode rows.
		if (by === 'mode') return [...MODES, NOT_STATED];
		const item = findItem(this.#definition, by);
		if (!item || item.section !== 'about_you')
			throw new BenchmarkError('by', `"${by}" is not an about-you item or "mode"`);
		return [...(item.options ?? []), 'prefer_not', NOT_STATED];
	}

	async report(
		waveId: string,
		compare: string[],
		by: string | null,
		requestedFilters: readonly ReportFilter[] = []
	): Promise<BenchmarkReport> {
		const wave = await this.#waves.get(waveId);
		if (!wave) throw new BenchmarkError('wave', `There is no wave "${waveId}"`);
		const baselines: Wave[] = [];
		for (const id of compare) {
			const baseline = await this.#waves.get(id);
			if (!baseline) throw new BenchmarkError('compare', `There is no wave "${id}"`);
			baselines.push(baseline);
		}
		const filters = this.#checkFilters(requestedFilters, by);
		const waveIds = [wave.id, ...baselines.map((baseline) => baseline.id)];
		// Two grouping items in all (a filter within a breakdown, or two filters) make a two-way
		// table; fewer, a one-way one (server/disclosure/README.md, "What a release is").
		const twoWay = filters.length + (by ? 1 : 0) === 2;
		const groups = twoWay && !by ? [OVERALL] : this.groupsFor(by);
		const filterLabel = filters
			.map((filter) => this.labels.group(filter.group, filter.value))
			.join(', ');
		const groupLabel = (group: string) =>
			by
				? this.labels.group(by, group)
				: filters.length > 0
					? filterLabel
					: this.labels.group(null, group);
		const published = new Map<string, PublishedWave>();
		for (const id of waveIds)
			published.set(
				id,
				twoWay
					? await this.#publishTwoWay(id, id === wave.id ? 'wave' : 'compare', filters, by)
					: await this.#publishOneWay(id, filters[0] ?? null, by)
			);
		const agreeCells = new Map<string, Map<string, Map<string, Cell>>>(); // item → wave → group
		const multiItems: MultiItemReport[] = [];
		for (const item of this.#definition.items) {
			if (item.type === 'agree')
				agreeCells.set(
					item.code,
					new Map(waveIds.map((id) => [id, published.get(id)!.agree.get(item.code)!]))
				);
			else if (item.type === 'multi')
				multiItems.push({
					item: item.code,
					label: this.labels.item(item.code),
					outcome: item.outcome,
					outcomeLabel: this.labels.outcome(item.outcome),
					groups: groups.map((group) => ({
						group,
						label: groupLabel(group),
						waves: Object.fromEntries(
							waveIds.map((id) => {
								const cell = published.get(id)!.multi.get(item.code)!.get(group)!;
								return [
									id,
									{
										denominator: cell.denominator,
										options: cell.options.map((option) => ({
											...option,
											label: this.labels.option(item.code, option.option)
										}))
									}
								];
							})
						)
					}))
				});
		}

		// Every shown comparison of the report is one Benjamini–Hochberg family (server/stats).
		const agreeItemDefinitions = this.#definition.items.filter((item) => item.type === 'agree');
		const raw: Comparison[] = [];
		for (const item of agreeItemDefinitions)
			for (const group of groups)
				for (const baseline of baselines) {
					const cells = agreeCells.get(item.code)!;
					raw.push(
						compareCells(cells.get(wave.id)!.get(group), cells.get(baseline.id)!.get(group))
					);
				}
		const adjusted = adjustComparisons(raw);
		const family = raw.filter((comparison) => comparison.status === 'shown').length;
		const scales = await this.#scales(wave.id, filters);
		let next = 0;
		const agreeItems: AgreeItemReport[] = agreeItemDefinitions.map((item) => {
			const cellsByWave = agreeCells.get(item.code)!;
			return {
				item: item.code,
				label: this.labels.item(item.code),
				outcome: item.outcome,
				outcomeLabel: this.labels.outcome(item.outcome),
				comparable: true,
				groups: groups.map((group) => {
					const current = cellsByWave.get(wave.id)!.get(group)!;
					const comparisons: Record<string, Comparison> = {};
					const headlines: Record<string, string> = {};
					for (const baseline of baselines) {
						const before = cellsByWave.get(baseline.id)!.get(group)!;
						comparisons[baseline.id] = adjusted[next++]!;
						headlines[baseline.id] = headline(
							item.code,
							current,
							before,
							comparisons[baseline.id]!,
							baseline.name,
							{ family, pooledScales: scales.pooled }
						);
					}
					return {
						group,
						label: groupLabel(group),
						cells: Object.fromEntries(waveIds.map((id) => [id, cellsByWave.get(id)!.get(group)!])),
						comparisons,
						headlines
					};
				})
			};
		});
		return {
			wave,
			baselines,
			by,
			byLabel: this.labels.breakdown(by),
			groups,
			filters: filters.map((entry) => ({
				...entry,
				label: `${this.labels.breakdown(entry.group)}: ${this.labels.group(entry.group, entry.value)}`
			})),
			scales,
			multipleComparisons: { method: 'benjamini_hochberg', family, threshold: SIGNIFICANCE },
			illustrative: [wave, ...baselines].some((entry) => entry.isIllustrative),
			agreeItems,
			multiItems,
			generatedAt: this.#now().toISOString()
		};
	}

	/**
	 * One wave's published cells with no more than one grouping item: overall, a breakdown, or
	 * one filter. A filtered report is column `filter.value` of the breakdown by `filter.group`
	 * (the same cells, so the two releases agree), each cell also protected together with its
	 * complement, everyone else, as the two parts of the unfiltered overall figure, so the
	 * filtered report subtracted from the unfiltered one isolates nobody.
	 */
	async #publishOneWay(
		waveId: string,
		filter: ReportFilter | null,
		by: string | null
	): Promise<PublishedWave> {
		const split = filter ? filter.group : by;
		// A breakdown is protected together with the overall figures it adds up to, which a reader
		// also has (the same report without a breakdown): server/disclosure decides every cell.
		const overall = await this.#countWave(waveId, null);
		const byGroup = split ? await this.#countWave(waveId, split) : null;
		const splitGroups = split ? this.groupsFor(split) : [OVERALL];
		const filterIndex = filter ? splitGroups.indexOf(filter.value) : -1;
		const result: PublishedWave = { agree: new Map(), multi: new Map() };
		for (const item of this.#definition.items) {
			if (item.type === 'agree') {
				const overallValues = overall.answers.get(item.code)?.get(OVERALL);
				const overallCounts = harmonisedCounts(overallValues);
				if (!byGroup) {
					result.agree.set(item.code, new Map([[OVERALL, publishAgree(overallCounts).overall]]));
					continue;
				}
				const perGroup = completeGroups(
					splitGroups,
					overallValues,
					byGroup.answers.get(item.code)
				).map(harmonisedCounts);
				if (filter) {
					result.agree.set(
						item.code,
						new Map([[OVERALL, publishAgreeWithin(overallCounts, perGroup, filterIndex)]])
					);
					continue;
				}
				const cells = publishAgree(overallCounts, perGroup).groups;
				result.agree.set(
					item.code,
					new Map(splitGroups.map((group, index) => [group, cells[index]!]))
				);
			} else if (item.type === 'multi') {
				const options = item.options ?? [];
				const overallCounts = multiCountsOf(
					options,
					overall.answers.get(item.code)?.get(OVERALL),
					overall.multiRespondents.get(item.code)?.get(OVERALL)
				);
				if (!byGroup) {
					result.multi.set(
						item.code,
						new Map([[OVERALL, publishMulti(options, overallCounts).overall]])
					);
					continue;
				}
				const perGroup = this.#multiGroups(item.code, options, splitGroups, overall, byGroup);
				if (filter) {
					result.multi.set(
						item.code,
						new Map([[OVERALL, publishMultiWithin(options, overallCounts, perGroup, filterIndex)]])
					);
					continue;
				}
				const cells = publishMulti(options, overallCounts, perGroup).groups;
				result.multi.set(
					item.code,
					new Map(splitGroups.map((group, index) => [group, cells[index]!]))
				);
			}
		}
		return result;
	}

	/** Each group's multi-select counts, in the order of `groups`, completed to the overall figure. */
	#multiGroups(
		code: string,
		options: readonly string[],
		groups: readonly string[],
		overall: WaveCounts,
		byGroup: WaveCounts
	): MultiCounts[] {
		const chosen = completeGroups(
			groups,
			overall.answers.get(code)?.get(OVERALL),
			byGroup.answers.get(code)
		);
		const respondents = completeGroups(
			groups,
			overall.multiRespondents.get(code)?.get(OVERALL),
			byGroup.multiRespondents.get(code)
		);
		return groups.map((_, index) => multiCountsOf(options, chosen[index], respondents[index]));
	}

	/**
	 * One wave's published cells for two grouping items: the first filter's group and the
	 * breakdown (or the second filter's group). The whole table is protected with both one-way
	 * breakdowns as its margins (publishAgreeTwoWay), then the report takes the first filter's
	 * row or column of it (and, with two filters, the cell of the second).
	 */
	async #publishTwoWay(
		waveId: string,
		field: 'wave' | 'compare',
		filters: readonly ReportFilter[],
		by: string | null
	): Promise<PublishedWave> {
		const aggregate = await this.#database.client.execute({
			sql: 'SELECT 1 FROM baseline_counts WHERE wave_id = ? LIMIT 1',
			args: [waveId]
		});
		if (aggregate.rows.length > 0)
			throw new BenchmarkError(
				field,
				`wave "${waveId}" was imported as totals per group, not one row per young person, so it cannot be cross-classified: leave it out, or use one filter or a breakdown alone`
			);
		// The table of a pair of groups is always laid out the same way round (rows: the group whose
		// code sorts first), so every request about the pair, in any order, is a part of one
		// protected table: two differently protected copies could be combined.
		const fixed = filters[0]!;
		const varying = by ?? filters[1]!.group;
		const flipped = fixed.group > varying;
		const rowGroup = flipped ? varying : fixed.group;
		const columnGroup = flipped ? fixed.group : varying;
		const rowGroups = this.groupsFor(rowGroup);
		const columnGroups = this.groupsFor(columnGroup);
		const overall = await this.#countWave(waveId, null);
		const byRow = await this.#countWave(waveId, rowGroup);
		const byColumn = await this.#countWave(waveId, columnGroup);
		const stored = await this.#database.client.execute({
			sql: 'SELECT mode, answers_json FROM responses WHERE wave_id = ?',
			args: [waveId]
		});
		const cross = crossTabulate(
			stored.rows.map((row) => ({
				mode: String(row.mode),
				answers: JSON.parse(String(row.answers_json)) as SurveyResponse['answers']
			})),
			{ group: rowGroup, values: rowGroups },
			{ group: columnGroup, values: columnGroups },
			this.#definition
		);
		const fixedIndex = this.groupsFor(fixed.group).indexOf(fixed.value);
		const varyingGroups = this.groupsFor(varying);
		// The report's groups (the breakdown's, or the one cell of two filters) as table positions.
		const picked: (readonly [string, number])[] = by
			? varyingGroups.map((group, index) => [group, index] as const)
			: [[OVERALL, varyingGroups.indexOf(filters[1]!.value)] as const];
		const at = <T>(cells: T[][], index: number): T =>
			flipped ? cells[index]![fixedIndex]! : cells[fixedIndex]![index]!;
		const result: PublishedWave = { agree: new Map(), multi: new Map() };
		for (const item of this.#definition.items) {
			if (item.type === 'agree') {
				const overallValues = overall.answers.get(item.code)?.get(OVERALL);
				const table = {
					overall: harmonisedCounts(overallValues),
					rows: completeGroups(rowGroups, overallValues, byRow.answers.get(item.code)).map(
						harmonisedCounts
					),
					columns: completeGroups(columnGroups, overallValues, byColumn.answers.get(item.code)).map(
						harmonisedCounts
					),
					cells: cross.map((row) =>
						row.map((cell) => harmonisedCounts(cell.answers.get(item.code)))
					)
				};
				assertAddsUp(table, (counts) => [counts.n, counts.positive]);
				const cells = publishAgreeTwoWay(table);
				result.agree.set(
					item.code,
					new Map(picked.map(([group, index]) => [group, at(cells, index)]))
				);
			} else if (item.type === 'multi') {
				const options = item.options ?? [];
				const table = {
					overall: multiCountsOf(
						options,
						overall.answers.get(item.code)?.get(OVERALL),
						overall.multiRespondents.get(item.code)?.get(OVERALL)
					),
					rows: this.#multiGroups(item.code, options, rowGroups, overall, byRow),
					columns: this.#multiGroups(item.code, options, columnGroups, overall, byColumn),
					cells: cross.map((row) =>
						row.map((cell) =>
							multiCountsOf(
								options,
								cell.answers.get(item.code),
								new Map([[RESPONDENTS, cell.respondents.get(item.code) ?? 0]])
							)
						)
					)
				};
				assertAddsUp(table, (counts) => [counts.respondents, ...counts.options]);
				const cells = publishMultiTwoWay(options, table);
				result.multi.set(
					item.code,
					new Map(picked.map(([group, index]) => [group, at(cells, index)]))
				);
			}
		}
		return result;
	}

	/**
	 * The modes at least MIN_COUNT of a wave's young people (within the filters) answered in, and
	 * whether agree answers on the 5-point scale are pooled with 3-point ones among them
	 * (harmoniseAgreeValue maps both to positive). A mode with 1–9 is left out, as one with none
	 * is: listing it would say that someone with these answers used it (server/disclosure/README.md).
	 */
	async #scales(
		waveId: string,
		filters: readonly ReportFilter[]
	): Promise<{ pooled: boolean; modes: string[] }> {
		const counts = new Map<string, number>();
		const add = (mode: string, n: number) => counts.set(mode, (counts.get(mode) ?? 0) + n);
		const aboutYou = filters.filter((filter) => filter.group !== 'mode');
		if (aboutYou.length === 0) {
			const totals = await this.#database.client.execute({
				sql: "SELECT group_value, n FROM group_totals WHERE wave_id = ? AND group_item = 'mode'",
				args: [waveId]
			});
			for (const row of totals.rows) add(String(row.group_value), Number(row.n));
			// An aggregate baseline's respondents in a mode: those who answered its best-answered
			// agree item (multi-select options would count a young person more than once).
			const agreeItems = this.#definition.items
				.filter((item) => item.type === 'agree')
				.map((item) => item.code);
			const aggregate = await this.#database.client.execute({
				sql: `SELECT group_value, MAX(answered) AS n FROM (SELECT group_value, item_code, SUM(count) AS answered FROM baseline_counts WHERE wave_id = ? AND group_item = 'mode' AND item_code IN (${agreeItems.map(() => '?').join(', ')}) GROUP BY group_value, item_code) GROUP BY group_value`,
				args: [waveId, ...agreeItems]
			});
			for (const row of aggregate.rows) add(String(row.group_value), Number(row.n));
		} else {
			// About-you filters: the modes of the stored responses that match them all. SQLite groups
			// by mode and each filtered answer, so only the few distinct combinations are read.
			const rows = await this.#database.client.execute({
				sql: `SELECT mode, COUNT(*) AS n, ${aboutYou.map((_, index) => `json_extract(answers_json, ?) AS g${index}`).join(', ')} FROM responses WHERE wave_id = ? GROUP BY ${aboutYou.map((_, index) => `g${index}`).join(', ')}, mode`,
				args: [...aboutYou.map((filter) => `$.${filter.group}`), waveId]
			});
			for (const row of rows.rows) {
				const response = {
					mode: String(row.mode),
					answers: Object.fromEntries(
						aboutYou.map((filter, index) => [filter.group, row[`g${index}`]])
					) as SurveyResponse['answers']
				};
				if (
					aboutYou.every(
						(filter) =>
							groupValueOf(response, filter.group, this.groupsFor(filter.group)) === filter.value
					)
				)
					add(response.mode, Number(row.n));
			}
		}
		const modeFilters = filters.filter((filter) => filter.group === 'mode');
		const modes = MODES.filter(
			(mode) =>
				(counts.get(mode) ?? 0) >= MIN_COUNT && modeFilters.every((filter) => filter.value === mode)
		);
		const scalesUsed = new Set(modes.map((mode) => this.#definition.scaleForMode[mode]));
		return { pooled: scalesUsed.size > 1, modes };
	}

	/**
	 * One rep session's own results (overall % positive per agree item). Published only once the
	 * session is closed and both it and the rest of its wave have at least 10 respondents; each
	 * item is then protected as a breakdown of the wave into "this session" and "everyone else",
	 * so subtracting the session from the wave's figures isolates nobody on either side.
	 */
	async sessionResults(code: string, waveId: string | null): Promise<SessionResults> {
		// A session belongs to its own wave, or (with none set) to the wave most of its responses reached.
		const waveOfSession =
			waveId ??
			(
				await this.#database.client.execute({
					sql: "SELECT wave_id FROM group_totals WHERE group_item = 'session' AND group_value = ? ORDER BY n DESC LIMIT 1",
					args: [code]
				})
			).rows[0]?.wave_id;
		if (typeof waveOfSession !== 'string')
			return { available: false, reason: 'too_few', received: publishCount(0) };
		const sessionCounts = await this.#countGroup(waveOfSession, 'session', code);
		const received = sessionCounts.total;
		const wave = await this.#countWave(waveOfSession, null);
		const waveTotal = wave.totals.get(OVERALL) ?? 0;
		if (received < MIN_COUNT || waveTotal - received < MIN_COUNT)
			return { available: false, reason: 'too_few', received: publishCount(received) };
		const items = this.#definition.items
			.filter((item) => item.type === 'agree')
			.map((item) => {
				const waveValues = wave.answers.get(item.code)?.get(OVERALL);
				const sessionValues = sessionCounts.answers.get(item.code);
				const rest = new Map<string, number>();
				for (const [value, n] of waveValues ?? [])
					rest.set(value, n - (sessionValues?.get(value) ?? 0));
				const published = publishAgree(harmonisedCounts(waveValues), [
					harmonisedCounts(sessionValues),
					harmonisedCounts(rest)
				]);
				return { item: item.code, cell: published.groups[0]! };
			});
		return { available: true, received: publishCount(received), items };
	}

	/** The responses of one breakdown group in one wave (a session's own). */
	async #countGroup(
		waveId: string,
		groupItem: string,
		groupValue: string
	): Promise<{ total: number; answers: Map<string, Map<string, number>> }> {
		const total = await this.#database.client.execute({
			sql: 'SELECT coalesce(sum(n), 0) AS n FROM group_totals WHERE wave_id = ? AND group_item = ? AND group_value = ?',
			args: [waveId, groupItem, groupValue]
		});
		const rows = await this.#database.client.execute({
			sql: 'SELECT item_code, value, sum(n) AS n FROM answer_counts WHERE wave_id = ? AND group_item = ? AND group_value = ? GROUP BY item_code, value',
			args: [waveId, groupItem, groupValue]
		});
		const answers = new Map<string, Map<string, number>>();
		for (const row of rows.rows) {
			const values = answers.get(String(row.item_code)) ?? new Map<string, number>();
			values.set(String(row.value), Number(row.n));
			answers.set(String(row.item_code), values);
		}
		return { total: Number(total.rows[0]?.n ?? 0), answers };
	}

	/**
	 * The respondent-level export (admins only: docs/security.md, roles): every stored response of
	 * a wave, oldest first, with one answer column per item of the questionnaire. Multi-select
	 * answers are joined with ";" as in the respondent-level import.
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
					answers: Object.fromEntries(
						items.map((code) => [
							code,
							Array.isArray(answers[code])
								? (answers[code] as string[]).join(';')
								: (answers[code] ?? null)
						])
					)
				};
			})
		};
	}

	/** All counts for one wave and breakdown, from respondent-level rows and aggregate baselines. */
	async #countWave(waveId: string, by: string | null): Promise<WaveCounts> {
		const answers: GroupCounts = new Map();
		const multiRespondents: GroupCounts = new Map();
		const totals = new Map<string, number>();
		const add = (
			target: GroupCounts,
			item: string,
			group: string,
			value: string,
			count: number
		) => {
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
			add(
				target,
				String(row.item_code),
				groupOf(row.group_value),
				String(row.value),
				Number(row.n)
			);
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

interface WaveCounts {
	answers: GroupCounts;
	totals: Map<string, number>;
	multiRespondents: GroupCounts;
}

/**
 * Each group's counts for one item, in the order of `groups`, with whatever the overall figure
 * holds beyond the groups' sum (an aggregate baseline that does not break every answer down) put
 * in "not stated": the groups then add up to the overall figure, as a reader would assume, and
 * a small remainder is protected like any small group instead of being left to subtraction.
 */
function completeGroups(
	groups: readonly string[],
	overall: Map<string, number> | undefined,
	byGroup: Map<string, Map<string, number>> | undefined
): Map<string, number>[] {
	const perGroup = groups.map((group) => new Map(byGroup?.get(group) ?? []));
	const remainderGroup = groups.indexOf(NOT_STATED);
	if (remainderGroup >= 0) {
		for (const [value, total] of overall ?? []) {
			const grouped = perGroup.reduce((sum, values) => sum + (values.get(value) ?? 0), 0);
			if (total > grouped)
				perGroup[remainderGroup]!.set(
					value,
					(perGroup[remainderGroup]!.get(value) ?? 0) + total - grouped
				);
		}
	}
	return perGroup;
}

/** Agree answers → n (valid), positive, and the special answers (the engine's `harmonise.ts` decides). */
function harmonisedCounts(values: Map<string, number> | undefined): CellCounts {
	let n = 0;
	let positive = 0;
	const excluded = { dont_know: 0, dont_understand: 0, prefer_not: 0 };
	for (const [value, count] of values ?? []) {
		// The engine's rule (harmonise.ts), the same one every device and the tests use.
		const harmonised = harmoniseAgreeValue(value);
		if (harmonised === 'positive') positive += count;
		if (harmonised !== 'excluded') n += count;
		else if (isSpecialAnswer(value)) excluded[value] += count;
	}
	// Skipped answers are not published: with them a reader could work out each group's size and
	// link one item's figures to another's (server/disclosure/README.md).
	return { n, positive, excluded };
}

/** One wave's published cells: item → group → cell. */
interface PublishedWave {
	agree: Map<string, Map<string, Cell>>;
	multi: Map<string, Map<string, MultiCell>>;
}

function multiCountsOf(
	options: readonly string[],
	chosen: Map<string, number> | undefined,
	respondents: Map<string, number> | undefined
): MultiCounts {
	return {
		respondents: respondents?.get(RESPONDENTS) ?? 0,
		options: options.map((option) => chosen?.get(option) ?? 0)
	};
}

/**
 * The cells counted from the stored responses must add up to the one-way counts kept at ingest
 * (what the breakdowns publish), or the table would be protected against margins a reader does
 * not have.
 */
function assertAddsUp<T>(table: TwoWayCounts<T>, figures: (counts: T) => number[]): void {
	const sum = (values: number[][]) =>
		values.reduce((acc, entry) => acc.map((value, index) => value + entry[index]!));
	const same = (first: number[], second: number[]) =>
		first.every((value, index) => value === second[index]);
	table.rows.forEach((row, index) => {
		if (!same(figures(row), sum(table.cells[index]!.map(figures))))
			throw new Error('answer counts out of step with the stored responses (rows)');
	});
	table.columns.forEach((column, index) => {
		if (!same(figures(column), sum(table.cells.map((row) => figures(row[index]!)))))
			throw new Error('answer counts out of step with the stored responses (columns)');
	});
}

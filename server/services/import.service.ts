import { createHash, randomUUID } from 'node:crypto';
import type { InArgs, InStatement } from '@libsql/client';
import type { OpenDatabase } from '../db/client.js';
import { eq } from 'drizzle-orm';
import { answerCounts, baselineCounts, groupTotals, responses, waves } from '../db/schema.js';
import {
	parseAggregateCsvYielding,
	parseRespondentCsvYielding,
	type ImportProblem
} from '../import/baseline-csv.js';
import { insertStatements, type InsertRow } from './responses.service.js';
import type { WavesService } from './waves.service.js';

export type ImportFormat = 'respondent' | 'aggregate';

export interface ImportPreview {
	format: ImportFormat;
	wave: string;
	rows: number;
	problems: ImportProblem[];
	/** Answers (or counts) per item, to check before confirming. */
	itemSummary: Record<string, number>;
	/** The wave already holds data: importing needs an explicit replace. */
	hasExistingData: boolean;
}

export class ImportError extends Error {
	constructor(
		readonly code: 'invalid_file' | 'wave_has_data' | 'unknown_wave',
		message: string,
		readonly problems: ImportProblem[] = []
	) {
		super(message);
	}
}

/**
 * Baseline import: every row validated with the survey engine, every problem reported with its
 * line, and all or nothing in one transaction.
 */
export class ImportService {
	#database: OpenDatabase;
	#waves: WavesService;
	#now: () => Date;

	constructor(database: OpenDatabase, waves: WavesService, now: () => Date = () => new Date()) {
		this.#database = database;
		this.#waves = waves;
		this.#now = now;
	}

	async preview(waveId: string, format: ImportFormat, text: string): Promise<ImportPreview> {
		const wave = await this.#waves.get(waveId);
		if (!wave) throw new ImportError('unknown_wave', `There is no wave "${waveId}"`);
		const itemSummary: Record<string, number> = {};
		let rows: number;
		let problems: ImportProblem[];
		if (format === 'respondent') {
			const parsed = await parseRespondentCsvYielding(text);
			problems = parsed.problems;
			rows = parsed.rows.length;
			for (const row of parsed.rows)
				for (const code of Object.keys(row.answers))
					itemSummary[code] = (itemSummary[code] ?? 0) + 1;
		} else {
			const parsed = await parseAggregateCsvYielding(text);
			problems = parsed.problems;
			rows = parsed.rows.length;
			for (const row of parsed.rows)
				if (row.group === '') itemSummary[row.item] = (itemSummary[row.item] ?? 0) + row.count;
		}
		return {
			format,
			wave: waveId,
			rows,
			problems,
			itemSummary,
			hasExistingData: (await this.#waves.countResponses(waveId)) > 0
		};
	}

	/** Imports the whole file or nothing; a real file clears an illustrative wave's label. Returns how many rows were stored. */
	async import(
		waveId: string,
		format: ImportFormat,
		text: string,
		options: { replace?: boolean; illustrative?: boolean; source?: ImportSource } = {}
	): Promise<{ imported: number }> {
		const wave = await this.#waves.get(waveId);
		if (!wave) throw new ImportError('unknown_wave', `There is no wave "${waveId}"`);
		const hasData = (await this.#waves.countResponses(waveId)) > 0;
		if (hasData && !options.replace) {
			throw new ImportError(
				'wave_has_data',
				`Wave ${waveId} already has data; choose "replace" to overwrite it`
			);
		}
		const db = this.#database.db;
		const statements: InStatement[] = [];
		if (hasData) {
			statements.push(
				statement(db.delete(responses).where(eq(responses.waveId, waveId))),
				statement(db.delete(baselineCounts).where(eq(baselineCounts.waveId, waveId))),
				statement(db.delete(answerCounts).where(eq(answerCounts.waveId, waveId))),
				statement(db.delete(groupTotals).where(eq(groupTotals.waveId, waveId)))
			);
		}
		let imported: number;
		if (format === 'respondent') {
			const parsed = await parseRespondentCsvYielding(text);
			if (parsed.problems.length > 0)
				throw new ImportError(
					'invalid_file',
					`${parsed.problems.length} problem(s) in the file; nothing was imported`,
					parsed.problems
				);
			const at = wave.opensAt ?? this.#now().toISOString();
			const rows: InsertRow[] = parsed.rows.map((row) => {
				const response = {
					id: randomUUID(),
					questionnaireVersion: `import:${waveId}`,
					mode: row.mode,
					locale: 'en-GB',
					startedAt: at,
					completedAt: at,
					answers: row.answers
				};
				return {
					response,
					hash: createHash('sha256').update(JSON.stringify(response)).digest('hex'),
					receivedAt: this.#now().toISOString(),
					flags: [],
					waveId,
					source: 'import'
				};
			});
			statements.push(...insertStatements(rows));
			imported = rows.length;
		} else {
			const parsed = await parseAggregateCsvYielding(text);
			if (parsed.problems.length > 0)
				throw new ImportError(
					'invalid_file',
					`${parsed.problems.length} problem(s) in the file; nothing was imported`,
					parsed.problems
				);
			for (let start = 0; start < parsed.rows.length; start += 1000) {
				const chunk = parsed.rows.slice(start, start + 1000);
				statements.push(
					statement(
						db.insert(baselineCounts).values(
							chunk.map((row) => ({
								waveId,
								itemCode: row.item,
								option: row.option,
								groupItem: row.group,
								groupValue: row.groupValue,
								count: row.count
							}))
						)
					)
				);
			}
			imported = parsed.rows.length;
		}
		// A real file makes the wave real: it must no longer be labelled invented (issue 11, item 6).
		// Only the seed imports illustrative data, and it says so.
		if (wave.isIllustrative && !options.illustrative) {
			statements.push(
				statement(
					db
						.update(waves)
						.set({ isIllustrative: false, name: realWaveName(wave.name) })
						.where(eq(waves.id, waveId))
				)
			);
		}
		const source = options.source ?? {
			fileName: 'unnamed.csv',
			importedBy: 'unknown',
			importedByEmail: null
		};
		// Provenance only: an import never changes which wave is current (WavesService.setCurrent).
		statements.push(
			statement(
				db
					.update(waves)
					.set({
						importFileName: source.fileName,
						importSha256: createHash('sha256').update(text, 'utf8').digest('hex'),
						importRows: imported,
						importedBy: source.importedBy,
						importedByEmail: source.importedByEmail,
						importedAt: this.#now().toISOString()
					})
					.where(eq(waves.id, waveId))
			)
		);
		await this.#database.ensureDurability();
		// One libSQL batch, so the file is stored whole or not at all: the responses' rows and their
		// counts come as raw statements from the ingest path (insertStatements, whose json_each insert
		// is the group commit bench/server-figures.ts measures), the rest from drizzle's builder.
		await this.#database.client.batch(statements, 'write');
		return { imported };
	}
}

/** A drizzle query as a libSQL statement, to run in the same batch as the ingest path's statements. */
function statement(query: { toSQL(): { sql: string; params: unknown[] } }): InStatement {
	const { sql, params } = query.toSQL();
	return { sql, args: params as InArgs };
}

/** Who brought a file in, for the wave's provenance. */
export interface ImportSource {
	fileName: string;
	/** A staff user's id, or 'seed' / 'cli'. */
	importedBy: string;
	importedByEmail: string | null;
}

/** "2019 (illustrative)" → "2019": the seed's names with the label taken off. */
export function realWaveName(name: string): string {
	return name.replace(/\s*\(illustrative\)\s*$/i, '').trim() || name;
}

import { createHash, randomUUID } from 'node:crypto';
import type { InStatement } from '@libsql/client';
import type { OpenDatabase } from '../db/client.js';
import {
	parseAggregateCsv,
	parseRespondentCsv,
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
			const parsed = parseRespondentCsv(text);
			problems = parsed.problems;
			rows = parsed.rows.length;
			for (const row of parsed.rows)
				for (const code of Object.keys(row.answers))
					itemSummary[code] = (itemSummary[code] ?? 0) + 1;
		} else {
			const parsed = parseAggregateCsv(text);
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
		const statements: InStatement[] = [];
		if (hasData) {
			statements.push({ sql: 'DELETE FROM responses WHERE wave_id = ?', args: [waveId] });
			statements.push({ sql: 'DELETE FROM baseline_counts WHERE wave_id = ?', args: [waveId] });
			statements.push({ sql: 'DELETE FROM answer_counts WHERE wave_id = ?', args: [waveId] });
			statements.push({ sql: 'DELETE FROM group_totals WHERE wave_id = ?', args: [waveId] });
		}
		let imported: number;
		if (format === 'respondent') {
			const parsed = parseRespondentCsv(text);
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
			const parsed = parseAggregateCsv(text);
			if (parsed.problems.length > 0)
				throw new ImportError(
					'invalid_file',
					`${parsed.problems.length} problem(s) in the file; nothing was imported`,
					parsed.problems
				);
			for (let start = 0; start < parsed.rows.length; start += 1000) {
				const chunk = parsed.rows.slice(start, start + 1000);
				statements.push({
					sql:
						'INSERT INTO baseline_counts (wave_id, item_code, option, group_item, group_value, count) VALUES ' +
						chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', '),
					args: chunk.flatMap((row) => [
						waveId,
						row.item,
						row.option,
						row.group,
						row.groupValue,
						row.count
					])
				});
			}
			imported = parsed.rows.length;
		}
		// A real file makes the wave real: it must no longer be labelled invented (issue 11, item 6).
		// Only the seed imports illustrative data, and it says so.
		if (wave.isIllustrative && !options.illustrative) {
			statements.push({
				sql: 'UPDATE waves SET is_illustrative = 0, name = ? WHERE id = ?',
				args: [realWaveName(wave.name), waveId]
			});
		}
		const source = options.source ?? {
			fileName: 'unnamed.csv',
			importedBy: 'unknown',
			importedByEmail: null
		};
		statements.push({
			sql: 'UPDATE waves SET import_file_name = ?, import_sha256 = ?, import_rows = ?, imported_by = ?, imported_by_email = ?, imported_at = ? WHERE id = ?',
			args: [
				source.fileName,
				createHash('sha256').update(text, 'utf8').digest('hex'),
				imported,
				source.importedBy,
				source.importedByEmail,
				this.#now().toISOString(),
				waveId
			]
		});
		await this.#database.ensureDurability();
		await this.#database.client.batch(statements, 'write');
		return { imported };
	}
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

import type { OpenDatabase } from '../db/client.js';

export interface Wave {
	id: string;
	name: string;
	opensAt: string | null;
	closesAt: string | null;
	isBaseline: boolean;
	isIllustrative: boolean;
	/** Where the wave's imported data came from; null for a wave collected by the survey. */
	provenance: WaveProvenance | null;
}

/** The last import into a wave: which file (name and SHA-256 of its bytes), how many rows, who, when. */
export interface WaveProvenance {
	fileName: string;
	sha256: string;
	rows: number;
	/** A staff user's id, or 'seed' / 'cli'. */
	importedBy: string;
	importedByEmail: string | null;
	importedAt: string;
}

const toWave = (row: Record<string, unknown>): Wave => ({
	id: String(row.id),
	name: String(row.name),
	opensAt: row.opens_at === null ? null : String(row.opens_at),
	closesAt: row.closes_at === null ? null : String(row.closes_at),
	isBaseline: Number(row.is_baseline) === 1,
	isIllustrative: Number(row.is_illustrative) === 1,
	provenance:
		row.import_sha256 === null || row.import_sha256 === undefined
			? null
			: {
					fileName: String(row.import_file_name),
					sha256: String(row.import_sha256),
					rows: Number(row.import_rows),
					importedBy: String(row.imported_by),
					importedByEmail: row.imported_by_email === null ? null : String(row.imported_by_email),
					importedAt: String(row.imported_at)
				}
});

export const WAVE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Survey waves. A device response belongs to the (non-baseline) wave open when the server received it. */
export class WavesService {
	#database: OpenDatabase;
	#now: () => Date;

	constructor(database: OpenDatabase, now: () => Date = () => new Date()) {
		this.#database = database;
		this.#now = now;
	}

	async list(): Promise<Wave[]> {
		const rows = await this.#database.client.execute(
			'SELECT * FROM waves ORDER BY coalesce(opens_at, id), id'
		);
		return rows.rows.map((row) => toWave(row as Record<string, unknown>));
	}

	async get(id: string): Promise<Wave | null> {
		const row = (
			await this.#database.client.execute({ sql: 'SELECT * FROM waves WHERE id = ?', args: [id] })
		).rows[0];
		return row ? toWave(row as Record<string, unknown>) : null;
	}

	async create(wave: Omit<Wave, 'provenance'>): Promise<Wave> {
		await this.#database.client.execute({
			sql: 'INSERT INTO waves (id, name, opens_at, closes_at, is_baseline, is_illustrative, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
			args: [
				wave.id,
				wave.name,
				wave.opensAt,
				wave.closesAt,
				wave.isBaseline ? 1 : 0,
				wave.isIllustrative ? 1 : 0,
				this.#now().toISOString()
			]
		});
		return { ...wave, provenance: null };
	}

	/** The wave a response received at this time belongs to, or null when none is open. */
	async openAt(at: Date): Promise<string | null> {
		const iso = at.toISOString();
		const row = (
			await this.#database.client.execute({
				// Never an illustrative wave: real answers must not be mixed into invented figures.
				sql: `SELECT id FROM waves WHERE is_baseline = 0 AND is_illustrative = 0 AND (opens_at IS NULL OR opens_at <= ?) AND (closes_at IS NULL OR closes_at > ?)
				      ORDER BY opens_at DESC LIMIT 1`,
				args: [iso, iso]
			})
		).rows[0];
		return row ? String(row.id) : null;
	}

	/** The survey wave (not a baseline) that closed most recently before this time, if any. */
	async lastClosedBefore(at: Date): Promise<string | null> {
		const iso = at.toISOString();
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT id FROM waves WHERE is_baseline = 0 AND is_illustrative = 0 AND closes_at IS NOT NULL AND closes_at <= ? ORDER BY closes_at DESC LIMIT 1',
				args: [iso]
			})
		).rows[0];
		return row ? String(row.id) : null;
	}

	/** Makes sure a wave is open for this school year (September to August), so responses have a home. */
	async ensureCurrentWave(): Promise<Wave> {
		const now = this.#now();
		const startYear = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
		const id = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
		const existing = await this.get(id);
		if (existing) return existing;
		return this.create({
			id,
			name: `${startYear}–${String((startYear + 1) % 100).padStart(2, '0')} survey`,
			opensAt: `${startYear}-09-01T00:00:00.000Z`,
			closesAt: `${startYear + 1}-09-01T00:00:00.000Z`,
			isBaseline: false,
			isIllustrative: false
		});
	}

	async countResponses(id: string): Promise<number> {
		const responses = await this.#database.client.execute({
			sql: 'SELECT count(*) AS n FROM responses WHERE wave_id = ?',
			args: [id]
		});
		const counts = await this.#database.client.execute({
			sql: 'SELECT count(*) AS n FROM baseline_counts WHERE wave_id = ?',
			args: [id]
		});
		return Number(responses.rows[0]?.n ?? 0) + Number(counts.rows[0]?.n ?? 0);
	}
}

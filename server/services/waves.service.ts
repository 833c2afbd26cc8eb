import { and, asc, desc, eq, isNotNull, isNull, lte, gt, or, sql } from 'drizzle-orm';
import type { OpenDatabase } from '../db/client.js';
import { baselineCounts, responses, waves } from '../db/schema.js';

export interface Wave {
	id: string;
	name: string;
	opensAt: string | null;
	closesAt: string | null;
	isBaseline: boolean;
	isIllustrative: boolean;
	/** The current reporting wave: the one the dashboard opens on (at most one; see setCurrent). */
	isCurrent: boolean;
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

type WaveRow = typeof waves.$inferSelect;

const toWave = (row: WaveRow): Wave => ({
	id: row.id,
	name: row.name,
	opensAt: row.opensAt,
	closesAt: row.closesAt,
	isBaseline: row.isBaseline,
	isIllustrative: row.isIllustrative,
	isCurrent: row.isCurrent,
	provenance:
		row.importSha256 === null
			? null
			: {
					fileName: row.importFileName ?? 'unnamed.csv',
					sha256: row.importSha256,
					rows: row.importRows ?? 0,
					importedBy: row.importedBy ?? 'unknown',
					importedByEmail: row.importedByEmail,
					importedAt: row.importedAt ?? ''
				}
});

/** What creating a wave needs: provenance comes from an import, the current flag from setCurrent. */
export type NewWave = Omit<Wave, 'provenance' | 'isCurrent'>;

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
		const rows = await this.#database.db
			.select()
			.from(waves)
			.orderBy(sql`coalesce(${waves.opensAt}, ${waves.id})`, asc(waves.id));
		return rows.map(toWave);
	}

	/** Whether any wave holds illustrative (invented) data: the demo login lives only while one does. */
	async hasIllustrativeWaves(): Promise<boolean> {
		return (await this.#database.db.$count(waves, eq(waves.isIllustrative, true))) > 0;
	}

	async get(id: string): Promise<Wave | null> {
		const [row] = await this.#database.db.select().from(waves).where(eq(waves.id, id));
		return row ? toWave(row) : null;
	}

	async create(wave: NewWave): Promise<Wave> {
		await this.#database.db.insert(waves).values({
			id: wave.id,
			name: wave.name,
			opensAt: wave.opensAt,
			closesAt: wave.closesAt,
			isBaseline: wave.isBaseline,
			isIllustrative: wave.isIllustrative,
			createdAt: this.#now().toISOString()
		});
		return { ...wave, isCurrent: false, provenance: null };
	}

	/**
	 * The current reporting wave: the one place that decides which wave the dashboard, the free-text
	 * page and "You said" start from (issue 15 item 3). It is the wave staff marked current, never
	 * the newest import; null only while no wave is marked.
	 */
	async currentReportingWave(): Promise<Wave | null> {
		const [row] = await this.#database.db.select().from(waves).where(eq(waves.isCurrent, true));
		return row ? toWave(row) : null;
	}

	/**
	 * Marks this wave as the current reporting wave (and no other), in one transaction. Any wave may
	 * be chosen, a baseline or an illustrative one too, because choosing it is the explicit decision.
	 * Returns the wave that was current before, or null.
	 */
	async setCurrent(id: string): Promise<{ wave: Wave; previous: string | null } | null> {
		const wave = await this.get(id);
		if (!wave) return null;
		const previous = await this.currentReportingWave();
		await this.#database.ensureDurability();
		await this.#database.db.batch([
			this.#database.db.update(waves).set({ isCurrent: false }).where(eq(waves.isCurrent, true)),
			this.#database.db.update(waves).set({ isCurrent: true }).where(eq(waves.id, id))
		]);
		return { wave: { ...wave, isCurrent: true }, previous: previous?.id ?? null };
	}

	/** The wave a response received at this time belongs to, or null when none is open. */
	async openAt(at: Date): Promise<string | null> {
		const iso = at.toISOString();
		const [row] = await this.#database.db
			.select({ id: waves.id })
			.from(waves)
			.where(
				and(
					// Never an illustrative wave: real answers must not be mixed into invented figures.
					eq(waves.isBaseline, false),
					eq(waves.isIllustrative, false),
					or(isNull(waves.opensAt), lte(waves.opensAt, iso)),
					or(isNull(waves.closesAt), gt(waves.closesAt, iso))
				)
			)
			.orderBy(desc(waves.opensAt))
			.limit(1);
		return row?.id ?? null;
	}

	/** The survey wave (not a baseline) that closed most recently before this time, if any. */
	async lastClosedBefore(at: Date): Promise<string | null> {
		const [row] = await this.#database.db
			.select({ id: waves.id })
			.from(waves)
			.where(
				and(
					eq(waves.isBaseline, false),
					eq(waves.isIllustrative, false),
					isNotNull(waves.closesAt),
					lte(waves.closesAt, at.toISOString())
				)
			)
			.orderBy(desc(waves.closesAt))
			.limit(1);
		return row?.id ?? null;
	}

	/** Makes sure a wave is open for this school year (September to August), so responses have a home. */
	async ensureCurrentWave(): Promise<Wave> {
		const now = this.#now();
		const startYear = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
		const id = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
		const existing = (await this.get(id)) ?? (await this.#createSchoolYear(id, startYear));
		// A fresh install has no current wave yet: the school year's wave is the one to report on
		// until staff choose another. An existing choice is never overridden.
		if (!existing.isCurrent && !(await this.currentReportingWave()))
			return (await this.setCurrent(id))!.wave;
		return existing;
	}

	#createSchoolYear(id: string, startYear: number): Promise<Wave> {
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
		const [stored, counts] = await Promise.all([
			this.#database.db.$count(responses, eq(responses.waveId, id)),
			this.#database.db.$count(baselineCounts, eq(baselineCounts.waveId, id))
		]);
		return stored + counts;
	}
}

import type { Role } from '../auth/auth.service.js';
import type { OpenDatabase } from '../db/client.js';
import type { BenchmarkService } from './benchmark.service.js';
import type { Wave, WavesService } from './waves.service.js';

/** One headline result as young people see it: only overall figures the benchmark report showed. */
export interface YouSaidResult {
	item: string;
	outOf100: number;
	before: number | null;
	direction: 'improved' | 'declined' | 'no_significant_change' | null;
}

/** Exactly what a publication shows, before it is published (the preview) and after. */
export interface YouSaidContent {
	wave: string;
	baseline: string | null;
	illustrative: boolean;
	results: YouSaidResult[];
}

/**
 * The public answer of GET /api/v1/you-said once something is published. The publisher is named
 * only by role ("the Engagement Team" on the page); their email never leaves the dashboard.
 */
export interface YouSaidPublication extends YouSaidContent {
	available: true;
	publishedAt: string;
	publishedBy: Exclude<Role, 'rep'>;
}

/** Who publishes: a staff user who may (the routes check the role), or the illustrative seed. */
export interface Publisher {
	id: string;
	email: string | null;
	role: Exclude<Role, 'rep'>;
}

/** A snapshot as staff see it: the public body plus who published it. */
export interface YouSaidSnapshot {
	id: number;
	waveId: string;
	baselineId: string | null;
	publishedAt: string;
	publishedBy: { id: string; email: string | null };
	/** The public body, exactly as GET /api/v1/you-said serves it. */
	body: string;
}

export class YouSaidError extends Error {
	constructor(
		readonly field: 'wave' | 'compare',
		message: string
	) {
		super(message);
	}
}

/**
 * A wave is closed once its closing time has passed: the same test WavesService.openAt and
 * lastClosedBefore apply (closes_at <= now is closed). A wave with no closing date never closes.
 */
export const isClosed = (wave: Wave, now: Date): boolean =>
	wave.closesAt !== null && Date.parse(wave.closesAt) <= now.getTime();

/**
 * "You said" (issue 11, item 4): the public page shows only a snapshot that an analyst or admin
 * published from a closed wave, never live figures, so responses posted afterwards (however many,
 * however chosen) cannot move what an anonymous visitor sees. Figures come only from the benchmark
 * report's overall cells whose status is 'shown': this service never reads a count itself.
 */
export class YouSaidService {
	#database: OpenDatabase;
	#waves: WavesService;
	#benchmark: BenchmarkService;
	#now: () => Date;

	constructor(
		database: OpenDatabase,
		waves: WavesService,
		benchmark: BenchmarkService,
		now: () => Date = () => new Date()
	) {
		this.#database = database;
		this.#waves = waves;
		this.#benchmark = benchmark;
		this.#now = now;
	}

	/** What publishing this wave against this baseline would show; refuses what may not be published. */
	async preview(waveId: string, baselineId: string | null): Promise<YouSaidContent> {
		const wave = await this.#waves.get(waveId);
		if (!wave) throw new YouSaidError('wave', `There is no wave "${waveId}"`);
		if (wave.isBaseline)
			throw new YouSaidError('wave', `"${wave.name}" is a baseline; publish a survey wave`);
		if (!isClosed(wave, this.#now()))
			throw new YouSaidError(
				'wave',
				`"${wave.name}" is still open; results can be published once it has closed`
			);
		let baseline: Wave | null = null;
		if (baselineId !== null) {
			baseline = await this.#waves.get(baselineId);
			if (!baseline) throw new YouSaidError('compare', `There is no wave "${baselineId}"`);
			if (!baseline.isBaseline)
				throw new YouSaidError('compare', `"${baseline.name}" is not a baseline`);
		}
		const report = await this.#benchmark.report(wave.id, baseline ? [baseline.id] : [], null);
		const results = report.agreeItems.flatMap((item): YouSaidResult[] => {
			const overall = item.groups[0];
			const now = overall?.cells[wave.id];
			if (!overall || !now || now.status !== 'shown') return [];
			const before = baseline ? overall.cells[baseline.id] : undefined;
			const comparison = baseline ? overall.comparisons[baseline.id] : undefined;
			return [
				{
					item: item.item,
					outOf100: Math.round(now.pct * 100),
					before: before?.status === 'shown' ? Math.round(before.pct * 100) : null,
					direction: comparison?.status === 'shown' ? comparison.direction : null
				}
			];
		});
		return {
			wave: wave.name,
			baseline: baseline?.name ?? null,
			illustrative: report.illustrative,
			results
		};
	}

	/**
	 * Stores a snapshot of the preview, as the public body; the latest one is what the public sees.
	 * The publisher is a signed-in analyst or admin (or, for the illustrative demo, the seed).
	 */
	async publish(
		waveId: string,
		baselineId: string | null,
		publisher: Publisher
	): Promise<YouSaidSnapshot> {
		if ((publisher.role as Role) === 'rep') throw new Error('a rep may not publish "You said"');
		const content = await this.preview(waveId, baselineId);
		const publishedAt = this.#now().toISOString();
		const publication: YouSaidPublication = {
			available: true,
			...content,
			publishedAt,
			publishedBy: publisher.role
		};
		const body = JSON.stringify(publication);
		const inserted = await this.#database.client.execute({
			sql: 'INSERT INTO you_said_snapshots (wave_id, baseline_id, payload_json, published_by, published_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
			args: [waveId, baselineId, body, publisher.id, publishedAt]
		});
		return {
			id: Number(inserted.rows[0]!.id),
			waveId,
			baselineId,
			publishedAt,
			publishedBy: { id: publisher.id, email: publisher.email },
			body
		};
	}

	/** The snapshot published last, or null when nothing has been published yet. */
	async latest(): Promise<YouSaidSnapshot | null> {
		const row = (
			await this.#database.client.execute(
				`SELECT s.id, s.wave_id, s.baseline_id, s.payload_json, s.published_by, s.published_at, u.email
				 FROM you_said_snapshots s LEFT JOIN users u ON u.id = s.published_by ORDER BY s.id DESC LIMIT 1`
			)
		).rows[0];
		if (!row) return null;
		return {
			id: Number(row.id),
			waveId: String(row.wave_id),
			baselineId: row.baseline_id === null ? null : String(row.baseline_id),
			publishedAt: String(row.published_at),
			publishedBy: {
				id: String(row.published_by),
				email: row.email === null ? null : String(row.email)
			},
			body: String(row.payload_json)
		};
	}
}

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
		readonly field: 'wave' | 'compare' | 'snapshot',
		message: string,
		/** 409 when the request was right but the state has moved on (a newer snapshot). */
		readonly status: 400 | 409 = 400
	) {
		super(message);
	}
}

/** What the Engagement Team did about one outcome: easy-read English and optional translations. */
export interface WeDidAction {
	outcome: number;
	text: string;
	/** By language code (ar, pl): only the languages written. */
	translations: Record<string, string>;
}

/** An action as staff see it: who wrote it last, and when. */
export interface WeDidActionRecord extends WeDidAction {
	updatedAt: string;
	updatedBy: { id: string; email: string | null };
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

	/**
	 * Replaces the "we did" actions of the snapshot published now (issue 14 item 8): an outcome
	 * left out, or with no text, has none. Refused before anything is published, and for a snapshot
	 * that is no longer the latest (someone published again meanwhile), so actions are never
	 * written under results they were not written for. The routes check the easy-read rule.
	 */
	async saveActions(
		snapshotId: number,
		actions: readonly WeDidAction[],
		userId: string
	): Promise<WeDidActionRecord[]> {
		const latest = await this.latest();
		if (!latest)
			throw new YouSaidError(
				'snapshot',
				'Nothing has been published yet: publish "You said" before writing what was done'
			);
		if (latest.id !== snapshotId)
			throw new YouSaidError(
				'snapshot',
				`Snapshot ${snapshotId} is not the one published now (${latest.id}); reload and write the actions again`,
				409
			);
		const at = this.#now().toISOString();
		const written = actions.filter((action) => action.text !== '');
		await this.#database.ensureDurability();
		await this.#database.client.batch(
			[
				{ sql: 'DELETE FROM you_said_actions WHERE snapshot_id = ?', args: [snapshotId] },
				...written.map((action) => ({
					sql: 'INSERT INTO you_said_actions (snapshot_id, outcome, text, translations_json, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
					args: [
						snapshotId,
						action.outcome,
						action.text,
						JSON.stringify(action.translations),
						userId,
						at
					]
				}))
			],
			'write'
		);
		return this.actions(snapshotId);
	}

	/** The actions of a snapshot, by outcome, with who wrote each last. */
	async actions(snapshotId: number): Promise<WeDidActionRecord[]> {
		const rows = await this.#database.client.execute({
			sql: `SELECT a.outcome, a.text, a.translations_json, a.updated_by, a.updated_at, u.email
			      FROM you_said_actions a LEFT JOIN users u ON u.id = a.updated_by
			      WHERE a.snapshot_id = ? ORDER BY a.outcome`,
			args: [snapshotId]
		});
		return rows.rows.map((row) => ({
			outcome: Number(row.outcome),
			text: String(row.text),
			translations: JSON.parse(String(row.translations_json)) as Record<string, string>,
			updatedAt: String(row.updated_at),
			updatedBy: {
				id: String(row.updated_by),
				email: row.email === null ? null : String(row.email)
			}
		}));
	}

	/**
	 * The public answer: the latest snapshot's stored body, byte for byte, with its "we did"
	 * actions (outcome, text, translations; never who wrote them) added at the end. The figures'
	 * bytes are untouched; a snapshot without actions is served exactly as published.
	 */
	async publicBody(): Promise<string | null> {
		const latest = await this.latest();
		if (!latest) return null;
		const actions = (await this.actions(latest.id)).map(
			({ outcome, text, translations }): WeDidAction => ({ outcome, text, translations })
		);
		if (actions.length === 0) return latest.body;
		// JSON.stringify of an object always ends in "}": the actions go in just before it.
		return `${latest.body.slice(0, -1)},"actions":${JSON.stringify(actions)}}`;
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

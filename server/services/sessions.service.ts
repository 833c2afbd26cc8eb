import { randomInt } from 'node:crypto';
import { MODES, SESSION_CODE, currentQuestionnaire, type Mode } from '#survey';
import type { OpenDatabase } from '../db/client.js';

/** No look-alikes (0/O, 1/I), so a code read off a poster is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface SurveySession {
	code: string;
	name: string;
	setting: string | null;
	district: string | null;
	ageRange: string | null;
	defaultMode: Mode;
	defaultLocale: string;
	waveId: string | null;
	createdAt: string;
	closedAt: string | null;
}

export interface NewSession {
	name: string;
	setting?: string | null;
	district?: string | null;
	ageRange?: string | null;
	defaultMode?: Mode;
	defaultLocale?: string;
	waveId?: string | null;
}

const toSession = (row: Record<string, unknown>): SurveySession => ({
	code: String(row.code),
	name: String(row.name),
	setting: row.setting === null ? null : String(row.setting),
	district: row.district === null ? null : String(row.district),
	ageRange: row.age_range === null ? null : String(row.age_range),
	defaultMode: String(row.default_mode) as Mode,
	defaultLocale: String(row.default_locale),
	waveId: row.wave_id === null ? null : String(row.wave_id),
	createdAt: String(row.created_at),
	closedAt: row.closed_at === null ? null : String(row.closed_at)
});

export function newSessionCode(random: (max: number) => number = randomInt): string {
	return Array.from({ length: 6 }, () => CODE_ALPHABET[random(CODE_ALPHABET.length)]).join('');
}

/** Problems with a new session, each naming its field. */
export function sessionProblems(
	input: NewSession
): { field: string; code: string; message: string }[] {
	const problems: { field: string; code: string; message: string }[] = [];
	if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 120)
		problems.push({
			field: 'name',
			code: 'invalid',
			message: 'name is required (at most 120 characters)'
		});
	if (input.defaultMode !== undefined && !MODES.includes(input.defaultMode))
		problems.push({
			field: 'defaultMode',
			code: 'invalid',
			message: `defaultMode must be one of ${MODES.join(', ')}`
		});
	if (
		input.defaultLocale !== undefined &&
		!currentQuestionnaire.locales.includes(input.defaultLocale)
	)
		problems.push({
			field: 'defaultLocale',
			code: 'invalid',
			message: `defaultLocale must be one of ${currentQuestionnaire.locales.join(', ')}`
		});
	return problems;
}

export class SessionsService {
	#database: OpenDatabase;
	#now: () => Date;

	constructor(database: OpenDatabase, now: () => Date = () => new Date()) {
		this.#database = database;
		this.#now = now;
	}

	/**
	 * Problems with a new session, including its wave: a session may only name a wave that exists
	 * and still accepts responses. A baseline is imported and immutable (issue 11), and a closed
	 * wave takes no new collection, so either is refused with a reason on the field `waveId`.
	 */
	async problems(input: NewSession): Promise<{ field: string; code: string; message: string }[]> {
		const problems = sessionProblems(input);
		if (input.waveId === undefined || input.waveId === null) return problems;
		if (typeof input.waveId !== 'string')
			return [
				...problems,
				{ field: 'waveId', code: 'invalid', message: 'waveId must be a wave id' }
			];
		const wave = (
			await this.#database.client.execute({
				sql: 'SELECT is_baseline, closes_at FROM waves WHERE id = ?',
				args: [input.waveId]
			})
		).rows[0];
		if (!wave)
			problems.push({
				field: 'waveId',
				code: 'unknown',
				message: `there is no wave ${input.waveId}`
			});
		else if (Number(wave.is_baseline) === 1)
			problems.push({
				field: 'waveId',
				code: 'baseline',
				message: 'a baseline wave is imported and cannot take new responses'
			});
		else if (wave.closes_at !== null && Date.parse(String(wave.closes_at)) <= this.#now().getTime())
			problems.push({
				field: 'waveId',
				code: 'closed',
				message: 'this wave is closed and takes no new responses'
			});
		return problems;
	}

	async create(input: NewSession, createdBy: string | null): Promise<SurveySession> {
		for (let attempt = 0; attempt < 10; attempt++) {
			const code = newSessionCode();
			const result = await this.#database.client.execute({
				sql: `INSERT INTO survey_sessions (code, name, setting, district, age_range, default_mode, default_locale, wave_id, created_by, created_at)
				      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
				args: [
					code,
					input.name.trim(),
					input.setting ?? null,
					input.district ?? null,
					input.ageRange ?? null,
					input.defaultMode ?? 'standard',
					input.defaultLocale ?? 'en-GB',
					input.waveId ?? null,
					createdBy,
					this.#now().toISOString()
				]
			});
			if (result.rowsAffected === 1) return (await this.get(code))!;
		}
		throw new Error('could not find a free session code');
	}

	async get(code: string): Promise<SurveySession | null> {
		if (!SESSION_CODE.test(code)) return null;
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT * FROM survey_sessions WHERE code = ?',
				args: [code]
			})
		).rows[0];
		return row ? toSession(row as Record<string, unknown>) : null;
	}

	/** Sessions (all, or only those `createdBy` made) with how many responses carrying their code have reached the server. */
	async list(createdBy?: string): Promise<(SurveySession & { received: number })[]> {
		const rows = await this.#database.client.execute({
			sql: `SELECT s.*, (SELECT count(*) FROM responses r WHERE r.session_code = s.code) AS received
			 FROM survey_sessions s ${createdBy === undefined ? '' : 'WHERE s.created_by = ?'} ORDER BY s.created_at DESC`,
			args: createdBy === undefined ? [] : [createdBy]
		});
		return rows.rows.map((row) => ({
			...toSession(row as Record<string, unknown>),
			received: Number(row.received)
		}));
	}

	/** Who created the session (a user id), or null when unknown or made by no one signed in. */
	async creatorOf(code: string): Promise<string | null> {
		const row = (
			await this.#database.client.execute({
				sql: 'SELECT created_by FROM survey_sessions WHERE code = ?',
				args: [code]
			})
		).rows[0];
		return row?.created_by == null ? null : String(row.created_by);
	}

	async close(code: string): Promise<SurveySession | null> {
		await this.#database.client.execute({
			sql: 'UPDATE survey_sessions SET closed_at = coalesce(closed_at, ?) WHERE code = ?',
			args: [this.#now().toISOString(), code]
		});
		return this.get(code);
	}
}

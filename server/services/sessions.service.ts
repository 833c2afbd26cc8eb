import { randomInt } from 'node:crypto';
import { MODES, SESSION_CODE, currentQuestionnaire, type Mode } from '#survey';
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { OpenDatabase } from '../db/client.js';
import { responses, surveySessions, waves } from '../db/schema.js';

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

/** The columns a session is read with (created_by stays inside: only creatorOf tells it). */
const { createdBy: _createdBy, ...sessionColumns } = getTableColumns(surveySessions);

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
		const wave = await this.#database.db
			.select({ isBaseline: waves.isBaseline, closesAt: waves.closesAt })
			.from(waves)
			.where(eq(waves.id, input.waveId))
			.get();
		if (!wave)
			problems.push({
				field: 'waveId',
				code: 'unknown',
				message: `there is no wave ${input.waveId}`
			});
		else if (wave.isBaseline)
			problems.push({
				field: 'waveId',
				code: 'baseline',
				message: 'a baseline wave is imported and cannot take new responses'
			});
		else if (wave.closesAt !== null && Date.parse(wave.closesAt) <= this.#now().getTime())
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
			const result = await this.#database.db
				.insert(surveySessions)
				.values({
					code,
					name: input.name.trim(),
					setting: input.setting ?? null,
					district: input.district ?? null,
					ageRange: input.ageRange ?? null,
					defaultMode: input.defaultMode ?? 'standard',
					defaultLocale: input.defaultLocale ?? 'en-GB',
					waveId: input.waveId ?? null,
					createdBy,
					createdAt: this.#now().toISOString()
				})
				.onConflictDoNothing({ target: surveySessions.code });
			if (result.rowsAffected === 1) return (await this.get(code))!;
		}
		throw new Error('could not find a free session code');
	}

	async get(code: string): Promise<SurveySession | null> {
		if (!SESSION_CODE.test(code)) return null;
		const row = await this.#database.db
			.select(sessionColumns)
			.from(surveySessions)
			.where(eq(surveySessions.code, code))
			.get();
		return row ? { ...row, defaultMode: row.defaultMode as Mode } : null;
	}

	/** Sessions (all, or only those `createdBy` made) with how many responses carrying their code have reached the server. */
	async list(createdBy?: string): Promise<(SurveySession & { received: number })[]> {
		const rows = await this.#database.db
			.select({
				...sessionColumns,
				// A correlated count per session, as before (the list is short; no benchmark path).
				received: sql<number>`(SELECT count(*) FROM ${responses} WHERE ${responses.sessionCode} = ${surveySessions.code})`
			})
			.from(surveySessions)
			.where(createdBy === undefined ? undefined : eq(surveySessions.createdBy, createdBy))
			.orderBy(desc(surveySessions.createdAt));
		return rows.map((row) => ({ ...row, defaultMode: row.defaultMode as Mode }));
	}

	/** Who created the session (a user id), or null when unknown or made by no one signed in. */
	async creatorOf(code: string): Promise<string | null> {
		const row = await this.#database.db
			.select({ createdBy: surveySessions.createdBy })
			.from(surveySessions)
			.where(eq(surveySessions.code, code))
			.get();
		return row?.createdBy ?? null;
	}

	async close(code: string): Promise<SurveySession | null> {
		await this.#database.db
			.update(surveySessions)
			.set({ closedAt: sql`coalesce(${surveySessions.closedAt}, ${this.#now().toISOString()})` })
			.where(eq(surveySessions.code, code));
		return this.get(code);
	}
}

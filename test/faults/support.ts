/**
 * Shared pieces of the fault-injection tests: seeded randomness (every test prints its seed; rerun
 * with FAULT_SEED=<seed> to reproduce), varied valid responses, and the checks that a database
 * holds exactly what was acknowledged, with no torn transaction and pre-aggregated counts that
 * agree with the rows.
 */
import type { Client } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentQuestionnaire, validateResponse, type SurveyResponse } from '#survey';
import type { AppDeps } from '../../server/app.js';
import { openDatabase } from '../../server/db/client.js';
import { migrateDatabase } from '../../server/db/migrate.js';
import { testApp } from '../server/helpers.js';

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The seed for one test: FAULT_SEED if set, else a fresh one. Printed so a failure can be replayed. */
export function pickSeed(label: string): number {
	const fromEnv = process.env.FAULT_SEED;
	const seed = fromEnv ? Number(fromEnv) >>> 0 : Math.floor(Math.random() * 2 ** 32) >>> 0;
	console.log(`[faults] ${label}: seed ${seed} (reproduce with FAULT_SEED=${seed})`);
	return seed;
}

const pick = <T>(random: Random, list: readonly T[]): T =>
	list[Math.floor(random() * list.length)]!;

/** A version-4 UUID drawn from the seeded random (unique in practice: 122 random bits). */
export function seededUuid(random: Random): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
	hex[12] = '4';
	hex[16] = '89ab'[Math.floor(random() * 4)]!;
	const s = hex.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const items = currentQuestionnaire.items;
const countedItems = new Set(
	items.filter((item) => item.type === 'agree' || item.type === 'multi').map((item) => item.code)
);

/**
 * A valid response with varied answers (mode, locale, scale, multi-selects, skipped items, about-you
 * answers), built like test/server/helpers.ts aResponse. Checked with the engine's own validator.
 */
export function variedResponse(
	random: Random,
	overrides: Partial<SurveyResponse> = {}
): SurveyResponse {
	const mode = random() < 0.7 ? 'standard' : 'easy_read';
	const scale = currentQuestionnaire.scales[mode === 'standard' ? 'agree5' : 'agree3']!;
	const answers: Record<string, string | string[]> = {};
	for (const item of items) {
		if (random() < 0.2) continue; // skipped
		if (item.type === 'agree')
			answers[item.code] = random() < 0.05 ? 'dont_know' : pick(random, scale);
		else if (item.type === 'single')
			answers[item.code] = random() < 0.05 ? 'prefer_not' : pick(random, item.options!);
		else if (item.type === 'multi') {
			const options = item.options!.filter((option) => !(item.exclusive ?? []).includes(option));
			const chosen = [
				...new Set(
					Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, options))
				)
			];
			answers[item.code] =
				random() < 0.05 && item.exclusive?.length ? [item.exclusive[0]!] : chosen;
		} else if (item.type === 'text' && random() < 0.3)
			answers[item.code] = pick(random, [
				'More youth clubs',
				'Someone to talk to after school',
				'Więcej zajęć',
				'مساعدة أكثر'
			]);
	}
	// role_model_who is only asked when has_role_model is not negative.
	if (['disagree', 'strongly_disagree', 'no'].includes(String(answers.has_role_model)))
		delete answers.role_model_who;
	const started = Date.UTC(2026, 10, 22, 9, 0, 0) + Math.floor(random() * 3_600_000);
	const response: SurveyResponse = {
		id: seededUuid(random),
		questionnaireVersion: currentQuestionnaire.version,
		mode,
		locale: pick(random, ['en-GB', 'en-GB', 'pl', 'ar']),
		startedAt: new Date(started).toISOString(),
		completedAt: new Date(started + 60_000 + Math.floor(random() * 600_000)).toISOString(),
		answers,
		...overrides
	};
	const verdict = validateResponse(currentQuestionnaire, response);
	if (!verdict.ok)
		throw new Error(`test generator made an invalid response: ${JSON.stringify(verdict.issues)}`);
	return response;
}

export function variedBatch(random: Random, size: number): SurveyResponse[] {
	return Array.from({ length: size }, () => variedResponse(random));
}

export interface BatchAnswer {
	accepted: string[];
	duplicates: string[];
	rejected: { id: unknown; errors: { code: string }[] }[];
}

export async function scalar(client: Client, sql: string): Promise<unknown> {
	return (await client.execute(sql)).rows[0]?.[0];
}

export async function storedIds(client: Client): Promise<Set<string>> {
	return new Set(
		(await client.execute('SELECT id FROM responses')).rows.map((row) => String(row.id))
	);
}

/**
 * Everything that must hold after any fault, whatever was acknowledged:
 * - PRAGMA integrity_check is ok;
 * - no duplicate rows (count(*) = count(distinct id));
 * - the pre-aggregated counts the benchmark reads agree with the rows (a torn transaction, or a
 *   count applied twice or not at all, breaks this): group_totals for the overall group ('') and
 *   for each mode equal the responses stored for that wave, and answer_counts for the overall group
 *   equal the answers in answers_json (agree and multi items, every value).
 * Returns a list of problems (empty when consistent), so a failure says everything at once.
 */
export async function consistencyProblems(client: Client): Promise<string[]> {
	const problems: string[] = [];
	const integrity = (await client.execute('PRAGMA integrity_check')).rows.map((row) =>
		String(row[0])
	);
	if (integrity.join() !== 'ok')
		problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`);

	const total = Number(await scalar(client, 'SELECT count(*) FROM responses'));
	const distinct = Number(await scalar(client, 'SELECT count(DISTINCT id) FROM responses'));
	if (total !== distinct) problems.push(`responses: ${total} rows but ${distinct} distinct ids`);

	// Counted from answers_json, the response as stored (independent of how the server counts).
	const rows = (
		await client.execute("SELECT coalesce(wave_id, '') AS wave, mode, answers_json FROM responses")
	).rows;
	const perWave = new Map<string, number>();
	const perWaveMode = new Map<string, number>();
	const actualMap = new Map<string, number>();
	const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	for (const row of rows) {
		const wave = String(row.wave);
		add(perWave, wave);
		add(perWaveMode, `${wave}/${String(row.mode)}`);
		const answers = JSON.parse(String(row.answers_json)) as Record<string, string | string[]>;
		for (const [code, value] of Object.entries(answers)) {
			if (!countedItems.has(code)) continue;
			for (const entry of Array.isArray(value) ? value : [value])
				add(actualMap, `${wave}/${code}/${entry}`);
		}
	}

	const totals = (
		await client.execute(
			"SELECT wave_id, group_item, group_value, n FROM group_totals WHERE group_item IN ('', 'mode')"
		)
	).rows;
	const overall = new Map(
		totals.filter((row) => row.group_item === '').map((row) => [String(row.wave_id), Number(row.n)])
	);
	const byMode = new Map(
		totals
			.filter((row) => row.group_item === 'mode')
			.map((row) => [`${String(row.wave_id)}/${String(row.group_value)}`, Number(row.n)])
	);
	for (const wave of new Set([...overall.keys(), ...perWave.keys()])) {
		if ((overall.get(wave) ?? 0) !== (perWave.get(wave) ?? 0)) {
			problems.push(
				`group_totals overall for wave '${wave}': n = ${overall.get(wave) ?? 'missing'} but ${perWave.get(wave) ?? 0} responses stored`
			);
		}
	}
	for (const key of new Set([...byMode.keys(), ...perWaveMode.keys()])) {
		if ((byMode.get(key) ?? 0) !== (perWaveMode.get(key) ?? 0)) {
			problems.push(
				`group_totals mode ${key}: n = ${byMode.get(key) ?? 'missing'} but ${perWaveMode.get(key) ?? 0} responses stored`
			);
		}
	}

	const counted = (
		await client.execute(
			"SELECT wave_id, item_code, value, n FROM answer_counts WHERE group_item = '' AND value != '_respondents'"
		)
	).rows;
	const countedMap = new Map(
		counted.map((row) => [
			`${String(row.wave_id)}/${String(row.item_code)}/${String(row.value)}`,
			Number(row.n)
		])
	);
	let countMismatches = 0;
	for (const key of new Set([...countedMap.keys(), ...actualMap.keys()])) {
		if ((countedMap.get(key) ?? 0) !== (actualMap.get(key) ?? 0)) {
			if (countMismatches++ < 3)
				problems.push(
					`answer_counts overall ${key}: n = ${countedMap.get(key) ?? 'missing'} but ${actualMap.get(key) ?? 0} in answers_json`
				);
		}
	}
	if (countMismatches > 3)
		problems.push(`… and ${countMismatches - 3} more answer_counts mismatches`);
	if (countedMap.size === 0 && rows.length > 0) problems.push('answer_counts is empty');
	return problems;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The real app (createApp, as `npm start` prepares it: migrated, this school year's wave open) on a
 * real embedded libSQL FILE database in a temporary folder. `cleanup()` closes it and removes the
 * folder; call it from afterEach.
 */
export async function appOnFile(overrides: Partial<AppDeps> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'be-supported-faults-'));
	const url = `file:${join(dir, 'app.db')}`;
	const database = openDatabase(url);
	await migrateDatabase(database);
	const { app } = await testApp({ database, ...overrides });
	const cleanup = () => {
		database.client.close();
		rmSync(dir, { recursive: true, force: true });
	};
	return { app, database, url, dir, cleanup };
}

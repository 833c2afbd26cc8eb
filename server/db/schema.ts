import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

/**
 * One row per acknowledged response. The id is made on the device, which is what makes ingest
 * idempotent. No IP address, user agent or other device identifier is stored (docs/privacy.md).
 */
export const responses = sqliteTable(
	'responses',
	{
		id: text('id').primaryKey(),
		questionnaireVersion: text('questionnaire_version').notNull(),
		mode: text('mode').notNull(),
		locale: text('locale').notNull(),
		sessionCode: text('session_code'),
		startedAt: text('started_at').notNull(),
		completedAt: text('completed_at').notNull(),
		/** The server's own clock: waves are attributed by it, never by the device's. */
		receivedAt: text('received_at').notNull(),
		waveId: text('wave_id'),
		/** 'survey' for responses sent by devices, 'import' for respondent-level baseline rows. */
		source: text('source').notNull().default('survey'),
		/** JSON array of flags, e.g. ["clock_skew"]. */
		flags: text('flags').notNull().default('[]'),
		/** sha256 of the canonical JSON of the response: tells a re-send from a conflict. */
		contentHash: text('content_hash').notNull(),
		answersJson: text('answers_json').notNull()
	},
	(table) => [
		index('responses_received_at').on(table.receivedAt),
		index('responses_wave').on(table.waveId)
	]
);

/** Survey waves: the baselines (2019, 2020) and the repeats. A response belongs to one wave. */
export const waves = sqliteTable(
	'waves',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		opensAt: text('opens_at'),
		closesAt: text('closes_at'),
		isBaseline: integer('is_baseline', { mode: 'boolean' }).notNull().default(false),
		/** Invented demonstration data: labelled as illustrative wherever it is shown. */
		isIllustrative: integer('is_illustrative', { mode: 'boolean' }).notNull().default(false),
		createdAt: text('created_at').notNull(),
		/** Provenance of the last import into this wave (issue 11, item 6): shown on the dashboard and in exports. */
		importFileName: text('import_file_name'),
		/** SHA-256 (hex) of the imported file's bytes (UTF-8 of the text as read). */
		importSha256: text('import_sha256'),
		importRows: integer('import_rows'),
		/** The staff user's id, or 'seed' / 'cli' for the seed and `npm run import`. */
		importedBy: text('imported_by'),
		importedByEmail: text('imported_by_email'),
		importedAt: text('imported_at'),
		/**
		 * The current reporting wave (issue 14 item 10): the one the dashboard opens on, set only by an
		 * analyst or admin (or the seed, for its demonstration wave), never by an import.
		 */
		isCurrent: integer('is_current', { mode: 'boolean' }).notNull().default(false)
	},
	// At most one wave is current: a second flag cannot be stored.
	(table) => [
		uniqueIndex('waves_one_current')
			.on(table.isCurrent)
			.where(sql`is_current = 1`)
	]
);

/** Baselines that arrive as aggregate counts (item, option, group, group value, count). */
export const baselineCounts = sqliteTable(
	'baseline_counts',
	{
		waveId: text('wave_id')
			.notNull()
			.references(() => waves.id, { onDelete: 'cascade' }),
		itemCode: text('item_code').notNull(),
		option: text('option').notNull(),
		/** Empty string for the overall figures. */
		groupItem: text('group_item').notNull().default(''),
		groupValue: text('group_value').notNull().default(''),
		count: integer('count').notNull()
	},
	(table) => [
		primaryKey({
			columns: [table.waveId, table.itemCode, table.option, table.groupItem, table.groupValue]
		})
	]
);

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	passwordHash: text('password_hash').notNull(),
	role: text('role', { enum: ['admin', 'analyst', 'rep'] }).notNull(),
	isDisabled: integer('is_disabled', { mode: 'boolean' }).notNull().default(false),
	createdAt: text('created_at').notNull(),
	/**
	 * TOTP second factor (RFC 6238; docs/security.md). The base32 secret of a confirmed enrolment:
	 * the server must read it to check codes, so it cannot be hashed; it is never sent out again.
	 */
	mfaSecret: text('mfa_secret'),
	/** A secret shown for enrolment but not yet confirmed by a code: it does not count until then. */
	mfaPendingSecret: text('mfa_pending_secret'),
	mfaEnabledAt: text('mfa_enabled_at'),
	/** The last TOTP time step accepted: a code is used at most once per step (replay, RFC 6238 §5.2). */
	mfaLastStep: integer('mfa_last_step')
});

/** Single-use recovery codes for the second factor, stored as sha256 (they are random, 50 bits). */
export const mfaRecoveryCodes = sqliteTable(
	'mfa_recovery_codes',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: text('used_at')
	},
	(table) => [primaryKey({ columns: [table.userId, table.codeHash] })]
);

/** Whether a role must use the second factor; a role with no row follows the default in docs/security.md. */
export const mfaPolicy = sqliteTable('mfa_policy', {
	role: text('role', { enum: ['admin', 'analyst', 'rep'] }).primaryKey(),
	isRequired: integer('is_required', { mode: 'boolean' }).notNull(),
	changedAt: text('changed_at').notNull(),
	changedBy: text('changed_by')
});

/** Server-side staff sessions; the cookie holds a random token whose sha256 is stored here. */
export const staffSessions = sqliteTable('staff_sessions', {
	tokenHash: text('token_hash').primaryKey(),
	userId: text('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	createdAt: text('created_at').notNull(),
	lastSeenAt: text('last_seen_at').notNull(),
	expiresAt: text('expires_at').notNull()
});

/** Who did what and when: sign-ins, imports, exports, user changes. */
export const auditLog = sqliteTable('audit_log', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	at: text('at').notNull(),
	userId: text('user_id'),
	action: text('action').notNull(),
	detail: text('detail').notNull().default('{}')
});

/**
 * Pre-aggregated answer counts per wave and breakdown group, kept up to date in the same
 * transaction that stores each response, so the benchmark reads a few thousand rows instead of
 * scanning every answer. group_item '' is the overall figure; value '_respondents' counts those who
 * chose at least one option of a multi-select item.
 */
export const answerCounts = sqliteTable(
	'answer_counts',
	{
		waveId: text('wave_id').notNull(),
		itemCode: text('item_code').notNull(),
		value: text('value').notNull(),
		groupItem: text('group_item').notNull(),
		groupValue: text('group_value').notNull(),
		n: integer('n').notNull()
	},
	(table) => [
		primaryKey({
			columns: [table.waveId, table.groupItem, table.groupValue, table.itemCode, table.value]
		})
	]
);

/** Respondents per wave and breakdown group (the base for "skipped"). */
export const groupTotals = sqliteTable(
	'group_totals',
	{
		waveId: text('wave_id').notNull(),
		groupItem: text('group_item').notNull(),
		groupValue: text('group_value').notNull(),
		n: integer('n').notNull()
	},
	(table) => [primaryKey({ columns: [table.waveId, table.groupItem, table.groupValue] })]
);

/** Rep sessions in schools and youth groups: a short code that phones join and responses carry. */
export const surveySessions = sqliteTable('survey_sessions', {
	code: text('code').primaryKey(),
	name: text('name').notNull(),
	setting: text('setting'),
	district: text('district'),
	ageRange: text('age_range'),
	defaultMode: text('default_mode').notNull().default('standard'),
	defaultLocale: text('default_locale').notNull().default('en-GB'),
	waveId: text('wave_id'),
	createdBy: text('created_by'),
	createdAt: text('created_at').notNull(),
	closedAt: text('closed_at')
});

/**
 * What the public "You said" page shows: a snapshot an analyst or admin published from a closed
 * wave, never live figures (issue 11 item 4: anyone can post responses, so a live page could be
 * padded with known answers to read one young person's). payload_json is the public answer body,
 * stored as published and served byte for byte.
 */
export const youSaidSnapshots = sqliteTable(
	'you_said_snapshots',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		waveId: text('wave_id').notNull(),
		baselineId: text('baseline_id'),
		payloadJson: text('payload_json').notNull(),
		publishedBy: text('published_by').notNull(),
		publishedAt: text('published_at').notNull()
	},
	(table) => [index('you_said_snapshots_published_at').on(table.publishedAt)]
);

/**
 * "You said, we did" (issue 14 item 8): what the Engagement Team did about each outcome (13–16),
 * written for one published snapshot in easy-read English, with optional translations
 * (translations_json: { "ar": "...", "pl": "..." }). Who wrote it last, and when, is kept here;
 * every change is also in the audit log.
 */
export const youSaidActions = sqliteTable(
	'you_said_actions',
	{
		snapshotId: integer('snapshot_id')
			.notNull()
			.references(() => youSaidSnapshots.id, { onDelete: 'cascade' }),
		outcome: integer('outcome').notNull(),
		text: text('text').notNull(),
		translationsJson: text('translations_json').notNull().default('{}'),
		updatedBy: text('updated_by').notNull(),
		updatedAt: text('updated_at').notNull()
	},
	(table) => [primaryKey({ columns: [table.snapshotId, table.outcome] })]
);

/**
 * Free-text themes (issue 14 item 9): an analyst's small codebook per wave. Names are unique in a
 * wave whatever their case (the service checks lower(name); the index holds the exact name).
 */
export const freeTextThemes = sqliteTable(
	'free_text_themes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		waveId: text('wave_id')
			.notNull()
			.references(() => waves.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		createdBy: text('created_by').notNull(),
		createdAt: text('created_at').notNull(),
		updatedAt: text('updated_at').notNull()
	},
	(table) => [uniqueIndex('free_text_themes_wave_name').on(table.waveId, table.name)]
);

/** Which themes an answer is tagged with: one row per (theme, response). */
export const freeTextTags = sqliteTable(
	'free_text_tags',
	{
		themeId: integer('theme_id')
			.notNull()
			.references(() => freeTextThemes.id, { onDelete: 'cascade' }),
		responseId: text('response_id')
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		taggedBy: text('tagged_by').notNull(),
		taggedAt: text('tagged_at').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.themeId, table.responseId] }),
		index('free_text_tags_response').on(table.responseId)
	]
);

import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per acknowledged response. The id is made on the device, which is what makes ingest
 * idempotent. No IP address, user agent or other device identifier is stored (DESIGN.md §9).
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
		/** JSON array of flags, e.g. ["clock_skew"]. */
		flags: text('flags').notNull().default('[]'),
		/** sha256 of the canonical JSON of the response: tells a re-send from a conflict. */
		contentHash: text('content_hash').notNull(),
		answersJson: text('answers_json').notNull()
	},
	(table) => [index('responses_received_at').on(table.receivedAt), index('responses_wave').on(table.waveId)]
);

/** Answers one value per row (a multi-select answer gives a row per option), for aggregation. */
export const responseAnswers = sqliteTable(
	'response_answers',
	{
		responseId: text('response_id')
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		itemCode: text('item_code').notNull(),
		value: text('value').notNull(),
		/** Position of the value in a multi-select answer (0 otherwise). */
		position: integer('position').notNull().default(0)
	},
	(table) => [
		primaryKey({ columns: [table.responseId, table.itemCode, table.position] }),
		index('response_answers_item_value').on(table.itemCode, table.value)
	]
);

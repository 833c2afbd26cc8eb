-- The pre-aggregated counts now include a per-session group: empty them so that start-up
-- rebuilds them from the stored responses (server/db/migrate.ts).
DELETE FROM `answer_counts`;--> statement-breakpoint
DELETE FROM `group_totals`;

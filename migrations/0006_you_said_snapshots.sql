CREATE TABLE `you_said_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wave_id` text NOT NULL,
	`baseline_id` text,
	`payload_json` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `you_said_snapshots_published_at` ON `you_said_snapshots` (`published_at`);
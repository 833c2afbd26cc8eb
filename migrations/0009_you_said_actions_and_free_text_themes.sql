CREATE TABLE `free_text_tags` (
	`theme_id` integer NOT NULL,
	`response_id` text NOT NULL,
	`tagged_by` text NOT NULL,
	`tagged_at` text NOT NULL,
	PRIMARY KEY(`theme_id`, `response_id`),
	FOREIGN KEY (`theme_id`) REFERENCES `free_text_themes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `free_text_tags_response` ON `free_text_tags` (`response_id`);--> statement-breakpoint
CREATE TABLE `free_text_themes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wave_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `free_text_themes_wave_name` ON `free_text_themes` (`wave_id`,`name`);--> statement-breakpoint
CREATE TABLE `you_said_actions` (
	`snapshot_id` integer NOT NULL,
	`outcome` integer NOT NULL,
	`text` text NOT NULL,
	`translations_json` text DEFAULT '{}' NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`snapshot_id`, `outcome`),
	FOREIGN KEY (`snapshot_id`) REFERENCES `you_said_snapshots`(`id`) ON UPDATE no action ON DELETE cascade
);

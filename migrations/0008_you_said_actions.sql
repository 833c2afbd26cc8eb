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

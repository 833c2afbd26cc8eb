CREATE TABLE `response_answers` (
	`response_id` text NOT NULL,
	`item_code` text NOT NULL,
	`value` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`response_id`, `item_code`, `position`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `response_answers_item_value` ON `response_answers` (`item_code`,`value`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`questionnaire_version` text NOT NULL,
	`mode` text NOT NULL,
	`locale` text NOT NULL,
	`session_code` text,
	`started_at` text NOT NULL,
	`completed_at` text NOT NULL,
	`received_at` text NOT NULL,
	`wave_id` text,
	`flags` text DEFAULT '[]' NOT NULL,
	`content_hash` text NOT NULL,
	`answers_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `responses_received_at` ON `responses` (`received_at`);--> statement-breakpoint
CREATE INDEX `responses_wave` ON `responses` (`wave_id`);
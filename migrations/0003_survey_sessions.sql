CREATE TABLE `survey_sessions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`setting` text,
	`district` text,
	`age_range` text,
	`default_mode` text DEFAULT 'standard' NOT NULL,
	`default_locale` text DEFAULT 'en-GB' NOT NULL,
	`wave_id` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`closed_at` text
);

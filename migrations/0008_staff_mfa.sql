CREATE TABLE `mfa_policy` (
	`role` text PRIMARY KEY NOT NULL,
	`is_required` integer NOT NULL,
	`changed_at` text NOT NULL,
	`changed_by` text
);
--> statement-breakpoint
CREATE TABLE `mfa_recovery_codes` (
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` text,
	PRIMARY KEY(`user_id`, `code_hash`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_secret` text;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_pending_secret` text;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_enabled_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_last_step` integer;
CREATE TABLE `answer_counts` (
	`wave_id` text NOT NULL,
	`item_code` text NOT NULL,
	`value` text NOT NULL,
	`group_item` text NOT NULL,
	`group_value` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`wave_id`, `group_item`, `group_value`, `item_code`, `value`)
);
--> statement-breakpoint
CREATE TABLE `group_totals` (
	`wave_id` text NOT NULL,
	`group_item` text NOT NULL,
	`group_value` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`wave_id`, `group_item`, `group_value`)
);

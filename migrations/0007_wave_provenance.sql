ALTER TABLE `waves` ADD `import_file_name` text;--> statement-breakpoint
ALTER TABLE `waves` ADD `import_sha256` text;--> statement-breakpoint
ALTER TABLE `waves` ADD `import_rows` integer;--> statement-breakpoint
ALTER TABLE `waves` ADD `imported_by` text;--> statement-breakpoint
ALTER TABLE `waves` ADD `imported_by_email` text;--> statement-breakpoint
ALTER TABLE `waves` ADD `imported_at` text;
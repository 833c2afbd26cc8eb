ALTER TABLE `waves` ADD `is_current` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `waves_one_current` ON `waves` (`is_current`) WHERE is_current = 1;--> statement-breakpoint
-- An existing seeded install keeps opening on its demonstration wave; any other install gets the
-- school year's wave marked at the next start (WavesService.ensureCurrentWave), until staff choose.
UPDATE `waves` SET `is_current` = 1 WHERE `id` = 'demo-repeat' AND `is_illustrative` = 1;

ALTER TABLE `item_revisions` ADD `job_id` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `revision_mark` integer;
CREATE TABLE `training_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`export_id` integer NOT NULL,
	`task` text NOT NULL,
	`options` text NOT NULL,
	`state` text NOT NULL,
	`backend` text,
	`metrics` text,
	`out` text NOT NULL,
	`job_id` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`export_id`) REFERENCES `exports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_runs_export` ON `training_runs` (`export_id`,`id`);
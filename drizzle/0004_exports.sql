CREATE TABLE `exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`name` text,
	`spec` text NOT NULL,
	`formats` text NOT NULL,
	`state` text NOT NULL,
	`splits` text,
	`fingerprint` text,
	`path` text NOT NULL,
	`job_id` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exports_dataset` ON `exports` (`dataset_id`,`id`);
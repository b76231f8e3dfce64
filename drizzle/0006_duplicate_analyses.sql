CREATE TABLE `duplicate_analyses` (
	`state_key` text PRIMARY KEY NOT NULL,
	`dataset_id` integer NOT NULL,
	`packed` blob NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `duplicate_analyses_dataset` ON `duplicate_analyses` (`dataset_id`,`created_at`);
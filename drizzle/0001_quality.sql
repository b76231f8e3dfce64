CREATE TABLE `item_quality` (
	`revision_id` integer PRIMARY KEY NOT NULL,
	`dataset_id` integer NOT NULL,
	`metrics` text NOT NULL,
	`exact_key` text,
	`near_sig` blob,
	`caption_key` text,
	FOREIGN KEY (`revision_id`) REFERENCES `item_revisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `item_quality_dataset` ON `item_quality` (`dataset_id`,`revision_id`);--> statement-breakpoint
CREATE TABLE `item_scores` (
	`revision_id` integer NOT NULL,
	`policy_version` integer NOT NULL,
	`score` real NOT NULL,
	`flags` text NOT NULL,
	PRIMARY KEY(`revision_id`, `policy_version`),
	FOREIGN KEY (`revision_id`) REFERENCES `item_quality`(`revision_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `media_analysis` (
	`sha256` text PRIMARY KEY NOT NULL,
	`analyzer` integer NOT NULL,
	`metrics` text NOT NULL,
	`exact_key` text,
	`hash64` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`sha256`) REFERENCES `media`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quality_policies` (
	`dataset_id` integer NOT NULL,
	`version` integer NOT NULL,
	`policy` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`dataset_id`, `version`),
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `datasets` ADD `policy_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `versions` ADD `policy_version` integer DEFAULT 1 NOT NULL;
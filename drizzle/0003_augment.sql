CREATE TABLE `augment_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`ref` text NOT NULL,
	`version_id` integer,
	`request` text NOT NULL,
	`recipe` text NOT NULL,
	`sources` text NOT NULL,
	`expected` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `augment_plans_dataset` ON `augment_plans` (`dataset_id`,`id`);--> statement-breakpoint
CREATE TABLE `coverage_specs` (
	`dataset_id` integer NOT NULL,
	`version` integer NOT NULL,
	`spec` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`dataset_id`, `version`),
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `datasets` ADD `coverage_spec_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `item_revisions` ADD `derivation` text;--> statement-breakpoint
ALTER TABLE `versions` ADD `coverage_spec_version` integer DEFAULT 0 NOT NULL;
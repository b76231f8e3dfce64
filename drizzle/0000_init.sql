CREATE TABLE `datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`modality` text NOT NULL,
	`description` text,
	`root_lineage_id` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_name_unique` ON `datasets` (`name`);--> statement-breakpoint
CREATE TABLE `media` (
	`sha256` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`mime_type` text NOT NULL,
	`byte_size` integer NOT NULL,
	`width` integer,
	`height` integer,
	`sample_rate` integer,
	`channels` integer,
	`bits_per_sample` integer,
	`duration_seconds` real,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `item_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`key` text NOT NULL,
	`op` text NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`prompt` text,
	`response` text,
	`media_sha256` text,
	`caption` text,
	`transcript` text,
	`labels` text DEFAULT '[]' NOT NULL,
	`attributes` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'UNLABELED' NOT NULL,
	`content_hash` text NOT NULL,
	`prev_revision_id` integer,
	`changed_fields` text DEFAULT '[]' NOT NULL,
	`branch_name` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_sha256`) REFERENCES `media`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `item_revisions_history` ON `item_revisions` (`dataset_id`,`key`,`id`);--> statement-breakpoint
CREATE TABLE `branch_changes` (
	`branch_id` integer NOT NULL,
	`key` text NOT NULL,
	`revision_id` integer NOT NULL,
	`count_delta` integer NOT NULL,
	PRIMARY KEY(`branch_id`, `key`),
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`revision_id`) REFERENCES `item_revisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `branches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`name` text NOT NULL,
	`lineage_id` integer NOT NULL,
	`head_seq` integer NOT NULL,
	`head_version_id` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lineage_id`) REFERENCES `lineages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `branches_dataset_name` ON `branches` (`dataset_id`,`name`);--> statement-breakpoint
CREATE TABLE `lineage_entries` (
	`lineage_id` integer NOT NULL,
	`key` text NOT NULL,
	`from_seq` integer NOT NULL,
	`to_seq` integer,
	`revision_id` integer NOT NULL,
	PRIMARY KEY(`lineage_id`, `key`, `from_seq`),
	FOREIGN KEY (`lineage_id`) REFERENCES `lineages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revision_id`) REFERENCES `item_revisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lineage_entries_changes` ON `lineage_entries` (`lineage_id`,`from_seq`);--> statement-breakpoint
CREATE TABLE `lineages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`base_lineage_id` integer,
	`base_seq` integer,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`dataset_id` integer NOT NULL,
	`name` text NOT NULL,
	`version_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`dataset_id`, `name`),
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tags_version` ON `tags` (`version_id`);--> statement-breakpoint
CREATE TABLE `versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`lineage_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`parent_id` integer,
	`depth` integer NOT NULL,
	`hash` text NOT NULL,
	`digest` blob NOT NULL,
	`message` text NOT NULL,
	`author` text NOT NULL,
	`created_at` text NOT NULL,
	`item_count` integer NOT NULL,
	`change_count` integer NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lineage_id`) REFERENCES `lineages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `versions_lineage_seq` ON `versions` (`lineage_id`,`seq`);--> statement-breakpoint
CREATE INDEX `versions_dataset_hash` ON `versions` (`dataset_id`,`hash`);--> statement-breakpoint
CREATE TABLE `job_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`row` integer,
	`file` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_errors_job` ON `job_errors` (`job_id`,`id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`dataset_id` integer,
	`params` text NOT NULL,
	`total` integer,
	`processed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`result` text,
	`error` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jobs_state` ON `jobs` (`state`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);

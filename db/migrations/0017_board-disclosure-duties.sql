CREATE TABLE `board_violation_files` (
	`id` text PRIMARY KEY NOT NULL,
	`violation_id` text NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`violation_id`) REFERENCES `board_violations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `board_violation_files_violation_idx` ON `board_violation_files` (`violation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `board_violation_files_key_unique` ON `board_violation_files` (`storage_key`);--> statement-breakpoint
CREATE TABLE `enterprise_disclosure_duties` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_ref` text NOT NULL,
	`instrument` text NOT NULL,
	`investor_org_id` text,
	`investor_name` text NOT NULL,
	`amount` integer,
	`financed_on` text,
	`frequency` text NOT NULL,
	`frequency_set_by` text,
	`frequency_set_at` integer,
	`frequency_reason` text,
	`starts_on` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`investor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`frequency_set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprise_disclosure_duty_source_unique` ON `enterprise_disclosure_duties` (`source_kind`,`source_ref`);--> statement-breakpoint
CREATE INDEX `enterprise_disclosure_duty_enterprise_idx` ON `enterprise_disclosure_duties` (`enterprise_org_id`);--> statement-breakpoint
ALTER TABLE `board_tier_plans` ADD `late_reason` text;
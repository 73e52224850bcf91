CREATE TABLE `board_import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_by` text NOT NULL,
	`bureau_org_id` text NOT NULL,
	`round_id` text NOT NULL,
	`file_name` text NOT NULL,
	`status` text NOT NULL,
	`progress_phase` text,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer DEFAULT 0 NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`valid_count` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`valid_rows` text DEFAULT '[]' NOT NULL,
	`imported` integer,
	`failure_key` text,
	`failure_values` text,
	`heartbeat_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bureau_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`round_id`) REFERENCES `board_rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `board_import_jobs_owner_idx` ON `board_import_jobs` (`created_by`,`created_at`);--> statement-breakpoint
CREATE INDEX `board_import_jobs_expires_idx` ON `board_import_jobs` (`expires_at`);
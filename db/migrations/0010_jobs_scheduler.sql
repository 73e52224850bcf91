CREATE TABLE `scheduled_jobs` (
	`name` text PRIMARY KEY NOT NULL,
	`next_due_at` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`last_started_at` integer,
	`last_finished_at` integer,
	`last_status` text,
	`last_result` text,
	`last_error` text,
	`last_duration_ms` integer,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`run_count` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);

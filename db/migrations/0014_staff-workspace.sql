CREATE TABLE `staff_cultivation_stages` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`stage` text NOT NULL,
	`reached_on` text NOT NULL,
	`note` text,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_cultivation_stage_unique` ON `staff_cultivation_stages` (`enterprise_org_id`,`stage`);--> statement-breakpoint
CREATE INDEX `staff_cultivation_stage_idx` ON `staff_cultivation_stages` (`stage`,`reached_on`);--> statement-breakpoint
CREATE TABLE `staff_esop_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`kind` text NOT NULL,
	`holder_name` text NOT NULL,
	`to_holder_name` text,
	`shares` integer NOT NULL,
	`effective_on` text NOT NULL,
	`disclosure` text NOT NULL,
	`disclosed_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `staff_esop_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_esop_entry_shares" CHECK("staff_esop_entries"."shares" > 0)
);
--> statement-breakpoint
CREATE INDEX `staff_esop_entries_plan_idx` ON `staff_esop_entries` (`plan_id`,`effective_on`);--> statement-breakpoint
CREATE TABLE `staff_esop_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`pool_shares` integer NOT NULL,
	`approved_on` text NOT NULL,
	`custody_account_no` text,
	`audience` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_esop_pool" CHECK("staff_esop_plans"."pool_shares" > 0)
);
--> statement-breakpoint
CREATE INDEX `staff_esop_plans_enterprise_idx` ON `staff_esop_plans` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `staff_policy_posts` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`category` text NOT NULL,
	`source_document` text NOT NULL,
	`tiers` text NOT NULL,
	`prefectures` text NOT NULL,
	`industries` text NOT NULL,
	`srdi_statuses` text NOT NULL,
	`audience_count` integer NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_policy_posts_published_idx` ON `staff_policy_posts` (`published_at`);--> statement-breakpoint
CREATE TABLE `staff_report_packs` (
	`id` text PRIMARY KEY NOT NULL,
	`period_kind` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`metrics_hash` text NOT NULL,
	`metrics` text NOT NULL,
	`xlsx` blob NOT NULL,
	`xlsx_sha256` text NOT NULL,
	`pdf` blob NOT NULL,
	`pdf_sha256` text NOT NULL,
	`trigger` text NOT NULL,
	`generated_by` text,
	`generated_at` integer NOT NULL,
	FOREIGN KEY (`generated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_report_packs_period_idx` ON `staff_report_packs` (`period_kind`,`period`,`generated_at`);--> statement-breakpoint
CREATE TABLE `staff_service_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`membership_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`assigned_by` text,
	`reason` text,
	FOREIGN KEY (`membership_id`) REFERENCES `board_memberships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_service_assignments_enterprise_idx` ON `staff_service_assignments` (`enterprise_org_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `staff_service_assignments_user_idx` ON `staff_service_assignments` (`user_id`,`ended_at`);--> statement-breakpoint
CREATE TABLE `staff_service_files` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text,
	`visit_id` text,
	`cultivation_stage_id` text,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `staff_service_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visit_id`) REFERENCES `staff_service_visits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cultivation_stage_id`) REFERENCES `staff_cultivation_stages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_service_files_request_idx` ON `staff_service_files` (`request_id`);--> statement-breakpoint
CREATE INDEX `staff_service_files_visit_idx` ON `staff_service_files` (`visit_id`);--> statement-breakpoint
CREATE INDEX `staff_service_files_stage_idx` ON `staff_service_files` (`cultivation_stage_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_service_files_key_unique` ON `staff_service_files` (`storage_key`);--> statement-breakpoint
CREATE TABLE `staff_service_request_events` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_user_id` text,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `staff_service_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_service_request_events_request_idx` ON `staff_service_request_events` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `staff_service_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`raised_by_user_id` text NOT NULL,
	`raised_by_org_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`assignee_user_id` text,
	`opened_on` text NOT NULL,
	`due_on` text NOT NULL,
	`sla_working_days` integer NOT NULL,
	`started_at` integer,
	`resolved_at` integer,
	`resolved_on` text,
	`resolution` text,
	`closed_at` integer,
	`escalated_at` integer,
	`rating` integer,
	`rating_comment` text,
	`rated_at` integer,
	`from_follow_up_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_service_request_rating" CHECK("staff_service_requests"."rating" is null or ("staff_service_requests"."rating" between 1 and 5))
);
--> statement-breakpoint
CREATE INDEX `staff_service_requests_enterprise_idx` ON `staff_service_requests` (`enterprise_org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `staff_service_requests_assignee_idx` ON `staff_service_requests` (`assignee_user_id`,`state`);--> statement-breakpoint
CREATE INDEX `staff_service_requests_due_idx` ON `staff_service_requests` (`state`,`due_on`);--> statement-breakpoint
CREATE TABLE `staff_service_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`kind` text NOT NULL,
	`visited_on` text NOT NULL,
	`participants` text NOT NULL,
	`findings` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_service_visits_enterprise_idx` ON `staff_service_visits` (`enterprise_org_id`,`visited_on`);--> statement-breakpoint
CREATE TABLE `staff_reminder_digests` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`notification_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `staff_reminder_items` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`source` text NOT NULL,
	`key` text NOT NULL,
	`values` text NOT NULL,
	`href` text NOT NULL,
	`created_at` integer NOT NULL,
	`notification_id` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `staff_reminder_items_pending_idx` ON `staff_reminder_items` (`notification_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `staff_reminder_items_user_day_idx` ON `staff_reminder_items` (`user_id`,`day`);--> statement-breakpoint
CREATE TABLE `staff_visit_follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`visit_id` text NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`service_request_id` text,
	FOREIGN KEY (`visit_id`) REFERENCES `staff_service_visits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_request_id`) REFERENCES `staff_service_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_visit_follow_ups_visit_idx` ON `staff_visit_follow_ups` (`visit_id`);
CREATE TABLE `roadshow_attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`consent` integer DEFAULT false NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_attendance_event_idx` ON `roadshow_attendance` (`event_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `roadshow_calendar_feeds` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_calendar_feeds_token_unique` ON `roadshow_calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE TABLE `roadshow_chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`seq` integer NOT NULL,
	`client_id` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`body` text NOT NULL,
	`deleted_at` integer,
	`deleted_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_chat_client_unique` ON `roadshow_chat_messages` (`event_id`,`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_chat_seq_unique` ON `roadshow_chat_messages` (`event_id`,`seq`);--> statement-breakpoint
CREATE INDEX `roadshow_chat_user_idx` ON `roadshow_chat_messages` (`event_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `roadshow_chat_mutes` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`muted_by` text NOT NULL,
	`muted_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`),
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`muted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roadshow_events` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`format` text NOT NULL,
	`venue_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`audience` text NOT NULL,
	`capacity` integer NOT NULL,
	`registration_deadline` integer NOT NULL,
	`stream_url` text,
	`recording_url` text,
	`state` text DEFAULT 'scheduled' NOT NULL,
	`cancel_reason` text,
	`current_deck_id` text,
	`current_page` integer DEFAULT 1 NOT NULL,
	`chat_last_seq` integer DEFAULT 0 NOT NULL,
	`slow_mode_seconds` integer DEFAULT 0 NOT NULL,
	`qa_published_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`venue_id`) REFERENCES `roadshow_venues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_events_time_idx` ON `roadshow_events` (`starts_at`);--> statement-breakpoint
CREATE INDEX `roadshow_events_venue_idx` ON `roadshow_events` (`venue_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `roadshow_invited_orgs` (
	`event_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `org_id`),
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roadshow_moderators` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`),
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_moderators_user_idx` ON `roadshow_moderators` (`user_id`);--> statement-breakpoint
CREATE TABLE `roadshow_pages_seen` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`deck_id` text NOT NULL,
	`page` integer NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`, `deck_id`, `page`),
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roadshow_question_votes` (
	`question_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`question_id`, `user_id`),
	FOREIGN KEY (`question_id`) REFERENCES `roadshow_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roadshow_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`client_id` text NOT NULL,
	`asker_user_id` text NOT NULL,
	`asker_org_id` text NOT NULL,
	`enterprise_org_id` text,
	`body` text NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`merged_into_id` text,
	`votes` integer DEFAULT 0 NOT NULL,
	`answering_now` integer DEFAULT false NOT NULL,
	`answer_text` text,
	`answered_live` integer DEFAULT false NOT NULL,
	`answered_at` integer,
	`answered_by` text,
	`moderated_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asker_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`moderated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_questions_client_unique` ON `roadshow_questions` (`event_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `roadshow_questions_event_idx` ON `roadshow_questions` (`event_id`,`state`);--> statement-breakpoint
CREATE TABLE `roadshow_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`state` text NOT NULL,
	`queued_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_registrations_unique` ON `roadshow_registrations` (`event_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `roadshow_registrations_user_idx` ON `roadshow_registrations` (`user_id`);--> statement-breakpoint
CREATE TABLE `roadshow_reminders` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`starts_at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`, `kind`, `starts_at`),
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roadshow_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`preferred_dates` text NOT NULL,
	`audience` text NOT NULL,
	`deck_id` text,
	`note` text,
	`state` text DEFAULT 'waiting' NOT NULL,
	`event_id` text,
	`proposed_starts_at` integer,
	`reason` text,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_requests_org_idx` ON `roadshow_requests` (`enterprise_org_id`);--> statement-breakpoint
CREATE INDEX `roadshow_requests_state_idx` ON `roadshow_requests` (`state`);--> statement-breakpoint
CREATE TABLE `roadshow_slide_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`deck_id` text NOT NULL,
	`page` integer NOT NULL,
	`by_user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_slide_changes_event_idx` ON `roadshow_slide_changes` (`event_id`,`at`);--> statement-breakpoint
CREATE TABLE `roadshow_slots` (
	`event_id` text NOT NULL,
	`position` integer NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`deck_id` text,
	PRIMARY KEY(`event_id`, `position`),
	FOREIGN KEY (`event_id`) REFERENCES `roadshow_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_slots_enterprise_unique` ON `roadshow_slots` (`event_id`,`enterprise_org_id`);--> statement-breakpoint
CREATE INDEX `roadshow_slots_org_idx` ON `roadshow_slots` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `roadshow_venues` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`address` text,
	`capacity` integer NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);

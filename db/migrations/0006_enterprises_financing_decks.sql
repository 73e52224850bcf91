CREATE TABLE `enterprise_data_access_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`requester_org_id` text NOT NULL,
	`requester_user_id` text,
	`requested_sections` text NOT NULL,
	`purpose` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`granted_sections` text DEFAULT '[]' NOT NULL,
	`expires_at` integer,
	`decided_by` text,
	`decided_at` integer,
	`decision_note` text,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enterprise_dar_enterprise_idx` ON `enterprise_data_access_requests` (`enterprise_org_id`,`state`);--> statement-breakpoint
CREATE INDEX `enterprise_dar_requester_idx` ON `enterprise_data_access_requests` (`requester_org_id`,`state`);--> statement-breakpoint
CREATE TABLE `enterprise_disclosure_obligations` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`recipient_org_id` text NOT NULL,
	`frequency` text NOT NULL,
	`starts_on` text NOT NULL,
	`source_need_id` text,
	`ended_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprise_disclosure_obligation_unique` ON `enterprise_disclosure_obligations` (`enterprise_org_id`,`recipient_org_id`);--> statement-breakpoint
CREATE INDEX `enterprise_disclosure_recipient_idx` ON `enterprise_disclosure_obligations` (`recipient_org_id`);--> statement-breakpoint
CREATE TABLE `enterprise_disclosure_periods` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`period` text NOT NULL,
	`due_on` text NOT NULL,
	`reminded_at` integer,
	`submitted_at` integer,
	`submitted_by` text,
	`report` text,
	`revenue` integer,
	`net_profit` integer,
	FOREIGN KEY (`obligation_id`) REFERENCES `enterprise_disclosure_obligations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprise_disclosure_period_unique` ON `enterprise_disclosure_periods` (`obligation_id`,`period`);--> statement-breakpoint
CREATE INDEX `enterprise_disclosure_due_idx` ON `enterprise_disclosure_periods` (`due_on`);--> statement-breakpoint
CREATE TABLE `enterprise_profiles` (
	`org_id` text PRIMARY KEY NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`main_business` text DEFAULT '' NOT NULL,
	`products` text DEFAULT '' NOT NULL,
	`srdi_titles` text DEFAULT '[]' NOT NULL,
	`team` text DEFAULT '' NOT NULL,
	`employees` integer,
	`founded_year` integer,
	`patents` integer DEFAULT 0 NOT NULL,
	`software_copyrights` integer DEFAULT 0 NOT NULL,
	`certifications` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`website` text,
	`logo` blob,
	`logo_mime` text,
	`logo_updated_at` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `enterprise_financial_statements` (
	`org_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`revenue` integer NOT NULL,
	`net_profit` integer NOT NULL,
	`net_assets` integer NOT NULL,
	`total_assets` integer NOT NULL,
	`liabilities` integer NOT NULL,
	`rd_expense` integer NOT NULL,
	`operating_cash_flow` integer NOT NULL,
	`audited` integer DEFAULT false NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`org_id`, `fiscal_year`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `enterprise_section_audiences` (
	`org_id` text NOT NULL,
	`section` text NOT NULL,
	`audience` text NOT NULL,
	`directed_org_ids` text DEFAULT '[]' NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`org_id`, `section`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `financing_need_audience_orgs` (
	`need_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`need_id`, `org_id`),
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `financing_need_audience_org_idx` ON `financing_need_audience_orgs` (`org_id`);--> statement-breakpoint
CREATE TABLE `financing_need_interests` (
	`need_id` text NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`need_id`, `org_id`),
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `financing_need_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`need_id` text NOT NULL,
	`version` integer NOT NULL,
	`change` text NOT NULL,
	`snapshot` text NOT NULL,
	`edited_by` text,
	`edited_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`edited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `financing_need_revisions_need_idx` ON `financing_need_revisions` (`need_id`,`version`);--> statement-breakpoint
CREATE TABLE `financing_need_views` (
	`id` text PRIMARY KEY NOT NULL,
	`need_id` text NOT NULL,
	`viewer_org_id` text,
	`viewer_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`viewer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`viewer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `financing_need_views_need_idx` ON `financing_need_views` (`need_id`,`at`);--> statement-breakpoint
CREATE TABLE `financing_needs` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`instrument` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`amount` integer NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`audience` text DEFAULT 'members' NOT NULL,
	`expires_on` text NOT NULL,
	`matched_org_id` text,
	`matched_amount` integer,
	`close_outcome` text,
	`outcome_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`published_at` integer,
	`ended_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`matched_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "financing_needs_amount" CHECK("financing_needs"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX `financing_needs_enterprise_idx` ON `financing_needs` (`enterprise_org_id`,`state`);--> statement-breakpoint
CREATE INDEX `financing_needs_state_idx` ON `financing_needs` (`state`,`audience`,`published_at`);--> statement-breakpoint
CREATE TABLE `roadshow_deck_audience_orgs` (
	`deck_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`deck_id`, `org_id`),
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_deck_audience_org_idx` ON `roadshow_deck_audience_orgs` (`org_id`);--> statement-breakpoint
CREATE TABLE `roadshow_deck_files` (
	`version_id` text PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `roadshow_deck_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `roadshow_deck_nda_acceptances` (
	`deck_id` text NOT NULL,
	`viewer_key` text NOT NULL,
	`accepted_at` integer NOT NULL,
	PRIMARY KEY(`deck_id`, `viewer_key`),
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `roadshow_deck_page_times` (
	`session_id` text NOT NULL,
	`page` integer NOT NULL,
	`ms` integer NOT NULL,
	PRIMARY KEY(`session_id`, `page`),
	FOREIGN KEY (`session_id`) REFERENCES `roadshow_deck_view_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `roadshow_deck_share_links` (
	`id` text PRIMARY KEY NOT NULL,
	`deck_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`label` text NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_deck_share_links_token_unique` ON `roadshow_deck_share_links` (`token_hash`);--> statement-breakpoint
CREATE TABLE `roadshow_deck_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`deck_id` text NOT NULL,
	`version` integer NOT NULL,
	`file_name` text NOT NULL,
	`byte_size` integer NOT NULL,
	`page_count` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` text,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadshow_deck_versions_unique` ON `roadshow_deck_versions` (`deck_id`,`version`);--> statement-breakpoint
CREATE TABLE `roadshow_deck_view_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`deck_id` text NOT NULL,
	`version_id` text NOT NULL,
	`viewer_key` text NOT NULL,
	`viewer_user_id` text,
	`viewer_org_id` text,
	`share_link_id` text,
	`analytics_consent` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`deck_id`) REFERENCES `roadshow_decks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `roadshow_deck_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`viewer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`viewer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`share_link_id`) REFERENCES `roadshow_deck_share_links`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_deck_view_sessions_deck_idx` ON `roadshow_deck_view_sessions` (`deck_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `roadshow_deck_view_sessions_viewer_idx` ON `roadshow_deck_view_sessions` (`deck_id`,`viewer_key`);--> statement-breakpoint
CREATE TABLE `roadshow_decks` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`need_id` text,
	`title` text NOT NULL,
	`audience` text DEFAULT 'members' NOT NULL,
	`allow_download` integer DEFAULT false NOT NULL,
	`nda_text` text,
	`current_version_id` text,
	`archived_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_decks_enterprise_idx` ON `roadshow_decks` (`enterprise_org_id`);--> statement-breakpoint
CREATE INDEX `roadshow_decks_need_idx` ON `roadshow_decks` (`need_id`);
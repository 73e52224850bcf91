CREATE TABLE `board_application_files` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by` text,
	`uploaded_by_org_id` text,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `board_application_files_app_idx` ON `board_application_files` (`application_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `board_application_files_key_unique` ON `board_application_files` (`storage_key`);--> statement-breakpoint
CREATE TABLE `board_custody_reminders` (
	`custody_id` text NOT NULL,
	`level` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`custody_id`, `level`),
	FOREIGN KEY (`custody_id`) REFERENCES `board_custody_records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `market_credit_products` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_org_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`min_amount` integer NOT NULL,
	`max_amount` integer NOT NULL,
	`rate_min_bp` integer NOT NULL,
	`rate_max_bp` integer NOT NULL,
	`term_min_months` integer NOT NULL,
	`term_max_months` integer NOT NULL,
	`collateral` text DEFAULT '[]' NOT NULL,
	`eligibility` text DEFAULT '{}' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`published_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_credit_products_ranges" CHECK("market_credit_products"."min_amount" > 0 and "market_credit_products"."max_amount" >= "market_credit_products"."min_amount" and "market_credit_products"."rate_max_bp" >= "market_credit_products"."rate_min_bp" and "market_credit_products"."term_min_months" > 0 and "market_credit_products"."term_max_months" >= "market_credit_products"."term_min_months")
);
--> statement-breakpoint
CREATE INDEX `market_credit_products_org_idx` ON `market_credit_products` (`institution_org_id`,`state`);--> statement-breakpoint
CREATE INDEX `market_credit_products_state_idx` ON `market_credit_products` (`state`);--> statement-breakpoint
CREATE TABLE `market_financing_outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`institution_org_id` text NOT NULL,
	`instrument` text NOT NULL,
	`amount_obtained` integer NOT NULL,
	`all_in_cost_bp` integer,
	`channel` text NOT NULL,
	`obtained_on` text NOT NULL,
	`prefecture_code` text,
	`industry_section` text,
	`tier` text,
	`recorded_by` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_outcomes_amount" CHECK("market_financing_outcomes"."amount_obtained" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `market_outcomes_subject_unique` ON `market_financing_outcomes` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `market_outcomes_date_idx` ON `market_financing_outcomes` (`obtained_on`);--> statement-breakpoint
CREATE TABLE `market_follows` (
	`id` text PRIMARY KEY NOT NULL,
	`follower_org_id` text NOT NULL,
	`follower_user_id` text,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`follower_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`follower_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `market_follows_unique` ON `market_follows` (`follower_org_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `market_follows_enterprise_idx` ON `market_follows` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `market_institution_profiles` (
	`org_id` text PRIMARY KEY NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`licences` text DEFAULT '[]' NOT NULL,
	`regions_served` text DEFAULT '[]' NOT NULL,
	`contacts` text DEFAULT '[]' NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `market_mandate_alerts` (
	`mandate_id` text NOT NULL,
	`need_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`mandate_id`, `need_id`),
	FOREIGN KEY (`mandate_id`) REFERENCES `market_mandates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `market_mandates` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_org_id` text NOT NULL,
	`name` text NOT NULL,
	`instruments` text DEFAULT '[]' NOT NULL,
	`min_amount` integer NOT NULL,
	`max_amount` integer NOT NULL,
	`industries` text DEFAULT '[]' NOT NULL,
	`tiers` text DEFAULT '[]' NOT NULL,
	`prefectures` text DEFAULT '[]' NOT NULL,
	`collateral` text DEFAULT '[]' NOT NULL,
	`stages` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`institution_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_mandates_amounts" CHECK("market_mandates"."min_amount" > 0 and "market_mandates"."max_amount" >= "market_mandates"."min_amount")
);
--> statement-breakpoint
CREATE INDEX `market_mandates_org_idx` ON `market_mandates` (`institution_org_id`,`active`);--> statement-breakpoint
CREATE TABLE `market_need_deadlines` (
	`need_id` text PRIMARY KEY NOT NULL,
	`respond_by` text NOT NULL,
	`set_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `market_offer_guarantees` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`guarantor_org_id` text NOT NULL,
	`coverage_bp` integer NOT NULL,
	`fee_bp` integer NOT NULL,
	`conditions` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'joined' NOT NULL,
	`joined_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `market_offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`guarantor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`joined_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `market_offer_guarantees_unique` ON `market_offer_guarantees` (`offer_id`,`guarantor_org_id`);--> statement-breakpoint
CREATE TABLE `market_offer_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`version` integer NOT NULL,
	`change` text NOT NULL,
	`snapshot` text NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `market_offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `market_offer_revisions_unique` ON `market_offer_revisions` (`offer_id`,`version`,`change`);--> statement-breakpoint
CREATE TABLE `market_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`need_id` text NOT NULL,
	`institution_org_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`instrument` text NOT NULL,
	`state` text DEFAULT 'submitted' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`amount` integer NOT NULL,
	`term_months` integer,
	`rate_bp` integer,
	`all_in_cost_bp` integer,
	`terms` text NOT NULL,
	`valid_until` text NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`decline_reason` text,
	`decline_note` text,
	`submitted_by` text,
	`submitted_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`need_id`) REFERENCES `financing_needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_offers_amount" CHECK("market_offers"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX `market_offers_need_idx` ON `market_offers` (`need_id`,`state`);--> statement-breakpoint
CREATE INDEX `market_offers_institution_idx` ON `market_offers` (`institution_org_id`,`state`);--> statement-breakpoint
CREATE TABLE `market_product_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`institution_org_id` text NOT NULL,
	`amount` integer NOT NULL,
	`term_months` integer NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`profile_snapshot` text NOT NULL,
	`state` text DEFAULT 'submitted' NOT NULL,
	`approved_amount` integer,
	`approved_rate_bp` integer,
	`decline_reason` text,
	`decline_note` text,
	`submitted_by` text,
	`submitted_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `market_credit_products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_product_applications_amount" CHECK("market_product_applications"."amount" > 0 and "market_product_applications"."term_months" > 0)
);
--> statement-breakpoint
CREATE INDEX `market_product_applications_inst_idx` ON `market_product_applications` (`institution_org_id`,`state`);--> statement-breakpoint
CREATE INDEX `market_product_applications_ent_idx` ON `market_product_applications` (`enterprise_org_id`);--> statement-breakpoint
ALTER TABLE `board_settings` ADD `notice_days` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `board_settings` ADD `notice_day_kind` text DEFAULT 'working' NOT NULL;--> statement-breakpoint
ALTER TABLE `board_public_notices` ADD `ended_early_at` integer;--> statement-breakpoint
ALTER TABLE `board_public_notices` ADD `ended_early_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `board_public_notices` ADD `ended_early_reason` text;
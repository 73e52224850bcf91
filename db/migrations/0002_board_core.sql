CREATE TABLE `board_application_assessments` (
	`application_id` text PRIMARY KEY NOT NULL,
	`main_business_clear` integer DEFAULT false NOT NULL,
	`going_concern` integer DEFAULT false NOT NULL,
	`listing_potential` integer DEFAULT false NOT NULL,
	`potential_justification` text,
	`assessed_by` text,
	`assessed_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `board_application_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`phone` text,
	`email` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `board_application_contacts_app_idx` ON `board_application_contacts` (`application_id`);--> statement-breakpoint
CREATE TABLE `board_application_financials` (
	`application_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`revenue` integer NOT NULL,
	`net_profit` integer NOT NULL,
	`net_profit_deducted` integer,
	`net_assets` integer NOT NULL,
	`rd_expense` integer NOT NULL,
	`operating_cash_flow` integer NOT NULL,
	`total_shares` integer NOT NULL,
	`share_capital` integer,
	`weighted_roe_bp` integer,
	`audited` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`application_id`, `fiscal_year`),
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `board_application_pe_rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`round` text NOT NULL,
	`investors` text NOT NULL,
	`amount` integer NOT NULL,
	`closed_on` text NOT NULL,
	`gov_fund` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "pe_round_amount" CHECK("board_application_pe_rounds"."amount" >= 0)
);
--> statement-breakpoint
CREATE INDEX `board_application_pe_rounds_app_idx` ON `board_application_pe_rounds` (`application_id`);--> statement-breakpoint
CREATE TABLE `board_application_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`comment` text,
	`actor_user_id` text,
	`actor_org_id` text,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `board_application_reviews_app_idx` ON `board_application_reviews` (`application_id`,`at`);--> statement-breakpoint
CREATE TABLE `board_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`prefecture_code` text,
	`channel` text NOT NULL,
	`sponsor_org_id` text,
	`sponsor_confirmed_at` integer,
	`state` text DEFAULT 'draft' NOT NULL,
	`industry_section` text,
	`industry_division` text,
	`main_business` text,
	`srdi_status` text DEFAULT 'none' NOT NULL,
	`srdi_certificate_no` text,
	`srdi_certificate_issuer` text,
	`srdi_certificate_year` integer,
	`gov_fund_invested` integer DEFAULT false NOT NULL,
	`gov_fund_name` text,
	`gov_fund_amount` integer,
	`listing_reserve` integer DEFAULT false NOT NULL,
	`listing_reserve_year` integer,
	`ipo_tutoring` integer DEFAULT false NOT NULL,
	`ipo_tutoring_broker` text,
	`ipo_tutoring_filed_on` text,
	`neeq_status` text DEFAULT 'never' NOT NULL,
	`neeq_delisted_on` text,
	`plans_ipo` integer DEFAULT false NOT NULL,
	`listing_plan_market` text,
	`listing_plan_year` integer,
	`market_cap_estimate` integer,
	`market_cap_basis` text,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`submitted_at` integer,
	`forwarded_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `board_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prefecture_code`) REFERENCES `prefectures`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sponsor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "board_applications_sponsor" CHECK(("board_applications"."channel" = 'sponsor') = ("board_applications"."sponsor_org_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_applications_round_enterprise_unique` ON `board_applications` (`round_id`,`enterprise_org_id`);--> statement-breakpoint
CREATE INDEX `board_applications_state_idx` ON `board_applications` (`round_id`,`state`);--> statement-breakpoint
CREATE INDEX `board_applications_prefecture_idx` ON `board_applications` (`prefecture_code`,`state`);--> statement-breakpoint
CREATE INDEX `board_applications_enterprise_idx` ON `board_applications` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `board_memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`tier` text NOT NULL,
	`entry_date` text NOT NULL,
	`service_person_user_id` text,
	`status` text DEFAULT 'listed' NOT NULL,
	`admitted_by_plan_item_id` text,
	`removed_at` integer,
	`removal_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_person_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`admitted_by_plan_item_id`) REFERENCES `board_tier_plan_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_memberships_listed_unique` ON `board_memberships` (`enterprise_org_id`) WHERE "board_memberships"."status" = 'listed';--> statement-breakpoint
CREATE INDEX `board_memberships_tier_idx` ON `board_memberships` (`status`,`tier`);--> statement-breakpoint
CREATE TABLE `board_rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`bureau_deadline` text NOT NULL,
	`plan_deadline` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "board_rounds_deadlines" CHECK("board_rounds"."bureau_deadline" <= "board_rounds"."plan_deadline")
);
--> statement-breakpoint
CREATE INDEX `board_rounds_state_idx` ON `board_rounds` (`state`);--> statement-breakpoint
CREATE TABLE `board_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`min_pe_round` text DEFAULT 'a' NOT NULL,
	`halve_ratios` integer DEFAULT false NOT NULL,
	`custody_working_days` integer DEFAULT 60 NOT NULL,
	`custody_ratio_bp` integer DEFAULT 7500 NOT NULL,
	`custody_ratio_cultivation_bp` integer DEFAULT 8000 NOT NULL,
	`updated_by` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `board_custody_confirmations` (
	`id` text PRIMARY KEY NOT NULL,
	`custody_id` text NOT NULL,
	`as_of` text NOT NULL,
	`confirmed_shares` integer NOT NULL,
	`total_shares` integer NOT NULL,
	`note` text,
	`recorded_by` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`custody_id`) REFERENCES `board_custody_records`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "custody_confirmed_range" CHECK("board_custody_confirmations"."confirmed_shares" >= 0 and "board_custody_confirmations"."confirmed_shares" <= "board_custody_confirmations"."total_shares")
);
--> statement-breakpoint
CREATE INDEX `board_custody_confirmations_custody_idx` ON `board_custody_confirmations` (`custody_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `board_custody_records` (
	`id` text PRIMARY KEY NOT NULL,
	`membership_id` text NOT NULL,
	`entry_date` text NOT NULL,
	`deadline_date` text NOT NULL,
	`required_ratio_bp` integer NOT NULL,
	`total_shares` integer NOT NULL,
	`custody_account_no` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`membership_id`) REFERENCES `board_memberships`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "custody_total_shares" CHECK("board_custody_records"."total_shares" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_custody_records_membership_unique` ON `board_custody_records` (`membership_id`);--> statement-breakpoint
CREATE TABLE `board_notice_objections` (
	`id` text PRIMARY KEY NOT NULL,
	`notice_id` text NOT NULL,
	`plan_item_id` text NOT NULL,
	`objector_name` text NOT NULL,
	`objector_id_number` text NOT NULL,
	`objector_phone` text NOT NULL,
	`objector_organisation` text,
	`reasons` text NOT NULL,
	`attachments` text DEFAULT '[]' NOT NULL,
	`state` text DEFAULT 'lodged' NOT NULL,
	`review_comment` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`lodged_at` integer NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `board_public_notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_item_id`) REFERENCES `board_tier_plan_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `board_notice_objections_notice_idx` ON `board_notice_objections` (`notice_id`,`state`);--> statement-breakpoint
CREATE TABLE `board_public_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`published_by` text,
	`published_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `board_tier_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notice_period" CHECK("board_public_notices"."starts_on" <= "board_public_notices"."ends_on")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_public_notices_plan_unique` ON `board_public_notices` (`plan_id`);--> statement-breakpoint
CREATE TABLE `board_retiering_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`threshold_version_id` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`started_by` text,
	`started_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`applied_at` integer,
	FOREIGN KEY (`threshold_version_id`) REFERENCES `board_threshold_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_retiering_runs_year_unique` ON `board_retiering_runs` (`year`);--> statement-breakpoint
CREATE TABLE `board_threshold_criteria` (
	`id` text PRIMARY KEY NOT NULL,
	`standard_id` text NOT NULL,
	`clause` text NOT NULL,
	`metric` text NOT NULL,
	`aggregation` text NOT NULL,
	`years` integer DEFAULT 1 NOT NULL,
	`op` text DEFAULT 'gte' NOT NULL,
	`value` integer NOT NULL,
	`unit` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`standard_id`) REFERENCES `board_threshold_standards`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "threshold_years" CHECK("board_threshold_criteria"."years" between 1 and 3)
);
--> statement-breakpoint
CREATE INDEX `board_threshold_criteria_standard_idx` ON `board_threshold_criteria` (`standard_id`);--> statement-breakpoint
CREATE TABLE `board_threshold_standards` (
	`id` text PRIMARY KEY NOT NULL,
	`version_id` text NOT NULL,
	`code` text NOT NULL,
	`market` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `board_threshold_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_threshold_standards_unique` ON `board_threshold_standards` (`version_id`,`code`);--> statement-breakpoint
CREATE TABLE `board_threshold_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`effective_from` text NOT NULL,
	`note` text,
	`published_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `board_tier_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`application_id` text,
	`retiering_run_id` text,
	`action` text DEFAULT 'admit' NOT NULL,
	`proposed_tier` text NOT NULL,
	`rule_matched` text NOT NULL,
	`evidence` text NOT NULL,
	`evidence_text` text NOT NULL,
	`threshold_version_id` text NOT NULL,
	`settings_snapshot` text NOT NULL,
	`final_tier` text,
	`override_reason` text,
	`removal_reason` text,
	`decided_by` text NOT NULL,
	`decided_at` integer NOT NULL,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retiering_run_id`) REFERENCES `board_retiering_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`threshold_version_id`) REFERENCES `board_threshold_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tier_decision_source" CHECK("board_tier_decisions"."application_id" is not null or "board_tier_decisions"."retiering_run_id" is not null),
	CONSTRAINT "tier_decision_override_reason" CHECK("board_tier_decisions"."final_tier" is null or "board_tier_decisions"."final_tier" = "board_tier_decisions"."proposed_tier" or length(trim(coalesce("board_tier_decisions"."override_reason", ''))) > 0),
	CONSTRAINT "tier_decision_removal" CHECK(("board_tier_decisions"."action" = 'remove') = ("board_tier_decisions"."removal_reason" is not null))
);
--> statement-breakpoint
CREATE INDEX `board_tier_decisions_app_idx` ON `board_tier_decisions` (`application_id`);--> statement-breakpoint
CREATE INDEX `board_tier_decisions_run_idx` ON `board_tier_decisions` (`retiering_run_id`);--> statement-breakpoint
CREATE INDEX `board_tier_decisions_enterprise_idx` ON `board_tier_decisions` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `board_tier_plan_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`submission` integer NOT NULL,
	`regulator_code` text NOT NULL,
	`regulator_org_id` text NOT NULL,
	`decision` text NOT NULL,
	`comment` text,
	`decided_by` text NOT NULL,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `board_tier_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`regulator_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "approval_return_comment" CHECK("board_tier_plan_approvals"."decision" = 'approved' or length(trim(coalesce("board_tier_plan_approvals"."comment", ''))) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_tier_plan_approvals_unique` ON `board_tier_plan_approvals` (`plan_id`,`submission`,`regulator_code`);--> statement-breakpoint
CREATE TABLE `board_tier_plan_exclusions` (
	`id` text PRIMARY KEY NOT NULL,
	`approval_id` text NOT NULL,
	`plan_item_id` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`approval_id`) REFERENCES `board_tier_plan_approvals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_item_id`) REFERENCES `board_tier_plan_items`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "exclusion_reason" CHECK(length(trim("board_tier_plan_exclusions"."reason")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_tier_plan_exclusions_unique` ON `board_tier_plan_exclusions` (`approval_id`,`plan_item_id`);--> statement-breakpoint
CREATE TABLE `board_tier_plan_items` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`tier_decision_id` text NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `board_tier_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_decision_id`) REFERENCES `board_tier_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_tier_plan_items_unique` ON `board_tier_plan_items` (`plan_id`,`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `board_tier_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`round_id` text,
	`retiering_run_id` text,
	`state` text DEFAULT 'draft' NOT NULL,
	`submission` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`submitted_at` integer,
	`approved_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `board_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retiering_run_id`) REFERENCES `board_retiering_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tier_plan_source" CHECK(("board_tier_plans"."kind" = 'admission' and "board_tier_plans"."round_id" is not null) or ("board_tier_plans"."kind" = 'retiering' and "board_tier_plans"."retiering_run_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `board_tier_plans_round_idx` ON `board_tier_plans` (`round_id`);--> statement-breakpoint
CREATE TABLE `board_working_day_overrides` (
	`date` text PRIMARY KEY NOT NULL,
	`is_workday` integer NOT NULL,
	`note` text,
	`updated_by` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);

CREATE TABLE `board_violations` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`occurred_on` text NOT NULL,
	`description` text NOT NULL,
	`evidence` text NOT NULL,
	`state` text DEFAULT 'recorded' NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`dismissal_reason` text,
	`resolved_at` integer,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "violation_text" CHECK(length(trim("board_violations"."source")) > 0 and length(trim("board_violations"."evidence")) > 0),
	CONSTRAINT "violation_dismissal" CHECK("board_violations"."state" <> 'dismissed' or length(trim(coalesce("board_violations"."dismissal_reason", ''))) > 0)
);
--> statement-breakpoint
CREATE INDEX `board_violations_enterprise_idx` ON `board_violations` (`enterprise_org_id`,`state`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_board_tier_decisions` (
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
	`violation_id` text,
	`decided_by` text NOT NULL,
	`decided_at` integer NOT NULL,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retiering_run_id`) REFERENCES `board_retiering_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`threshold_version_id`) REFERENCES `board_threshold_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`violation_id`) REFERENCES `board_violations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tier_decision_source" CHECK("__new_board_tier_decisions"."application_id" is not null or "__new_board_tier_decisions"."retiering_run_id" is not null or "__new_board_tier_decisions"."violation_id" is not null),
	CONSTRAINT "tier_decision_override_reason" CHECK("__new_board_tier_decisions"."final_tier" is null or "__new_board_tier_decisions"."final_tier" = "__new_board_tier_decisions"."proposed_tier" or length(trim(coalesce("__new_board_tier_decisions"."override_reason", ''))) > 0),
	CONSTRAINT "tier_decision_removal" CHECK(("__new_board_tier_decisions"."action" = 'remove') = ("__new_board_tier_decisions"."removal_reason" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_board_tier_decisions`("id", "enterprise_org_id", "application_id", "retiering_run_id", "action", "proposed_tier", "rule_matched", "evidence", "evidence_text", "threshold_version_id", "settings_snapshot", "final_tier", "override_reason", "removal_reason", "violation_id", "decided_by", "decided_at", "superseded_at") SELECT "id", "enterprise_org_id", "application_id", "retiering_run_id", "action", "proposed_tier", "rule_matched", "evidence", "evidence_text", "threshold_version_id", "settings_snapshot", "final_tier", "override_reason", "removal_reason", NULL, "decided_by", "decided_at", "superseded_at" FROM `board_tier_decisions`;--> statement-breakpoint
DROP TABLE `board_tier_decisions`;--> statement-breakpoint
ALTER TABLE `__new_board_tier_decisions` RENAME TO `board_tier_decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `board_tier_decisions_app_idx` ON `board_tier_decisions` (`application_id`);--> statement-breakpoint
CREATE INDEX `board_tier_decisions_run_idx` ON `board_tier_decisions` (`retiering_run_id`);--> statement-breakpoint
CREATE INDEX `board_tier_decisions_enterprise_idx` ON `board_tier_decisions` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `__new_board_tier_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`round_id` text,
	`retiering_run_id` text,
	`violation_id` text,
	`state` text DEFAULT 'draft' NOT NULL,
	`submission` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`submitted_at` integer,
	`approved_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `board_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retiering_run_id`) REFERENCES `board_retiering_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`violation_id`) REFERENCES `board_violations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tier_plan_source" CHECK(("__new_board_tier_plans"."kind" = 'admission' and "__new_board_tier_plans"."round_id" is not null) or ("__new_board_tier_plans"."kind" = 'retiering' and "__new_board_tier_plans"."retiering_run_id" is not null) or ("__new_board_tier_plans"."kind" = 'removal' and "__new_board_tier_plans"."violation_id" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_board_tier_plans`("id", "kind", "round_id", "retiering_run_id", "violation_id", "state", "submission", "created_by", "created_at", "submitted_at", "approved_at") SELECT "id", "kind", "round_id", "retiering_run_id", NULL, "state", "submission", "created_by", "created_at", "submitted_at", "approved_at" FROM `board_tier_plans`;--> statement-breakpoint
DROP TABLE `board_tier_plans`;--> statement-breakpoint
ALTER TABLE `__new_board_tier_plans` RENAME TO `board_tier_plans`;--> statement-breakpoint
CREATE INDEX `board_tier_plans_round_idx` ON `board_tier_plans` (`round_id`);--> statement-breakpoint
ALTER TABLE `board_applications` ADD `sponsor_relation` text;--> statement-breakpoint
ALTER TABLE `board_memberships` ADD `removal_decision_id` text REFERENCES board_tier_decisions(id);--> statement-breakpoint
ALTER TABLE `board_custody_confirmations` ADD `unconfirmed_account_no` text;--> statement-breakpoint
ALTER TABLE `board_custody_confirmations` ADD `responsible_party` text;
CREATE TABLE `roadshow_faq_entries` (
	`question_id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`answer_text` text,
	`position` integer NOT NULL,
	`published` integer DEFAULT true NOT NULL,
	`published_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `roadshow_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roadshow_faq_entries_org_idx` ON `roadshow_faq_entries` (`enterprise_org_id`,`published`,`position`);
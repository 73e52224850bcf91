CREATE TABLE `staff_esop_participants` (
	`plan_id` text NOT NULL,
	`user_id` text NOT NULL,
	`holder_name` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `user_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `staff_esop_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `staff_esop_entries` ADD `sent_at` integer;--> statement-breakpoint
ALTER TABLE `staff_esop_entries` ADD `sent_to` integer;
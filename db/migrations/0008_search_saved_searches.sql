CREATE TABLE `saved_search_alerts` (
	`saved_search_id` text NOT NULL,
	`doc_id` text NOT NULL,
	`doc_version` integer NOT NULL,
	`notification_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`saved_search_id`, `doc_id`, `doc_version`),
	FOREIGN KEY (`saved_search_id`) REFERENCES `saved_searches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `saved_searches` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`index_name` text NOT NULL,
	`query` text NOT NULL,
	`alerts_enabled` integer DEFAULT true NOT NULL,
	`last_alert_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_searches_user_idx` ON `saved_searches` (`user_id`);--> statement-breakpoint
CREATE INDEX `saved_searches_alert_idx` ON `saved_searches` (`index_name`,`alerts_enabled`);
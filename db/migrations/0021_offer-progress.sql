CREATE TABLE `market_offer_progress` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`kind` text NOT NULL,
	`happened_on` text NOT NULL,
	`amount` integer,
	`reason` text,
	`recorded_by` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `market_offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_offer_progress_amount" CHECK(("market_offer_progress"."kind" = 'disbursed') = ("market_offer_progress"."amount" is not null and "market_offer_progress"."amount" > 0))
);
--> statement-breakpoint
CREATE INDEX `market_offer_progress_offer_idx` ON `market_offer_progress` (`offer_id`,`happened_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `market_offer_progress_once` ON `market_offer_progress` (`offer_id`,`kind`) WHERE "market_offer_progress"."kind" in ('approved', 'failed');
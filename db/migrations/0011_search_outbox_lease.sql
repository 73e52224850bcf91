ALTER TABLE `search_outbox` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `search_outbox` ADD `lease_expires_at` integer;
DROP INDEX `conversation_participants_org_idx`;--> statement-breakpoint
DROP INDEX `conversation_participants_user_idx`;--> statement-breakpoint
CREATE INDEX `conversation_participants_org_idx` ON `conversation_participants` (`org_id`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `conversation_participants_user_idx` ON `conversation_participants` (`user_id`,`conversation_id`);
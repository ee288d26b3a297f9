DROP INDEX `assessments_user_idx`;--> statement-breakpoint
ALTER TABLE `assessments` ADD `scores` text;--> statement-breakpoint
ALTER TABLE `assessments` ADD `scored_with` text;--> statement-breakpoint
CREATE INDEX `assessments_user_scores_idx` ON `assessments` (`user_id`,`created_at`,`id`,`scored_with`,`scores`);
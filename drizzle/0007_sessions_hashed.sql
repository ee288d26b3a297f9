-- Sessions were stored under the token itself; from now on only its SHA-256 is kept. The old rows
-- cannot be converted (the hash of a stored token would match nothing), so everyone signs in again.
DELETE FROM `sessions`;--> statement-breakpoint
ALTER TABLE `sessions` ADD `created_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `user_agent` text DEFAULT '' NOT NULL;

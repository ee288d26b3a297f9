CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`course_slug` text NOT NULL,
	`course_version` integer NOT NULL,
	`course_title` text NOT NULL,
	`course_language` text NOT NULL,
	`hours` real NOT NULL,
	`learner_name` text NOT NULL,
	`final_percent` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`recipient_salt` text NOT NULL,
	`recipient_hash` text NOT NULL,
	`status_index` integer NOT NULL,
	`credential` text,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_status_index_unique` ON `certificates` (`status_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_user_course_unique` ON `certificates` (`user_id`,`course_slug`);
CREATE TABLE `comment_reports` (
	`comment_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`resolved_at` integer,
	PRIMARY KEY(`comment_id`, `user_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `lesson_comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lesson_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`user_id` text,
	`parent_id` integer,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reject_reason` text,
	`moderated_by` text,
	`moderated_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`moderated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `lesson_comments_lesson_idx` ON `lesson_comments` (`course_slug`,`lesson_slug`,`status`);--> statement-breakpoint
CREATE INDEX `lesson_comments_status_idx` ON `lesson_comments` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `lesson_comments_user_idx` ON `lesson_comments` (`user_id`,`created_at`);
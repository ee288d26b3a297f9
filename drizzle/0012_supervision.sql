CREATE TABLE `review_claims` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`task_id` text NOT NULL,
	`tutor_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `task_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tutor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `supervised_enrolments` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`tutor_id` text,
	`order_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`stop_reason` text,
	`lessons_sent` integer DEFAULT 0 NOT NULL,
	`next_lesson_at` integer,
	`paused_at` integer,
	`unsubscribe_token` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tutor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervised_enrolments_unsubscribe_token_unique` ON `supervised_enrolments` (`unsubscribe_token`);--> statement-breakpoint
CREATE INDEX `supervised_enrolments_tutor_idx` ON `supervised_enrolments` (`tutor_id`);--> statement-breakpoint
CREATE INDEX `supervised_enrolments_clock_idx` ON `supervised_enrolments` (`status`,`next_lesson_at`);--> statement-breakpoint
CREATE TABLE `task_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`task_id` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`tutor_id` text,
	`verdict` text NOT NULL,
	`feedback` text NOT NULL,
	`response_updated_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tutor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `task_reviews_task_idx` ON `task_reviews` (`user_id`,`course_slug`,`task_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `certificates` ADD `supervised` integer DEFAULT false NOT NULL;
CREATE TABLE `final_draws` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`question_ids` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);

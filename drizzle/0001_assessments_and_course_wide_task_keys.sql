CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`language` text NOT NULL,
	`answers` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assessments_user_idx` ON `assessments` (`user_id`,`created_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_task_responses` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`task_id` text NOT NULL,
	`kind` text NOT NULL,
	`answer` text NOT NULL,
	`score` integer,
	`best_score` integer,
	`total` integer,
	`attempts` integer DEFAULT 1 NOT NULL,
	`completed_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `task_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_task_responses`("user_id", "course_slug", "lesson_slug", "task_id", "kind", "answer", "score", "best_score", "total", "attempts", "completed_at", "updated_at") SELECT "user_id", "course_slug", "lesson_slug", "task_id", "kind", "answer", "score", "best_score", "total", "attempts", "completed_at", "updated_at" FROM `task_responses`;--> statement-breakpoint
DROP TABLE `task_responses`;--> statement-breakpoint
ALTER TABLE `__new_task_responses` RENAME TO `task_responses`;--> statement-breakpoint
PRAGMA foreign_keys=ON;
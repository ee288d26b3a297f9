CREATE TABLE `assignment_reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`offset_days` integer NOT NULL,
	`send_at` integer NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `organisation_assignments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignment_reminders_once` ON `assignment_reminders` (`assignment_id`,`user_id`,`offset_days`);--> statement-breakpoint
CREATE INDEX `assignment_reminders_due_idx` ON `assignment_reminders` (`state`,`send_at`);--> statement-breakpoint
CREATE TABLE `organisation_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`target` text NOT NULL,
	`due_at` integer,
	`reminder_offsets` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_assignments_target` ON `organisation_assignments` (`organisation_id`,`course_slug`,`target`);--> statement-breakpoint
CREATE TABLE `organisation_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`team` text,
	`seat` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` text,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by` text,
	`withdrawn_at` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitations_token_hash_unique` ON `organisation_invitations` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitations_open` ON `organisation_invitations` (`organisation_id`,`email`) WHERE accepted_at is null and withdrawn_at is null;--> statement-breakpoint
CREATE TABLE `organisation_members` (
	`organisation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`team` text,
	`seat` text,
	`assessment_shared_at` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`removed_at` integer,
	PRIMARY KEY(`organisation_id`, `user_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organisation_members_user_idx` ON `organisation_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`learning_time_note` text DEFAULT '' NOT NULL,
	`logo` blob,
	`logo_type` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE TABLE `seat_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` text NOT NULL,
	`seat` text NOT NULL,
	`change` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` text,
	`user_id` text,
	`actor_id` text,
	`note` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `seat_ledger_org_idx` ON `seat_ledger` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `seat_ledger_order_reason` ON `seat_ledger` (`order_id`,`reason`) WHERE order_id is not null;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `tasks_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `enrolments_course_idx` ON `enrolments` (`course_slug`);--> statement-breakpoint
ALTER TABLE `orders` ADD `organisation_id` text;--> statement-breakpoint
-- Existing enrolments start with the tasks their learners already answered.
UPDATE `enrolments` SET `tasks_done` = (SELECT count(*) FROM `task_responses` r WHERE r.`user_id` = `enrolments`.`user_id` AND r.`course_slug` = `enrolments`.`course_slug`);

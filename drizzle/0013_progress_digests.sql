CREATE TABLE `progress_digests` (
	`user_id` text PRIMARY KEY NOT NULL,
	`digest` text NOT NULL
);

-- progress_digests (0013) is kept by these triggers alone: every write to enrolments,
-- course_completions or certificates recomputes the one row of the learner concerned from those
-- three tables (a handful of rows per learner), so the digest always equals a recount.
-- Memberships are not in the digest: the reports join it to organisation_members when they read,
-- so joining, leaving and changing teams need no upkeep. docs/decisions/0016.
CREATE TRIGGER `enrolments_digest_insert` AFTER INSERT ON `enrolments` BEGIN
  DELETE FROM progress_digests WHERE user_id = NEW.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT NEW.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = NEW.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `enrolments_digest_update` AFTER UPDATE OF user_id, course_slug, tasks_done ON `enrolments` BEGIN
  DELETE FROM progress_digests WHERE user_id = NEW.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT NEW.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = NEW.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `enrolments_digest_update_old` AFTER UPDATE OF user_id ON `enrolments` WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  DELETE FROM progress_digests WHERE user_id = OLD.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT OLD.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = OLD.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `enrolments_digest_delete` AFTER DELETE ON `enrolments` BEGIN
  DELETE FROM progress_digests WHERE user_id = OLD.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT OLD.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = OLD.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_digest_insert` AFTER INSERT ON `course_completions` BEGIN
  DELETE FROM progress_digests WHERE user_id = NEW.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT NEW.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = NEW.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_digest_update` AFTER UPDATE OF user_id, course_slug ON `course_completions` BEGIN
  DELETE FROM progress_digests WHERE user_id = NEW.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT NEW.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = NEW.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_digest_update_old` AFTER UPDATE OF user_id ON `course_completions` WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  DELETE FROM progress_digests WHERE user_id = OLD.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT OLD.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = OLD.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `course_completions_digest_delete` AFTER DELETE ON `course_completions` BEGIN
  DELETE FROM progress_digests WHERE user_id = OLD.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT OLD.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = OLD.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `certificates_digest_insert` AFTER INSERT ON `certificates` BEGIN
  DELETE FROM progress_digests WHERE user_id = NEW.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT NEW.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = NEW.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `certificates_digest_update` AFTER UPDATE OF user_id, course_slug, revoked_at ON `certificates` BEGIN
  DELETE FROM progress_digests WHERE user_id = NEW.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT NEW.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = NEW.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = NEW.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `certificates_digest_update_old` AFTER UPDATE OF user_id ON `certificates` WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  DELETE FROM progress_digests WHERE user_id = OLD.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT OLD.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = OLD.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `certificates_digest_delete` AFTER DELETE ON `certificates` BEGIN
  DELETE FROM progress_digests WHERE user_id = OLD.user_id;
  INSERT INTO progress_digests (user_id, digest)
    SELECT OLD.user_id, digest FROM (
      SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug) AS digest
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = OLD.user_id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = OLD.user_id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug
    ) WHERE digest IS NOT NULL;
END;
--> statement-breakpoint
-- Backfill: every learner who already has a course gets the row the triggers would have written.
DELETE FROM progress_digests;--> statement-breakpoint
INSERT INTO progress_digests (user_id, digest)
  SELECT u.id, (SELECT group_concat(s.course_slug || ':' || coalesce(e.tasks_done, 0) || ':'
          || iif(e.user_id IS NULL, '', 'e') || iif(c.user_id IS NULL, '', 'c')
          || iif(EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = s.user_id AND k.course_slug = s.course_slug AND k.revoked_at IS NULL), 'k', ''),
        ' ' ORDER BY s.course_slug)
      FROM (SELECT user_id, course_slug FROM enrolments WHERE user_id = u.id
            UNION SELECT user_id, course_slug FROM course_completions WHERE user_id = u.id
            UNION SELECT user_id, course_slug FROM certificates WHERE user_id = u.id AND revoked_at IS NULL) s
      LEFT JOIN enrolments e ON e.user_id = s.user_id AND e.course_slug = s.course_slug
      LEFT JOIN course_completions c ON c.user_id = s.user_id AND c.course_slug = s.course_slug)
  FROM (SELECT user_id AS id FROM enrolments UNION SELECT user_id FROM course_completions UNION SELECT user_id FROM certificates WHERE user_id IS NOT NULL AND revoked_at IS NULL) u;

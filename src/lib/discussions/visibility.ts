/**
 * Who may see a comment: the one rule every channel uses (the lesson page and its counts, the
 * moderation list, e-mails, the data export).
 * - Approved comments: everyone who may read the lesson (the page checks that first).
 * - Pending and rejected comments: their author (marked as such) and moderators, nobody else;
 *   they are in no count, list or mail anyone else gets.
 */
import { eq, or, sql, type SQL } from 'drizzle-orm';
import { lessonComments } from '../db/schema.ts';
import type { SessionUser } from '../auth/sessions.ts';

export type Comment = typeof lessonComments.$inferSelect;
/** Who is looking: enough of a session user to decide. */
export type Viewer = Pick<SessionUser, 'id' | 'roles'> | null | undefined;

export function isModerator(viewer: Viewer): boolean {
  return Boolean(viewer && (viewer.roles.includes('moderator') || viewer.roles.includes('admin')));
}

/** The comments this viewer may see, as a condition for queries. */
export function visibleTo(viewer: Viewer): SQL {
  if (isModerator(viewer)) return sql`1 = 1`;
  if (!viewer) return eq(lessonComments.status, 'approved');
  return or(eq(lessonComments.status, 'approved'), eq(lessonComments.userId, viewer.id))!;
}

/** The same rule for one comment already loaded (e-mails, single actions). */
export function canSee(viewer: Viewer, comment: Pick<Comment, 'status' | 'userId'>): boolean {
  if (comment.status === 'approved') return true;
  return Boolean(viewer && (comment.userId === viewer.id || isModerator(viewer)));
}

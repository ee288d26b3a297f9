/**
 * Lesson discussions: enrolled learners comment and reply one level deep; every comment waits for
 * a moderator; reports bring approved comments back to the moderators. Replies notify the author
 * of the comment they answer, and only once approved; a rejection tells its author why.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { commentReports, lessonComments, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { queueMail } from '../mail/outbox.ts';
import { translator } from '../i18n/ui.ts';
import { requireRole, requireVerifiedUser } from '../auth/guards.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { canSee, visibleTo, type Comment } from './visibility.ts';

export const MAX_COMMENT_LENGTH = 2000;
/** Posting limits per person: a burst, and a day. */
export const COMMENT_LIMITS = [
  { windowMs: 10 * 60 * 1000, max: 5 },
  { windowMs: 24 * 60 * 60 * 1000, max: 30 },
];

export interface CommentPlace {
  courseSlug: string;
  lessonSlug: string;
  /** The person is enrolled and has access (the page decides with the progress area). */
  canComment: boolean;
}

function cleanBody(value: string): string {
  const body = value.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (!body) throw new AppError(422, 'discussion.empty', 'body');
  if (body.length > MAX_COMMENT_LENGTH) throw new AppError(422, 'discussion.tooLong', 'body', undefined, { max: MAX_COMMENT_LENGTH });
  return body;
}

/** Posts a comment (pending). Replies attach to the top comment of the thread. Returns the new id. */
export function postComment(db: Db, actor: SessionUser | null | undefined, place: CommentPlace, input: { body: string; parentId?: number | null }, now = new Date()): number {
  const user = requireVerifiedUser(actor);
  if (!place.canComment) throw new AppError(403, 'discussion.enrolFirst');
  const body = cleanBody(input.body);
  return db.transaction(
    (tx) => {
      for (const limit of COMMENT_LIMITS) {
        const recent = tx.select({ n: count() }).from(lessonComments).where(and(eq(lessonComments.userId, user.id), gte(lessonComments.createdAt, new Date(now.getTime() - limit.windowMs)))).get()!.n;
        if (recent >= limit.max) throw new AppError(429, 'discussion.tooMany', 'body', Math.ceil(limit.windowMs / 1000));
      }
      let parentId: number | null = null;
      if (input.parentId) {
        const parent = tx.select().from(lessonComments).where(eq(lessonComments.id, input.parentId)).get();
        // Only a comment the person can see, under this lesson, can be answered.
        if (!parent || parent.courseSlug !== place.courseSlug || parent.lessonSlug !== place.lessonSlug || !canSee(user, parent)) throw new AppError(404, 'discussion.unknown');
        parentId = parent.parentId ?? parent.id;
      }
      const inserted = tx.insert(lessonComments).values({ courseSlug: place.courseSlug, lessonSlug: place.lessonSlug, userId: user.id, parentId, body, createdAt: now }).returning({ id: lessonComments.id }).get();
      return inserted.id;
    },
    { behavior: 'immediate' },
  );
}

export interface ShownComment {
  id: number;
  authorName: string;
  isOwn: boolean;
  status: Comment['status'];
  rejectReason: string | null;
  body: string;
  createdAt: Date;
  replies: ShownComment[];
}

/** The comments of a lesson this viewer may see, as threads (oldest first), and how many there are. */
export function commentsOfLesson(db: Db, viewer: SessionUser | null | undefined, courseSlug: string, lessonSlug: string): { threads: ShownComment[]; count: number } {
  const rows = db
    .select({ comment: lessonComments, authorName: users.name })
    .from(lessonComments)
    .leftJoin(users, eq(users.id, lessonComments.userId))
    .where(and(eq(lessonComments.courseSlug, courseSlug), eq(lessonComments.lessonSlug, lessonSlug), visibleTo(viewer)))
    .orderBy(asc(lessonComments.createdAt))
    .limit(500)
    .all();
  const shown = (row: (typeof rows)[number]): ShownComment => ({
    id: row.comment.id,
    authorName: row.authorName ?? '',
    isOwn: Boolean(viewer && row.comment.userId === viewer.id),
    status: row.comment.status,
    rejectReason: row.comment.rejectReason,
    body: row.comment.body,
    createdAt: row.comment.createdAt,
    replies: [],
  });
  const tops = new Map<number, ShownComment>();
  for (const row of rows) if (!row.comment.parentId) tops.set(row.comment.id, shown(row));
  // A reply whose top comment the viewer cannot see is not shown either.
  for (const row of rows) if (row.comment.parentId) tops.get(row.comment.parentId)?.replies.push(shown(row));
  const threads = [...tops.values()];
  return { threads, count: threads.reduce((n, t) => n + 1 + t.replies.length, 0) };
}

/** A learner reports an approved comment to the moderators (once per person and comment). */
export function reportComment(db: Db, actor: SessionUser | null | undefined, place: CommentPlace, commentId: number, reason: string): void {
  const user = requireVerifiedUser(actor);
  const comment = db.select().from(lessonComments).where(eq(lessonComments.id, commentId)).get();
  if (!comment || comment.courseSlug !== place.courseSlug || comment.lessonSlug !== place.lessonSlug || !canSee(user, comment) || comment.status !== 'approved') throw new AppError(404, 'discussion.unknown');
  const text = reason.trim().slice(0, 500) || '-';
  db.insert(commentReports).values({ commentId, userId: user.id, reason: text }).onConflictDoUpdate({ target: [commentReports.commentId, commentReports.userId], set: { reason: text, resolvedAt: null } }).run();
}

/** For /moderate: pending comments (oldest first) and approved comments with open reports. */
export function moderationQueue(db: Db, actor: SessionUser | null | undefined) {
  const moderator = requireRole(actor, 'moderator');
  const select = () =>
    db
      .select({ comment: lessonComments, authorName: users.name })
      .from(lessonComments)
      .leftJoin(users, eq(users.id, lessonComments.userId));
  const pending = select().where(and(eq(lessonComments.status, 'pending'), visibleTo(moderator))).orderBy(asc(lessonComments.createdAt)).limit(200).all();
  const reportedIds = db
    .select({ id: commentReports.commentId, reports: count(), reasons: sql<string>`group_concat(${commentReports.reason}, ' | ')` })
    .from(commentReports)
    .where(isNull(commentReports.resolvedAt))
    .groupBy(commentReports.commentId)
    .orderBy(desc(count()))
    .limit(200)
    .all();
  const reported = reportedIds.length
    ? select()
        .where(and(inArray(lessonComments.id, reportedIds.map((r) => r.id)), eq(lessonComments.status, 'approved')))
        .all()
        .map((row) => ({ ...row, ...reportedIds.find((r) => r.id === row.comment.id)! }))
    : [];
  return { pending, reported };
}

export type ModerationAction = { kind: 'approve' } | { kind: 'reject'; reason: string } | { kind: 'keep' };

/**
 * A moderator's decision. Approving publishes the comment and, for a reply, tells the author of
 * the comment it answers; rejecting hides it and tells its author why; keeping closes the reports.
 */
export function moderate(db: Db, actor: SessionUser | null | undefined, commentId: number, action: ModerationAction, baseUrl: string, now = new Date()): void {
  const moderator = requireRole(actor, 'moderator');
  db.transaction((tx) => {
    const comment = tx.select().from(lessonComments).where(eq(lessonComments.id, commentId)).get();
    if (!comment) throw new AppError(404, 'discussion.unknown');
    if (action.kind === 'keep') {
      tx.update(commentReports).set({ resolvedAt: now }).where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt))).run();
      return;
    }
    if (action.kind === 'reject') {
      const reason = action.reason.trim();
      if (reason.length < 3 || reason.length > 500) throw new AppError(422, 'discussion.reasonRequired', 'reason');
      tx.update(lessonComments).set({ status: 'rejected', rejectReason: reason, moderatedBy: moderator.id, moderatedAt: now }).where(eq(lessonComments.id, commentId)).run();
      tx.update(commentReports).set({ resolvedAt: now }).where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt))).run();
      const author = comment.userId ? tx.select().from(users).where(eq(users.id, comment.userId)).get() : undefined;
      if (author?.email) {
        const t = translator(author.language);
        queueMail(tx, { to: author.email, kind: 'comment-rejected', dedupeKey: `comment-rejected:${comment.id}:${now.getTime()}`, subject: t('mail.commentRejected.subject'), text: t('mail.commentRejected.body', { name: author.name, reason, comment: comment.body.slice(0, 500), link: `${baseUrl}/courses/${comment.courseSlug}/${comment.lessonSlug}#comments` }) });
      }
      return;
    }
    if (comment.status === 'approved') return;
    tx.update(lessonComments).set({ status: 'approved', rejectReason: null, moderatedBy: moderator.id, moderatedAt: now }).where(eq(lessonComments.id, commentId)).run();
    // Notifications only now, and only to someone who may see the reply (approved: anyone who reads the lesson).
    const parent = comment.parentId ? tx.select().from(lessonComments).where(eq(lessonComments.id, comment.parentId)).get() : undefined;
    const recipient = parent?.userId && parent.userId !== comment.userId ? tx.select().from(users).where(eq(users.id, parent.userId)).get() : undefined;
    if (recipient?.email && canSee({ id: recipient.id, roles: [] }, { ...comment, status: 'approved' })) {
      const t = translator(recipient.language);
      queueMail(tx, { to: recipient.email, kind: 'comment-reply', dedupeKey: `comment-reply:${comment.id}`, subject: t('mail.commentReply.subject'), text: t('mail.commentReply.body', { name: recipient.name, link: `${baseUrl}/courses/${comment.courseSlug}/${comment.lessonSlug}#comment-${comment.id}` }) });
    }
  });
}

/** A person's own comments, for their data export (through the same visibility rule: their own are theirs to see). */
export function commentsOf(db: DbOrTx, userId: string) {
  return db
    .select({ id: lessonComments.id, course: lessonComments.courseSlug, lesson: lessonComments.lessonSlug, body: lessonComments.body, status: lessonComments.status, rejectReason: lessonComments.rejectReason, createdAt: lessonComments.createdAt })
    .from(lessonComments)
    .where(and(eq(lessonComments.userId, userId), visibleTo({ id: userId, roles: [] })))
    .orderBy(asc(lessonComments.createdAt))
    .all();
}

/** A deleted account takes its comments with it (reports on them go too). */
export function deleteCommentsOf(tx: DbOrTx, userId: string): void {
  tx.delete(lessonComments).where(eq(lessonComments.userId, userId)).run();
}

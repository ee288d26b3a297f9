/**
 * Supervised enrolments: who tutors whom (round robin over the tutors, an admin can reassign), and
 * the learner's control over the lesson mails (pause, resume, unsubscribe with one click).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { accessGrants, enrolments, supervisedEnrolments, userRoles, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireAdmin } from '../auth/admin.ts';
import type { SessionUser } from '../auth/sessions.ts';

export type Supervision = typeof supervisedEnrolments.$inferSelect;

/** The tutor with the fewest active supervised learners (ties: the one who got one least recently). */
export function nextTutor(tx: DbOrTx): string | null {
  const tutors = tx
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'tutor'), sql`${users.deletedAt} is null`))
    .all()
    .map((row) => row.id);
  if (tutors.length === 0) return null;
  const load = new Map(
    tx
      .select({ tutorId: supervisedEnrolments.tutorId, n: count(), last: sql<number>`max(${supervisedEnrolments.createdAt})` })
      .from(supervisedEnrolments)
      .where(and(inArray(supervisedEnrolments.tutorId, tutors), sql`${supervisedEnrolments.status} != 'stopped'`))
      .groupBy(supervisedEnrolments.tutorId)
      .all()
      .map((row) => [row.tutorId, row]),
  );
  return [...tutors].sort((a, b) => (load.get(a)?.n ?? 0) - (load.get(b)?.n ?? 0) || (load.get(a)?.last ?? 0) - (load.get(b)?.last ?? 0) || a.localeCompare(b))[0];
}

/**
 * Starts supervision for a learner (inside the caller's transaction): a tutor, the mail clock
 * (the first lesson is due at once), an unsubscribe token. Starting again changes nothing.
 */
export function startSupervision(tx: DbOrTx, userId: string, courseSlug: string, orderId: string | null, now = new Date()): void {
  tx.insert(enrolments).values({ userId, courseSlug }).onConflictDoNothing().run();
  tx.insert(supervisedEnrolments)
    .values({ userId, courseSlug, orderId, tutorId: nextTutor(tx), nextLessonAt: now, unsubscribeToken: randomBytes(24).toString('base64url') })
    .onConflictDoNothing()
    .run();
}

/** A site admin gives someone a supervised course (access and supervision in one step). */
export function grantSupervision(db: Db, actor: SessionUser | null | undefined, email: string, courseSlug: string, courseSlugs: readonly string[], reason: string): void {
  const admin = requireAdmin(actor);
  const user = db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase())).get();
  if (!user) throw new AppError(422, 'tutoring.unknownLearner', 'email');
  if (!courseSlugs.includes(courseSlug)) throw new AppError(422, 'org.assign.courseUnknown', 'course');
  const text = reason.trim();
  if (!text || text.length > 200) throw new AppError(422, 'tutoring.reasonRequired', 'reason');
  db.transaction((tx) => {
    tx.insert(accessGrants).values({ userId: user.id, courseSlug, grantedBy: admin.id, reason: text }).onConflictDoNothing().run();
    startSupervision(tx, user.id, courseSlug, null);
  });
}

/** An admin moves a learner to another tutor. */
export function reassignTutor(db: Db, actor: SessionUser | null | undefined, userId: string, courseSlug: string, tutorId: string): void {
  requireAdmin(actor);
  const isTutor = db.select({ role: userRoles.role }).from(userRoles).where(and(eq(userRoles.userId, tutorId), eq(userRoles.role, 'tutor'))).get();
  if (!isTutor) throw new AppError(422, 'tutoring.notATutor', 'tutor');
  const result = db.update(supervisedEnrolments).set({ tutorId }).where(and(eq(supervisedEnrolments.userId, userId), eq(supervisedEnrolments.courseSlug, courseSlug))).run();
  if (result.changes === 0) throw new AppError(404, 'error.notFound');
}

/** Every supervised enrolment with learner and tutor names, for the admin page. */
export function listSupervisions(db: Db, actor: SessionUser | null | undefined) {
  requireAdmin(actor);
  const tutor = sql<string | null>`(select name from users t where t.id = ${supervisedEnrolments.tutorId})`;
  return db
    .select({ supervision: supervisedEnrolments, learner: users.name, email: users.email, tutor })
    .from(supervisedEnrolments)
    .innerJoin(users, eq(users.id, supervisedEnrolments.userId))
    .orderBy(asc(supervisedEnrolments.createdAt))
    .limit(500)
    .all();
}

export function tutorsList(db: Db) {
  return db.select({ id: users.id, name: users.name }).from(userRoles).innerJoin(users, eq(users.id, userRoles.userId)).where(eq(userRoles.role, 'tutor')).all();
}

/** A learner's supervised courses, for their preferences page. */
export function supervisionsOf(db: Db, userId: string): Supervision[] {
  return db.select().from(supervisedEnrolments).where(eq(supervisedEnrolments.userId, userId)).orderBy(asc(supervisedEnrolments.createdAt)).all();
}

function own(db: Db, user: SessionUser, courseSlug: string): Supervision {
  const row = db.select().from(supervisedEnrolments).where(and(eq(supervisedEnrolments.userId, user.id), eq(supervisedEnrolments.courseSlug, courseSlug))).get();
  if (!row) throw new AppError(404, 'error.notFound');
  return row;
}

/**
 * Pause and resume shift the clock: the time spent paused is added to the next lesson's time, so
 * a holiday does not bring a pile of lessons afterwards.
 */
export function setPaused(db: Db, user: SessionUser, courseSlug: string, paused: boolean, now = new Date()): void {
  const row = own(db, user, courseSlug);
  if (row.status === 'stopped') throw new AppError(409, 'tutoring.stopped');
  if (paused && row.status === 'active') {
    db.update(supervisedEnrolments).set({ status: 'paused', pausedAt: now }).where(and(eq(supervisedEnrolments.userId, user.id), eq(supervisedEnrolments.courseSlug, courseSlug))).run();
  } else if (!paused && row.status === 'paused') {
    const shift = now.getTime() - (row.pausedAt?.getTime() ?? now.getTime());
    const next = row.nextLessonAt ? new Date(row.nextLessonAt.getTime() + shift) : now;
    db.update(supervisedEnrolments).set({ status: 'active', pausedAt: null, nextLessonAt: next }).where(and(eq(supervisedEnrolments.userId, user.id), eq(supervisedEnrolments.courseSlug, courseSlug))).run();
  }
}

/** One-click unsubscribe (RFC 8058): the token in the mail stops that course's lesson mails; the tutor stays. */
export function unsubscribe(db: DbOrTx, token: string): boolean {
  if (!token || token.length > 100) return false;
  return db.update(supervisedEnrolments).set({ status: 'stopped', stopReason: 'unsubscribed' }).where(and(eq(supervisedEnrolments.unsubscribeToken, token), sql`${supervisedEnrolments.status} != 'stopped'`)).run().changes === 1;
}

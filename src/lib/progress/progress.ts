/**
 * Enrolment, access, saving task answers and completing a course. Writes are transactional and
 * idempotent: the same form sent twice, or by two tabs at once, leaves one consistent record.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { accessGrants, courseCompletions, enrolments, quizAttempts, taskResponses } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { requireActiveUser, requireAdmin } from '../auth/admin.ts';
import type { QuizResult, TaskEvaluation } from '../courses/task-answers.ts';
import type { CourseStructure } from '../courses/structure.ts';
import { finalUnlocked } from './final-lesson.ts';
import { issueCertificate } from '../certificates/certificates.ts';

/** The one entitlement check every page uses: may this person open the course's lessons? */
export function hasAccess(db: Db, user: SessionUser | null | undefined, course: CourseStructure): boolean {
  if (!user) return false;
  if (course.free || user.roles.includes('admin')) return true;
  return Boolean(db.select().from(accessGrants).where(and(eq(accessGrants.userId, user.id), eq(accessGrants.courseSlug, course.slug))).get());
}

/**
 * A site admin gives someone a course (until payments exist, and for exceptions afterwards).
 * The reason is required, 1 to 200 characters; the course must exist (`courseSlugs`).
 */
export function grantAccess(db: Db, actor: SessionUser | null | undefined, userId: string, courseSlug: string, reason: string, courseSlugs: readonly string[]): void {
  const admin = requireAdmin(actor);
  requireActiveUser(db, userId);
  const text = reason.trim();
  if (!courseSlugs.includes(courseSlug) || !text || text.length > 200) throw new AppError(422, 'task.fixErrors');
  db.insert(accessGrants).values({ userId, courseSlug, grantedBy: admin.id, reason: text }).onConflictDoUpdate({ target: [accessGrants.userId, accessGrants.courseSlug], set: { reason: text, grantedBy: admin.id } }).run();
}

export function isEnrolled(db: Db, userId: string, courseSlug: string): boolean {
  return Boolean(db.select().from(enrolments).where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, courseSlug))).get());
}

/** Enrols once; enrolling again changes nothing. */
export function enrol(db: Db, user: SessionUser, course: CourseStructure): void {
  if (!user.emailVerified) throw new AppError(403, 'error.verifyFirst');
  if (!hasAccess(db, user, course)) throw new AppError(403, 'error.noAccess');
  db.insert(enrolments).values({ userId: user.id, courseSlug: course.slug }).onConflictDoNothing().run();
}

function requireEnrolment(db: Db, user: SessionUser, course: CourseStructure): void {
  if (!hasAccess(db, user, course)) throw new AppError(403, 'error.noAccess');
  if (!isEnrolled(db, user.id, course.slug)) throw new AppError(403, 'error.enrolFirst');
}

function finalOpenFor(db: Db, userId: string, course: CourseStructure): boolean {
  return finalUnlocked(new Set(responsesOf(db, userId, course.slug).map((r) => r.taskId)), course, Boolean(completionOf(db, userId, course.slug)));
}

/** Saves a valid answer to one task (the evaluation must be ok). */
export function saveTaskResponse(db: Db, user: SessionUser, course: CourseStructure, lessonSlug: string, evaluation: TaskEvaluation, now = new Date()): void {
  requireEnrolment(db, user, course);
  if (!evaluation.ok) throw new AppError(422, 'task.fixErrors');
  const lesson = lessonSlug === 'final' ? course.final : course.lessons.find((l) => l.slug === lessonSlug);
  if (!lesson || !lesson.taskIds.includes(evaluation.taskId)) throw new AppError(400, 'error.unknownTask');
  if (lessonSlug === 'final' && !finalOpenFor(db, user.id, course)) throw new AppError(403, 'error.finalLocked');
  const quiz = evaluation.quiz;
  const answer = quiz ? evaluation.values.answers : evaluation.values;
  db.transaction((tx) => {
    if (quiz) {
      tx.insert(quizAttempts).values({ userId: user.id, courseSlug: course.slug, lessonSlug, taskId: evaluation.taskId, answers: answer, score: quiz.score, total: quiz.total, percent: quiz.percent }).run();
    }
    tx.insert(taskResponses)
      .values({ userId: user.id, courseSlug: course.slug, lessonSlug, taskId: evaluation.taskId, kind: evaluation.kind, answer, score: quiz?.score ?? null, bestScore: quiz?.score ?? null, total: quiz?.total ?? null, completedAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [taskResponses.userId, taskResponses.courseSlug, taskResponses.taskId],
        set: {
          lessonSlug,
          kind: evaluation.kind,
          answer,
          score: quiz?.score ?? null,
          bestScore: quiz ? sql`max(coalesce(${taskResponses.bestScore}, 0), ${quiz.score})` : null,
          total: quiz?.total ?? null,
          attempts: sql`${taskResponses.attempts} + 1`,
          updatedAt: now,
        },
      })
      .run();
  });
}

export function responsesOf(db: Db, userId: string, courseSlug: string) {
  return db.select().from(taskResponses).where(and(eq(taskResponses.userId, userId), eq(taskResponses.courseSlug, courseSlug))).all();
}

/**
 * Records a final-assessment attempt; a pass completes the course and issues the certificate in
 * the same transaction, so a learner never has a completion without the certificate it earned.
 */
export function submitFinalAssessment(db: Db, user: SessionUser, course: CourseStructure, result: QuizResult, answers: unknown, now = new Date()): { passed: boolean; newlyCompleted: boolean; certificateId: string | null } {
  requireEnrolment(db, user, course);
  if (!finalOpenFor(db, user.id, course)) throw new AppError(403, 'error.finalLocked');
  const passed = result.percent >= course.final.passMark;
  return db.transaction((tx) => {
    tx.insert(quizAttempts).values({ userId: user.id, courseSlug: course.slug, lessonSlug: 'final', taskId: 'final-assessment', answers, score: result.score, total: result.total, percent: result.percent, passed }).run();
    const newlyCompleted = passed ? completeCourse(tx, user.id, course, result.percent, now) : false;
    // Also on a later, better attempt: the certificate may ask for more than the pass mark.
    const certificateId = passed ? issueCertificate(tx, user.id, course, result.percent, now) : null;
    return { passed, newlyCompleted, certificateId };
  });
}

/** Marks the course completed once; a second call (a double submit) changes nothing. */
export function completeCourse(db: DbOrTx, userId: string, course: CourseStructure, finalPercent: number, now = new Date()): boolean {
  const inserted = db.insert(courseCompletions).values({ userId, courseSlug: course.slug, courseVersion: course.version, finalPercent, completedAt: now }).onConflictDoNothing().run();
  return inserted.changes === 1;
}

export function completionOf(db: Db, userId: string, courseSlug: string) {
  return db.select().from(courseCompletions).where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseSlug, courseSlug))).get() ?? null;
}

export function enrolmentsOf(db: Db, userId: string) {
  return db.select().from(enrolments).where(eq(enrolments.userId, userId)).all();
}

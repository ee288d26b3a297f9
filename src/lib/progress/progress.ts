/**
 * Enrolment, access, saving task answers and completing a course. Writes are transactional and
 * idempotent: the same form sent twice, or by two tabs at once, leaves one consistent record.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { accessGrants, courseCompletions, enrolments, entitlements, organisationMembers, quizAttempts, supervisedEnrolments, taskResponses, taskReviews } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { requireActiveUser, requireAdmin } from '../auth/admin.ts';
import type { QuizResult, TaskEvaluation } from '../courses/task-answers.ts';
import type { CourseStructure } from '../courses/structure.ts';
import { doneTaskIds, finalUnlocked } from './final-lesson.ts';
import { attemptWindow, bestPass, clearDraw, FINAL_TASK_ID, pauseError } from './final-attempts.ts';
import { issueCertificate } from '../certificates/certificates.ts';

/** The one entitlement check every page uses: may this person open the course's lessons? */
export function hasAccess(db: Db, user: SessionUser | null | undefined, course: CourseStructure): boolean {
  if (!user) return false;
  if (course.free || user.roles.includes('admin')) return true;
  if (db.select().from(accessGrants).where(and(eq(accessGrants.userId, user.id), eq(accessGrants.courseSlug, course.slug))).get()) return true;
  // Bought (an eCourse or a supervised course) and not refunded.
  const bought = db
    .select({ id: entitlements.id })
    .from(entitlements)
    .where(and(eq(entitlements.userId, user.id), eq(entitlements.courseSlug, course.slug), inArray(entitlements.kind, ['course', 'supervised']), isNull(entitlements.revokedAt)))
    .get();
  return Boolean(bought) || holdsSeatFor(db, user.id, course.slug);
}

/** A seat in an organisation the person is an active member of: a pool seat (every course) or one for this course. */
function holdsSeatFor(db: Db, userId: string, courseSlug: string): boolean {
  return Boolean(
    db
      .select({ seat: organisationMembers.seat })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.userId, userId), isNull(organisationMembers.removedAt), inArray(organisationMembers.seat, ['*', courseSlug])))
      .get(),
  );
}

/** Lessons the reader bought as single PDFs in a course (not refunded). */
export function boughtLessonPdfs(db: Db, user: SessionUser | null | undefined, courseSlug: string): Set<string> {
  if (!user) return new Set();
  const rows = db
    .select({ lessonSlug: entitlements.lessonSlug })
    .from(entitlements)
    .where(and(eq(entitlements.userId, user.id), eq(entitlements.courseSlug, courseSlug), eq(entitlements.kind, 'lesson-pdf'), isNull(entitlements.revokedAt)))
    .all();
  return new Set(rows.map((row) => row.lessonSlug ?? ''));
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

/** Enrols a buyer once their payment granted the course (inside the payment's transaction). */
export function enrolAfterPurchase(tx: DbOrTx, userId: string, courseSlug: string): void {
  tx.insert(enrolments).values({ userId, courseSlug }).onConflictDoNothing().run();
}

function requireEnrolment(db: Db, user: SessionUser, course: CourseStructure): void {
  if (!hasAccess(db, user, course)) throw new AppError(403, 'error.noAccess');
  if (!isEnrolled(db, user.id, course.slug)) throw new AppError(403, 'error.enrolFirst');
}

function finalOpenFor(db: Db, userId: string, course: CourseStructure): boolean {
  return finalUnlocked(doneTaskIds(course, responsesOf(db, userId, course.slug)), course, Boolean(completionOf(db, userId, course.slug)));
}

/** Saves a valid answer to one task (the evaluation must be ok). */
/**
 * Saves a valid answer to one task (the evaluation must be ok). Saving the final lesson's closing
 * task after a passed final assessment completes the course and issues the certificate; the id is
 * returned then.
 */
export function saveTaskResponse(db: Db, user: SessionUser, course: CourseStructure, lessonSlug: string, evaluation: TaskEvaluation, now = new Date()): { certificateId: string | null } {
  requireEnrolment(db, user, course);
  if (!evaluation.ok) throw new AppError(422, 'task.fixErrors');
  const lesson = lessonSlug === 'final' ? course.final : course.lessons.find((l) => l.slug === lessonSlug);
  if (!lesson || !lesson.taskIds.includes(evaluation.taskId)) throw new AppError(400, 'error.unknownTask');
  if (lessonSlug === 'final' && !finalOpenFor(db, user.id, course)) throw new AppError(403, 'error.finalLocked');
  const quiz = evaluation.quiz;
  const answer = quiz ? evaluation.values.answers : evaluation.values;
  return db.transaction((tx) => {
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
    tx.update(enrolments)
      .set({ tasksDone: sql`(select count(*) from ${taskResponses} where ${taskResponses.userId} = ${user.id} and ${taskResponses.courseSlug} = ${course.slug})` })
      .where(and(eq(enrolments.userId, user.id), eq(enrolments.courseSlug, course.slug)))
      .run();
    // The closing task was the last thing missing after a pass: the course is complete now.
    const passed = lessonSlug === 'final' && !completionOf(tx, user.id, course.slug) ? bestPass(tx, user.id, course.slug) : null;
    return { certificateId: passed === null ? null : completeWithCertificate(tx, user.id, course, passed, now) };
  });
}

/** Whether the final lesson's closing task is done (completion needs it as well as the pass). */
function closingTaskDone(db: DbOrTx, userId: string, course: CourseStructure): boolean {
  const id = course.final.taskIds[0];
  return Boolean(db.select({ taskId: taskResponses.taskId }).from(taskResponses).where(and(eq(taskResponses.userId, userId), eq(taskResponses.courseSlug, course.slug), eq(taskResponses.taskId, id))).get());
}

/** Completes the course once and issues the certificate the result earns (inside the caller's transaction). */
function completeWithCertificate(tx: DbOrTx, userId: string, course: CourseStructure, percent: number, now: Date): string | null {
  completeCourse(tx, userId, course, percent, now);
  return issueCertificate(tx, userId, course, percent, now);
}

/**
 * A learner's saved answers in a course. In a supervised enrolment, practice and reflection work
 * whose latest review is not "accepted" is marked as awaiting review, so it does not count as done.
 */
export function responsesOf(db: DbOrTx, userId: string, courseSlug: string) {
  const rows = db.select().from(taskResponses).where(and(eq(taskResponses.userId, userId), eq(taskResponses.courseSlug, courseSlug))).all();
  if (!isSupervised(db, userId, courseSlug)) return rows;
  const latest = new Map<string, string>();
  for (const review of db.select({ taskId: taskReviews.taskId, verdict: taskReviews.verdict }).from(taskReviews).where(and(eq(taskReviews.userId, userId), eq(taskReviews.courseSlug, courseSlug))).orderBy(taskReviews.createdAt).all()) {
    latest.set(review.taskId, review.verdict);
  }
  return rows.map((row) => ((row.kind === 'practice' || row.kind === 'reflection') && latest.get(row.taskId) !== 'accepted' ? { ...row, awaitingReview: true } : row));
}

/** Whether the learner takes this course supervised (a tutor reviews their work). */
export function isSupervised(db: DbOrTx, userId: string, courseSlug: string): boolean {
  return Boolean(db.select({ userId: supervisedEnrolments.userId }).from(supervisedEnrolments).where(and(eq(supervisedEnrolments.userId, userId), eq(supervisedEnrolments.courseSlug, courseSlug))).get());
}

/**
 * Records a final-assessment attempt. Attempts are limited (a few, then a pause: see
 * final-attempts.ts). A pass completes the course and issues the certificate in the same
 * transaction once the closing task is done too; until then the pass waits for it.
 */
export function submitFinalAssessment(
  db: Db,
  user: SessionUser,
  course: CourseStructure,
  result: QuizResult,
  answers: unknown,
  now = new Date(),
): { passed: boolean; newlyCompleted: boolean; certificateId: string | null; awaitingClosingTask: boolean; attemptId: number } {
  requireEnrolment(db, user, course);
  if (!finalOpenFor(db, user.id, course)) throw new AppError(403, 'error.finalLocked');
  const passed = result.percent >= course.final.passMark;
  return db.transaction((tx) => {
    const pause = pauseError(attemptWindow(tx, user.id, course, now), now);
    if (pause) throw pause;
    const { attemptId } = tx
      .insert(quizAttempts)
      .values({ userId: user.id, courseSlug: course.slug, lessonSlug: 'final', taskId: FINAL_TASK_ID, answers, score: result.score, total: result.total, percent: result.percent, passed, createdAt: now })
      .returning({ attemptId: quizAttempts.id })
      .get();
    clearDraw(tx, user.id, course.slug);
    if (!passed) return { passed, newlyCompleted: false, certificateId: null, awaitingClosingTask: false, attemptId };
    if (!closingTaskDone(tx, user.id, course)) return { passed, newlyCompleted: false, certificateId: null, awaitingClosingTask: true, attemptId };
    const newlyCompleted = completeCourse(tx, user.id, course, result.percent, now);
    // Also on a later, better attempt: the certificate may ask for more than the pass mark.
    const certificateId = issueCertificate(tx, user.id, course, result.percent, now);
    return { passed, newlyCompleted, certificateId, awaitingClosingTask: false, attemptId };
  });
}

/** Marks the course completed once; a second call (a double submit) changes nothing. */
export function completeCourse(db: DbOrTx, userId: string, course: CourseStructure, finalPercent: number, now = new Date()): boolean {
  const inserted = db.insert(courseCompletions).values({ userId, courseSlug: course.slug, courseVersion: course.version, finalPercent, completedAt: now }).onConflictDoNothing().run();
  return inserted.changes === 1;
}

export function completionOf(db: DbOrTx, userId: string, courseSlug: string) {
  return db.select().from(courseCompletions).where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseSlug, courseSlug))).get() ?? null;
}

/** The courses a learner has completed. */
export function completedCourseSlugs(db: Db, userId: string): string[] {
  return db.select({ slug: courseCompletions.courseSlug }).from(courseCompletions).where(eq(courseCompletions.userId, userId)).all().map((row) => row.slug);
}

export function enrolmentsOf(db: Db, userId: string) {
  return db.select().from(enrolments).where(eq(enrolments.userId, userId)).all();
}

/** One of a learner's own final-assessment attempts (to show its result again after the redirect). */
export function finalAttemptOf(db: Db, userId: string, courseSlug: string, attemptId: number) {
  return (
    db
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), eq(quizAttempts.taskId, FINAL_TASK_ID)))
      .get() ?? null
  );
}

/**
 * Tutor reviews. A tutor sees the practice and reflection work of their own supervised learners
 * that waits for an answer (oldest first, with how long it has waited and when it is due), claims
 * one for a while so no one else answers it at the same time, and answers with Markdown feedback
 * and a verdict. The learner is mailed and sees the feedback on the lesson; accepted work counts
 * as done. Learners see only their own feedback; tutors only their own learners' work.
 */
import { and, eq, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { reviewClaims, supervisedEnrolments, taskResponses, taskReviews, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { queueMail } from '../mail/outbox.ts';
import { translator } from '../i18n/ui.ts';
import { hasRole, requireRole } from '../auth/guards.ts';
import type { SessionUser } from '../auth/sessions.ts';

export const CLAIM_MINUTES = 30;
export const MAX_FEEDBACK_LENGTH = 5000;

export interface Submission {
  learnerId: string;
  learnerName: string;
  courseSlug: string;
  lessonSlug: string;
  taskId: string;
  kind: 'practice' | 'reflection';
  answer: { text?: string; link?: string };
  /** The saved version this is (seconds): a review answers exactly this version. */
  version: number;
  submittedAt: Date;
  claimedBy: string | null;
  claimedByMe: boolean;
}

/** Practice and reflection work (`r`, task_responses) whose saved version no review has answered yet. */
const AWAITS_REVIEW = `r.kind in ('practice', 'reflection')
  and not exists (select 1 from task_reviews v where v.user_id = r.user_id and v.course_slug = r.course_slug and v.task_id = r.task_id and v.response_updated_at >= r.updated_at)`;

/** Review targets per course, in hours (from course.yaml `supervision.reviewHours`). */
export type ReviewHours = ReadonlyMap<string, number>;

/** What waits for this tutor (an admin sees every tutor's queue). */
export function waitingSubmissions(db: Db, actor: SessionUser | null | undefined, now = new Date()): Submission[] {
  const tutor = requireRole(actor, 'tutor');
  const everyone = !tutor.roles.includes('tutor') && hasRole(tutor, 'admin');
  const rows = db.$client
    .prepare(
      `select r.user_id, u.name, r.course_slug, r.lesson_slug, r.task_id, r.kind, r.answer, r.updated_at, c.tutor_id
       from task_responses r
       join supervised_enrolments s on s.user_id = r.user_id and s.course_slug = r.course_slug
       join users u on u.id = r.user_id
       left join review_claims c on c.user_id = r.user_id and c.course_slug = r.course_slug and c.task_id = r.task_id and c.expires_at > @now
       where (@everyone = 1 or s.tutor_id = @tutor) and ${AWAITS_REVIEW}
       order by r.updated_at asc limit 300`,
    )
    .raw(true)
    .all({ now: Math.floor(now.getTime() / 1000), everyone: everyone ? 1 : 0, tutor: tutor.id }) as [string, string, string, string, string, 'practice' | 'reflection', string, number, string | null][];
  return rows.map(([learnerId, learnerName, courseSlug, lessonSlug, taskId, kind, answer, updatedAt, claimedBy]) => ({
    learnerId,
    learnerName,
    courseSlug,
    lessonSlug,
    taskId,
    kind,
    answer: JSON.parse(answer) as Submission['answer'],
    version: updatedAt,
    submittedAt: new Date(updatedAt * 1000),
    claimedBy,
    claimedByMe: claimedBy === tutor.id,
  }));
}

/** The supervised enrolment behind a submission, if this tutor may answer it. */
function requireOwnLearner(db: Db, tutor: SessionUser, learnerId: string, courseSlug: string) {
  const row = db.select().from(supervisedEnrolments).where(and(eq(supervisedEnrolments.userId, learnerId), eq(supervisedEnrolments.courseSlug, courseSlug))).get();
  // Another tutor's learner looks like no learner at all.
  if (!row || (row.tutorId !== tutor.id && !tutor.roles.includes('admin'))) throw new AppError(404, 'tutoring.unknownSubmission');
  return row;
}

/** Holds a submission for CLAIM_MINUTES; refused while another tutor holds it. */
export function claimSubmission(db: Db, actor: SessionUser | null | undefined, key: { learnerId: string; courseSlug: string; taskId: string }, now = new Date()): void {
  const tutor = requireRole(actor, 'tutor');
  requireOwnLearner(db, tutor, key.learnerId, key.courseSlug);
  const expiresAt = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
  const result = db
    .insert(reviewClaims)
    .values({ userId: key.learnerId, courseSlug: key.courseSlug, taskId: key.taskId, tutorId: tutor.id, expiresAt })
    .onConflictDoUpdate({ target: [reviewClaims.userId, reviewClaims.courseSlug, reviewClaims.taskId], set: { tutorId: tutor.id, expiresAt }, setWhere: or(eq(reviewClaims.tutorId, tutor.id), lte(reviewClaims.expiresAt, now)) })
    .run();
  if (result.changes === 0) throw new AppError(409, 'tutoring.claimedByOther');
}

/**
 * Answers one version of a submission. If the learner saved a newer version meanwhile, nothing is
 * stored and the tutor is told to look again. The learner gets a mail with the verdict.
 */
export function reviewSubmission(
  db: Db,
  actor: SessionUser | null | undefined,
  input: { learnerId: string; courseSlug: string; taskId: string; version: number; verdict: string; feedback: string },
  baseUrl: string,
  now = new Date(),
): void {
  const tutor = requireRole(actor, 'tutor');
  if (input.verdict !== 'accepted' && input.verdict !== 'needs-revision') throw new AppError(422, 'tutoring.verdictRequired', 'verdict');
  const feedback = input.feedback.replace(/\r\n/g, '\n').trim();
  if (feedback.length < 10 || feedback.length > MAX_FEEDBACK_LENGTH) throw new AppError(422, 'tutoring.feedbackLength', 'feedback', undefined, { max: MAX_FEEDBACK_LENGTH });
  db.transaction(
    (tx) => {
      requireOwnLearner(db, tutor, input.learnerId, input.courseSlug);
      const response = tx.select().from(taskResponses).where(and(eq(taskResponses.userId, input.learnerId), eq(taskResponses.courseSlug, input.courseSlug), eq(taskResponses.taskId, input.taskId))).get();
      if (!response || (response.kind !== 'practice' && response.kind !== 'reflection')) throw new AppError(404, 'tutoring.unknownSubmission');
      if (Math.floor(response.updatedAt.getTime() / 1000) !== input.version) throw new AppError(409, 'tutoring.changedMeanwhile');
      const claim = tx.select().from(reviewClaims).where(and(eq(reviewClaims.userId, input.learnerId), eq(reviewClaims.courseSlug, input.courseSlug), eq(reviewClaims.taskId, input.taskId))).get();
      if (claim && claim.tutorId !== tutor.id && claim.expiresAt > now) throw new AppError(409, 'tutoring.claimedByOther');
      const already = tx
        .select({ id: taskReviews.id })
        .from(taskReviews)
        .where(and(eq(taskReviews.userId, input.learnerId), eq(taskReviews.courseSlug, input.courseSlug), eq(taskReviews.taskId, input.taskId), sql`${taskReviews.responseUpdatedAt} >= ${Math.floor(response.updatedAt.getTime() / 1000)}`))
        .get();
      // A double submit (or a colleague who was faster) changes nothing.
      if (already) return;
      const review = tx
        .insert(taskReviews)
        .values({ userId: input.learnerId, courseSlug: input.courseSlug, taskId: input.taskId, lessonSlug: response.lessonSlug, tutorId: tutor.id, verdict: input.verdict as 'accepted' | 'needs-revision', feedback, responseUpdatedAt: response.updatedAt, createdAt: now })
        .returning({ id: taskReviews.id })
        .get();
      tx.delete(reviewClaims).where(and(eq(reviewClaims.userId, input.learnerId), eq(reviewClaims.courseSlug, input.courseSlug), eq(reviewClaims.taskId, input.taskId))).run();
      const learner = tx.select().from(users).where(eq(users.id, input.learnerId)).get();
      if (learner?.email) {
        const t = translator(learner.language);
        queueMail(tx, {
          to: learner.email,
          kind: 'review',
          dedupeKey: `review:${review.id}`,
          subject: t(input.verdict === 'accepted' ? 'mail.review.acceptedSubject' : 'mail.review.revisionSubject'),
          text: t('mail.review.body', { name: learner.name, tutor: tutor.name, verdict: input.verdict === 'accepted' ? 'accepted' : 'revision', feedback, link: `${baseUrl}/courses/${input.courseSlug}/${response.lessonSlug}#task-${input.taskId}` }),
        });
      }
    },
    { behavior: 'immediate' },
  );
}

/**
 * The daily digest: each tutor with waiting work gets one mail a day saying how much waits and
 * for how long the oldest has waited (a mail per tutor and day at most).
 */
export function queueTutorDigests(db: Db, baseUrl: string, now = new Date()): number {
  const rows = db.$client
    .prepare(
      `select s.tutor_id, count(*), min(r.updated_at)
       from task_responses r join supervised_enrolments s on s.user_id = r.user_id and s.course_slug = r.course_slug
       where s.tutor_id is not null and ${AWAITS_REVIEW}
       group by s.tutor_id`,
    )
    .raw(true)
    .all() as [string, number, number][];
  let queued = 0;
  const day = now.toISOString().slice(0, 10);
  for (const [tutorId, waiting, oldest] of rows) {
    const tutor = db.select().from(users).where(eq(users.id, tutorId)).get();
    if (!tutor?.email) continue;
    const t = translator(tutor.language);
    const hours = Math.max(0, Math.round((now.getTime() / 1000 - oldest) / 3600));
    if (queueMail(db, { to: tutor.email, kind: 'tutor-digest', dedupeKey: `tutor-digest:${tutorId}:${day}`, subject: t('mail.tutorDigest.subject', { count: waiting }), text: t('mail.tutorDigest.body', { name: tutor.name, count: waiting, hours, link: `${baseUrl}/tutor` }) })) queued++;
  }
  return queued;
}

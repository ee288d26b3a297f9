/**
 * Everything the lesson page needs about the reader: may they read it, what they have done,
 * and what happens when they send a task. Keeps the page itself thin.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { taskReviews } from '../db/schema.ts';
import { renderMarkdown } from '../http/markdown.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { AppError } from '../http/errors.ts';
import { ASSESSMENT_FIELD_VALUE, evaluateLessonSubmission, type LessonSubmission } from '../courses/lesson-submission.ts';
import { formFromAnswers } from '../courses/task-answers.ts';
import type { FinalLessonMeta, LessonMeta, QuizQuestion } from '../courses/schema.ts';
import { completionOf, finalAttemptOf, hasAccess, isEnrolled, isSupervised, responsesOf, saveTaskResponse, submitFinalAssessment } from './progress.ts';
import { summarizeProgress, type CourseProgress } from './summary.ts';
import { attemptWindow, currentQuestions, pauseError } from './final-attempts.ts';
import { isFinalLesson } from '../courses/catalogue.ts';
import { doneTaskIds, finalOpenTo } from './final-lesson.ts';
import { openToVisitors, type CourseStructure } from '../courses/structure.ts';
import { certificateOf, type Certificate } from '../certificates/certificates.ts';

export interface StoredAnswer {
  values: { text?: string; link?: string; items?: number[]; answers?: Record<string, number[]> };
  bestScore: number | null;
  total: number | null;
  /** Counts as done (a quiz: its best attempt reached the pass mark). */
  done: boolean;
  /** Supervised courses: the work waits for the tutor's review. */
  awaitingReview?: boolean;
  /** Supervised courses: the tutor's latest answer to this work (feedback as safe HTML). */
  review?: { verdict: 'accepted' | 'needs-revision'; feedbackHtml: string; at: Date; responseUpdatedAt: Date };
}

export interface LessonState {
  /** May read the lesson: the first lesson is an open preview; the rest need access. */
  canRead: boolean;
  /** Has the course itself (free, bought or granted), not only the open preview: may download PDFs. */
  access: boolean;
  enrolled: boolean;
  /** Final lesson only: all regular lessons are done (admins may always look). */
  finalOpen: boolean;
  progress: CourseProgress | null;
  stored: Record<string, StoredAnswer>;
  /** Final lesson only: the learner's certificate for this course, once they hold one. */
  certificate: Certificate | null;
}

export function lessonState(db: Db, user: SessionUser | null, course: CourseStructure, lessonSlug: string): LessonState {
  const { access, enrolled, progress, responses } = courseState(db, user, course);
  const stored: Record<string, StoredAnswer> = {};
  const lessonTaskIds = new Set(lessonSlug === 'final' ? course.final.taskIds : (course.lessons.find((l) => l.slug === lessonSlug)?.taskIds ?? []));
  const done = doneTaskIds(course, responses);
  for (const r of responses.filter((r) => lessonTaskIds.has(r.taskId))) {
    stored[r.taskId] = { values: (r.kind === 'quiz' ? { answers: r.answer } : r.answer) as StoredAnswer['values'], bestScore: r.bestScore, total: r.total, done: done.has(r.taskId) };
  }
  // Supervised: the tutor's latest answer, and whether the saved version still waits for one.
  if (user && responses.length && isSupervised(db, user.id, course.slug)) {
    const reviews = latestReviews(db, user.id, course.slug, lessonTaskIds);
    for (const r of responses.filter((r) => lessonTaskIds.has(r.taskId) && (r.kind === 'practice' || r.kind === 'reflection'))) {
      const review = reviews.get(r.taskId);
      stored[r.taskId].review = review;
      stored[r.taskId].awaitingReview = !review || review.responseUpdatedAt < r.updatedAt;
    }
  }
  return {
    canRead: course.free || access || openToVisitors(course, lessonSlug),
    access,
    enrolled,
    finalOpen: finalOpenTo(user, progress),
    progress,
    stored,
    certificate: user && lessonSlug === 'final' ? certificateOf(db, user.id, course.slug) : null,
  };
}

export interface LessonPostOutcome {
  submission: LessonSubmission;
  /** Saved to the learner's progress. */
  saved: boolean;
  /** Final assessment: passed, and whether this attempt completed the course. */
  passed?: boolean;
  /** The certificate this submission issued (a pass, or the closing task after a pass) or that the learner already held. */
  certificateId?: string | null;
  /** Final assessment passed, but the closing task is still missing. */
  awaitingClosingTask?: boolean;
  /** Failed final attempt: lessons whose questions were answered wrongly (untagged questions add none). */
  revisit?: string[];
  /** Final assessment: the attempt this submission recorded. */
  attemptId?: number;
  error?: AppError;
  status: number;
}

/**
 * The outcome of a final-assessment attempt the learner sent earlier, graded again from what was
 * stored, so the page after the redirect shows what the POST would have shown. Null when the
 * attempt is not this learner's. Also returns the attempt's questions, to show them as graded.
 */
export function storedFinalOutcome(db: Db, user: SessionUser, course: CourseStructure, meta: FinalLessonMeta, attemptId: number): { outcome: LessonPostOutcome; questions: QuizQuestion[] } | null {
  const attempt = finalAttemptOf(db, user.id, course.slug, attemptId);
  if (!attempt) return null;
  const answers = attempt.answers as Record<string, number[]>;
  const questions = meta.assessment.questions.filter((q) => q.id in answers);
  const submission = evaluateLessonSubmission(meta, formFromAnswers(ASSESSMENT_FIELD_VALUE, answers), questions);
  if (submission.type !== 'assessment') return null;
  const wrong = new Set((submission.evaluation.result?.questions ?? []).filter((q) => !q.correct).map((q) => q.id));
  const certificate = certificateOf(db, user.id, course.slug);
  // "Issued now" only when the certificate came with this attempt (or the closing task right after it).
  const issuedWithIt = certificate && Math.abs(certificate.createdAt.getTime() - attempt.createdAt.getTime()) < 60_000 ? certificate.id : null;
  const passed = Boolean(attempt.passed);
  return {
    questions,
    outcome: {
      submission,
      saved: true,
      passed,
      certificateId: issuedWithIt,
      awaitingClosingTask: passed && !completionOf(db, user.id, course.slug),
      revisit: passed ? [] : [...new Set(questions.filter((q) => wrong.has(q.id) && q.lesson).map((q) => q.lesson!))],
      attemptId,
      status: 200,
    },
  };
}

/** Evaluates what was sent and, for an enrolled learner, saves it. */
export function handleLessonPost(db: Db, user: SessionUser | null, course: CourseStructure, lessonSlug: string, meta: LessonMeta | FinalLessonMeta, form: FormData): LessonPostOutcome {
  // The final assessment is graded against the questions this learner's attempt drew.
  const questions = isFinalLesson(meta) ? currentQuestions(db, user?.id ?? null, course.slug, meta.assessment) : undefined;
  const submission = evaluateLessonSubmission(meta, form, questions);
  if (submission.type === 'unknown-task') return { submission, saved: false, status: 400 };
  // While the learner pauses after their failed attempts, nothing is graded, so nothing can be learned from it.
  const pause = submission.type === 'assessment' && user && isEnrolled(db, user.id, course.slug) ? pauseError(attemptWindow(db, user.id, course)) : null;
  if (pause) return { submission: { type: 'assessment', evaluation: { ok: true, errors: {}, answers: {} } }, saved: false, error: pause, status: 429 };
  if (!submission.evaluation.ok) return { submission, saved: false, status: 422 };
  // Readers who are not signed in or not enrolled see the feedback, but nothing is stored.
  if (!user) return { submission, saved: false, status: 401 };
  if (!isEnrolled(db, user.id, course.slug)) return { submission, saved: false, status: 403 };
  try {
    if (submission.type === 'assessment') {
      const outcome = submitFinalAssessment(db, user, course, submission.evaluation.result!, submission.evaluation.answers);
      const wrong = new Set(submission.evaluation.result!.questions.filter((q) => !q.correct).map((q) => q.id));
      const revisit = outcome.passed ? [] : [...new Set((questions ?? []).filter((q) => wrong.has(q.id) && q.lesson).map((q) => q.lesson!))];
      return { submission, saved: true, ...outcome, revisit, status: 200 };
    }
    const { certificateId } = saveTaskResponse(db, user, course, lessonSlug, submission.evaluation);
    return { submission, saved: true, certificateId, status: 200 };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { submission, saved: false, error, status: error.status };
  }
}

/** What the course overview shows a reader: access, enrolment and progress. */
export function courseState(db: Db, user: SessionUser | null, course: CourseStructure) {
  const enrolled = Boolean(user && isEnrolled(db, user.id, course.slug));
  const responses = user && enrolled ? responsesOf(db, user.id, course.slug) : [];
  return {
    access: hasAccess(db, user, course),
    enrolled,
    responses,
    progress: user && enrolled ? summarizeProgress(course, responses, Boolean(completionOf(db, user.id, course.slug))) : null,
  };
}

/** The tutor's latest review of each of these tasks (supervised courses), with the feedback rendered safely. */
function latestReviews(db: Db, userId: string, courseSlug: string, taskIds: ReadonlySet<string>) {
  const latest = new Map<string, { verdict: 'accepted' | 'needs-revision'; feedbackHtml: string; at: Date; responseUpdatedAt: Date }>();
  const rows = db.select().from(taskReviews).where(and(eq(taskReviews.userId, userId), eq(taskReviews.courseSlug, courseSlug))).orderBy(taskReviews.createdAt).all();
  for (const row of rows) if (taskIds.has(row.taskId)) latest.set(row.taskId, { verdict: row.verdict, feedbackHtml: renderMarkdown(row.feedback), at: row.createdAt, responseUpdatedAt: row.responseUpdatedAt });
  return latest;
}


/**
 * Final-assessment attempts: how many a learner may make (a few, then a pause), which questions an
 * attempt asks (a fresh draw from the pool, spread over the lessons), and the history a learner
 * sees. A failed attempt tells the learner which lessons to revisit, never the score or which
 * questions were wrong, so trying answers against the feedback cannot reveal the key.
 */
import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, gte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { finalDraws, quizAttempts } from '../db/schema.ts';
import type { CourseStructure } from '../courses/structure.ts';
import type { FinalLessonMeta, QuizQuestion } from '../courses/schema.ts';
import { AppError } from '../http/errors.ts';

export const FINAL_TASK_ID = 'final-assessment';

export interface AttemptWindow {
  /** Another attempt may be sent now. */
  allowed: boolean;
  /** Failed attempts that still count against the limit. */
  failedRecently: number;
  /** Attempts left before the pause. */
  remaining: number;
  /** When the next attempt is allowed, while paused. */
  nextAttemptAt: Date | null;
}

/** Failed attempts within the cooldown count; after `max` of them the learner waits until the earliest is `cooldownHours` old. */
export function attemptWindow(db: DbOrTx, userId: string, course: CourseStructure, now = new Date()): AttemptWindow {
  const { max, cooldownHours } = course.final.attempts;
  const cooldownMs = cooldownHours * 3_600_000;
  const failed = db
    .select({ at: quizAttempts.createdAt })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, course.slug), eq(quizAttempts.taskId, FINAL_TASK_ID), eq(quizAttempts.passed, false), gte(quizAttempts.createdAt, new Date(now.getTime() - cooldownMs))))
    .orderBy(asc(quizAttempts.createdAt))
    .all()
    .map((row) => row.at);
  const allowed = failed.length < max;
  return {
    allowed,
    failedRecently: failed.length,
    remaining: Math.max(0, max - failed.length),
    nextAttemptAt: allowed ? null : new Date(failed[failed.length - max].getTime() + cooldownMs),
  };
}

/** The refusal while a learner pauses (429 with the seconds until the next attempt), or null when an attempt is allowed. */
export function pauseError(window: AttemptWindow, now = new Date()): AppError | null {
  if (window.allowed) return null;
  const seconds = Math.max(1, Math.ceil((window.nextAttemptAt!.getTime() - now.getTime()) / 1000));
  return new AppError(429, 'final.paused', undefined, seconds, { hours: Math.ceil(seconds / 3600) });
}

export interface AttemptRecord {
  at: Date;
  passed: boolean;
  /** Shown for passed attempts only. */
  percent: number | null;
}

export function attemptHistory(db: Db, userId: string, courseSlug: string): AttemptRecord[] {
  return db
    .select({ at: quizAttempts.createdAt, passed: quizAttempts.passed, percent: quizAttempts.percent })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), eq(quizAttempts.taskId, FINAL_TASK_ID)))
    .orderBy(desc(quizAttempts.createdAt), desc(quizAttempts.id))
    .all()
    .map((row) => ({ at: row.at, passed: Boolean(row.passed), percent: row.passed ? row.percent : null }));
}

/** The best passing result so far, or null. */
export function bestPass(db: DbOrTx, userId: string, courseSlug: string): number | null {
  const row = db
    .select({ percent: quizAttempts.percent })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), eq(quizAttempts.taskId, FINAL_TASK_ID), eq(quizAttempts.passed, true)))
    .orderBy(desc(quizAttempts.percent))
    .get();
  return row?.percent ?? null;
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A fresh draw of `count` questions, taken in turn from each lesson's questions so every attempt covers the course. */
export function drawSpread(questions: QuizQuestion[], count: number): string[] {
  const byLesson = new Map<string, QuizQuestion[]>();
  for (const question of shuffle(questions)) {
    const key = question.lesson ?? '';
    byLesson.set(key, [...(byLesson.get(key) ?? []), question]);
  }
  const groups = shuffle([...byLesson.values()]);
  const drawn: string[] = [];
  while (drawn.length < count) {
    for (const group of groups) {
      const next = group.shift();
      if (next && drawn.length < count) drawn.push(next.id);
    }
  }
  return drawn;
}

/**
 * The questions of a learner's current attempt: all of them when the course asks every question;
 * otherwise the stored draw, made when first needed (and kept until the attempt is sent).
 */
export function currentQuestions(db: Db, userId: string | null, courseSlug: string, assessment: FinalLessonMeta['assessment']): QuizQuestion[] {
  const { questions, questionsPerAttempt } = assessment;
  if (!userId || !questionsPerAttempt || questionsPerAttempt >= questions.length) return questions;
  const byId = new Map(questions.map((q) => [q.id, q]));
  const where = and(eq(finalDraws.userId, userId), eq(finalDraws.courseSlug, courseSlug));
  const stored = db.select().from(finalDraws).where(where).get();
  if (stored && stored.questionIds.length === questionsPerAttempt && stored.questionIds.every((id) => byId.has(id))) return stored.questionIds.map((id) => byId.get(id)!);
  db.transaction((tx) => {
    tx.delete(finalDraws).where(where).run();
    tx.insert(finalDraws).values({ userId, courseSlug, questionIds: drawSpread(questions, questionsPerAttempt) }).run();
  });
  return db.select().from(finalDraws).where(where).get()!.questionIds.map((id) => byId.get(id)!);
}

/** Forgets the draw of an attempt that was sent, so the next attempt draws afresh. */
export function clearDraw(tx: DbOrTx, userId: string, courseSlug: string): void {
  tx.delete(finalDraws).where(and(eq(finalDraws.userId, userId), eq(finalDraws.courseSlug, courseSlug))).run();
}

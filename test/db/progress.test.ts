import { describe, expect, it } from 'vitest';
import { freshDb } from '../support/db.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { loadSessionUser } from '../../src/lib/auth/sessions.ts';
import { completeCourse, enrol, grantAccess, hasAccess, responsesOf, saveTaskResponse, submitFinalAssessment } from '../../src/lib/progress/progress.ts';
import { attemptHistory, attemptWindow } from '../../src/lib/progress/final-attempts.ts';
import { progressOf, summarizeProgress } from '../../src/lib/progress/summary.ts';
import type { CourseStructure } from '../../src/lib/courses/structure.ts';
import type { TaskEvaluation } from '../../src/lib/courses/task-answers.ts';
import { AppError } from '../../src/lib/http/errors.ts';
import { courseCompletions, quizAttempts, taskResponses } from '../../src/lib/db/schema.ts';

const course: CourseStructure = {
  slug: 'demo',
  version: 3,
  free: true,
  lessons: [
    { slug: '01-a', taskIds: ['q', 'r', 'p', 'c'] },
    { slug: '02-b', taskIds: ['q2', 'r2', 'p2', 'c2'] },
  ],
  final: { slug: 'final', taskIds: ['plan'], passMark: 60, attempts: { max: 3, cooldownHours: 24 } },
  quizPassMarks: {},
  certificate: { title: 'Demo course', language: 'en', hours: 2, passMark: 60 },
};
const paid: CourseStructure = { ...course, slug: 'paid', free: false };

function reflection(taskId: string, text = 'some words here'): TaskEvaluation {
  return { taskId, kind: 'reflection', ok: true, errors: {}, values: { text } };
}
function quiz(taskId: string, score: number): TaskEvaluation {
  return { taskId, kind: 'quiz', ok: true, errors: {}, values: { answers: { x: [0] } }, quiz: { questions: [], score, total: 2, percent: score * 50 } };
}

async function setup(verified = true) {
  const db = freshDb();
  const user = loadSessionUser(db, await createUser(db, { name: 'Lea', email: `lea${Math.random()}@example.com`, password: 'xxxxxxxxxxxx', verified }))!;
  return { db, user };
}

function completeLessons(db: ReturnType<typeof freshDb>, user: NonNullable<ReturnType<typeof loadSessionUser>>) {
  for (const lesson of course.lessons) for (const id of lesson.taskIds) saveTaskResponse(db, user, course, lesson.slug, reflection(id));
}

/** Every task of every lesson and the final lesson's closing task: all a pass needs to complete the course. */
function completeAllTasks(db: ReturnType<typeof freshDb>, user: NonNullable<ReturnType<typeof loadSessionUser>>) {
  completeLessons(db, user);
  saveTaskResponse(db, user, course, 'final', reflection('plan'));
}

describe('access and enrolment', () => {
  it('opens free courses to everyone signed in, paid ones to admins and grants', async () => {
    const { db, user } = await setup();
    expect(hasAccess(db, null, course)).toBe(false);
    expect(hasAccess(db, user, course)).toBe(true);
    expect(hasAccess(db, user, paid)).toBe(false);
    expect(() => enrol(db, user, paid)).toThrow('error.noAccess');
    grantAccess(db, { ...user, roles: ['learner', 'admin'] }, user.id, 'paid', 'test', ['paid']);
    expect(hasAccess(db, user, paid)).toBe(true);
    expect(hasAccess(db, { ...user, roles: ['learner', 'admin'] }, { ...paid, slug: 'other' })).toBe(true);
  });

  it('needs a verified address, and enrolling twice changes nothing', async () => {
    const unverified = await setup(false);
    expect(() => enrol(unverified.db, unverified.user, course)).toThrow('error.verifyFirst');
    const { db, user } = await setup();
    enrol(db, user, course);
    enrol(db, user, course);
    expect(db.$client.prepare('select count(*) as n from enrolments').get()).toEqual({ n: 1 });
  });
});

describe('saving answers', () => {
  it('refuses answers from learners who are not enrolled and tasks that do not exist', async () => {
    const { db, user } = await setup();
    expect(() => saveTaskResponse(db, user, course, '01-a', reflection('r'))).toThrow('error.enrolFirst');
    enrol(db, user, course);
    expect(() => saveTaskResponse(db, user, course, '01-a', reflection('nope'))).toThrow('error.unknownTask');
    expect(() => saveTaskResponse(db, user, course, '09-x', reflection('r'))).toThrow('error.unknownTask');
  });

  it('keeps one record per task, the latest answer, the best quiz score and every attempt', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    saveTaskResponse(db, user, course, '01-a', reflection('r', 'first'));
    saveTaskResponse(db, user, course, '01-a', reflection('r', 'edited'));
    saveTaskResponse(db, user, course, '01-a', quiz('q', 2));
    saveTaskResponse(db, user, course, '01-a', quiz('q', 1));
    const rows = db.select().from(taskResponses).all();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.taskId === 'r')).toMatchObject({ answer: { text: 'edited' }, attempts: 2 });
    expect(rows.find((r) => r.taskId === 'q')).toMatchObject({ score: 1, bestScore: 2, attempts: 2 });
    expect(db.select().from(quizAttempts).all().map((a) => a.score)).toEqual([2, 1]);
  });

  it('keeps the final lesson closed until every lesson is complete', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    const pass = { questions: [], score: 5, total: 5, percent: 100 };
    expect(() => submitFinalAssessment(db, user, course, pass, {})).toThrow('error.finalLocked');
    expect(() => saveTaskResponse(db, user, course, 'final', reflection('plan'))).toThrow(AppError);
    completeAllTasks(db, user);
    expect(submitFinalAssessment(db, user, course, pass, {})).toMatchObject({ passed: true, newlyCompleted: true });
  });
});

describe('completing a course', () => {
  it('fails below the pass mark, completes once at or above it, and records every attempt', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    completeAllTasks(db, user);
    expect(submitFinalAssessment(db, user, course, { questions: [], score: 2, total: 5, percent: 40 }, {})).toMatchObject({ passed: false, newlyCompleted: false });
    expect(submitFinalAssessment(db, user, course, { questions: [], score: 3, total: 5, percent: 60 }, {})).toMatchObject({ passed: true, newlyCompleted: true });
    expect(submitFinalAssessment(db, user, course, { questions: [], score: 5, total: 5, percent: 100 }, {})).toMatchObject({ passed: true, newlyCompleted: false });
    const completions = db.select().from(courseCompletions).all();
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({ courseVersion: 3, finalPercent: 60 });
    expect(db.select().from(quizAttempts).all().map((a) => a.passed)).toEqual([false, true, true]);
    expect(completeCourse(db, user.id, course, 80)).toBe(false);
  });
});

describe('progress summary', () => {
  it('counts tasks, points to the first open task, and opens the final when lessons are done', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    saveTaskResponse(db, user, course, '01-a', reflection('q'));
    saveTaskResponse(db, user, course, '01-a', reflection('p'));
    const partly = progressOf(db, user.id, course);
    expect(partly).toMatchObject({ tasksDone: 2, tasksTotal: 10, percent: 20, finalUnlocked: false, next: { lessonSlug: '01-a', taskId: 'r' } });
    expect(partly.lessons[0]).toMatchObject({ done: 2, total: 4, complete: false, openTaskIds: ['r', 'c'] });
    completeLessons(db, user);
    expect(progressOf(db, user.id, course)).toMatchObject({ finalUnlocked: true, next: { lessonSlug: 'final', taskId: null }, tasksDone: 8 });
  });

  it('keeps progress when a lesson is renamed or renumbered, because answers are keyed on course and task', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    completeLessons(db, user);
    const renumbered: CourseStructure = { ...course, lessons: [{ slug: '01-intro', taskIds: ['x1', 'x2', 'x3', 'x4'] }, { slug: '02-a-renamed', taskIds: course.lessons[0].taskIds }, { slug: '03-b', taskIds: course.lessons[1].taskIds }] };
    const summary = summarizeProgress(renumbered, responsesOf(db, user.id, course.slug), false);
    expect(summary.lessons.map((l) => l.complete)).toEqual([false, true, true]);
    expect(summary.next).toEqual({ lessonSlug: '01-intro', taskId: 'x1' });
  });

  it('follows content changes: a removed task stops counting, a new one is open, a completed course stays completed', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    completeLessons(db, user);
    const responses = responsesOf(db, user.id, course.slug);
    const changed: CourseStructure = { ...course, lessons: [{ slug: '01-a', taskIds: ['q', 'r', 'p', 'new-task'] }, course.lessons[1]] };
    const summary = summarizeProgress(changed, responses, false);
    expect(summary.lessons[0]).toMatchObject({ done: 3, total: 4, openTaskIds: ['new-task'] });
    expect(summary.finalUnlocked).toBe(false);
    expect(summary.next).toEqual({ lessonSlug: '01-a', taskId: 'new-task' });
    const completed = summarizeProgress(changed, responses, true);
    expect(completed).toMatchObject({ completed: true, percent: 100, finalUnlocked: true });
  });
});

describe('what completion needs', () => {
  const withQuizMarks: CourseStructure = { ...course, quizPassMarks: { q: 75, q2: 75 } };

  it('counts a quiz as done only at or above its pass mark, and keeps the final closed until it is', async () => {
    const { db, user } = await setup();
    enrol(db, user, withQuizMarks);
    for (const lesson of withQuizMarks.lessons) for (const id of lesson.taskIds) saveTaskResponse(db, user, withQuizMarks, lesson.slug, id.startsWith('q') ? quiz(id, 1) : reflection(id));
    // 1 of 2 right is 50%, below 75%: the quizzes are not done.
    const summary = progressOf(db, user.id, withQuizMarks);
    expect(summary.lessons.map((l) => l.openTaskIds)).toEqual([['q'], ['q2']]);
    expect(summary.finalUnlocked).toBe(false);
    expect(() => submitFinalAssessment(db, user, withQuizMarks, { questions: [], score: 5, total: 5, percent: 100 }, {})).toThrow('error.finalLocked');
    saveTaskResponse(db, user, withQuizMarks, '01-a', quiz('q', 2));
    saveTaskResponse(db, user, withQuizMarks, '02-b', quiz('q2', 2));
    expect(progressOf(db, user.id, withQuizMarks).finalUnlocked).toBe(true);
  });

  it('does not complete without the closing task; saving it after a pass completes the course and issues the certificate', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    completeLessons(db, user);
    const pass = submitFinalAssessment(db, user, course, { questions: [], score: 4, total: 5, percent: 80 }, {});
    expect(pass).toMatchObject({ passed: true, newlyCompleted: false, certificateId: null, awaitingClosingTask: true });
    expect(db.select().from(courseCompletions).all()).toHaveLength(0);
    const saved = saveTaskResponse(db, user, course, 'final', reflection('plan'));
    expect(saved.certificateId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(db.select().from(courseCompletions).all()).toMatchObject([{ finalPercent: 80 }]);
    // Saving the closing task again changes nothing and announces no new certificate.
    expect(saveTaskResponse(db, user, course, 'final', reflection('plan', 'edited words here')).certificateId).toBeNull();
  });

  it('allows three failed final attempts, then pauses for 24 hours counted from the earliest of them', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    completeAllTasks(db, user);
    const fail = { questions: [], score: 1, total: 5, percent: 20 };
    const start = new Date('2026-11-20T08:00:00Z');
    for (let hour = 0; hour < 3; hour++) submitFinalAssessment(db, user, course, fail, {}, new Date(start.getTime() + hour * 3_600_000));
    expect(attemptWindow(db, user.id, course, new Date(start.getTime() + 3 * 3_600_000))).toMatchObject({ allowed: false, remaining: 0 });
    let refusal: unknown;
    try {
      submitFinalAssessment(db, user, course, { questions: [], score: 5, total: 5, percent: 100 }, {}, new Date(start.getTime() + 3 * 3_600_000));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ status: 429, key: 'final.paused', retryAfterSeconds: 21 * 3600 });
    expect(db.select().from(courseCompletions).all()).toHaveLength(0);
    // 24 hours after the first failure one attempt is free again.
    const later = new Date(start.getTime() + 24 * 3_600_000 + 1000);
    expect(attemptWindow(db, user.id, course, later)).toMatchObject({ allowed: true, remaining: 1 });
    expect(submitFinalAssessment(db, user, course, { questions: [], score: 5, total: 5, percent: 100 }, {}, later)).toMatchObject({ passed: true, newlyCompleted: true });
    expect(attemptHistory(db, user.id, course.slug).map((a) => [a.passed, a.percent])).toEqual([[true, 100], [false, null], [false, null], [false, null]]);
  });
});

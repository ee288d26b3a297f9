import { describe, expect, it } from 'vitest';
import { freshDb } from '../support/db.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { loadSessionUser } from '../../src/lib/auth/sessions.ts';
import { completeCourse, enrol, grantAccess, hasAccess, responsesOf, saveTaskResponse, submitFinalAssessment } from '../../src/lib/progress/progress.ts';
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
  final: { slug: 'final', taskIds: ['plan'], passMark: 60 },
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
    completeLessons(db, user);
    expect(submitFinalAssessment(db, user, course, pass, {})).toMatchObject({ passed: true, newlyCompleted: true });
  });
});

describe('completing a course', () => {
  it('fails below the pass mark, completes once at or above it, and records every attempt', async () => {
    const { db, user } = await setup();
    enrol(db, user, course);
    completeLessons(db, user);
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

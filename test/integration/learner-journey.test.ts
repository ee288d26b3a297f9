import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shippedCourses } from '../support/content.ts';
import { tasksOf } from '../support/journey.ts';
import { newVerifiedLearner, type Client } from '../support/http.ts';
import { finalAnswerForm, sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import { createDb } from '../../src/lib/db/client.ts';

import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let course: ValidatedCourse;
const percentShown = (html: string) => Number(/<progress max="100" value="(\d+)"/.exec(html)?.[1] ?? NaN);

beforeAll(async () => {
  const found = (await shippedCourses()).find((c) => c.meta.offers.some((o) => o.kind === 'free'));
  if (!found) throw new Error('the demo content needs one free course');
  course = found;
});

async function enrolled(): Promise<{ client: Client; email: string }> {
  const learner = await newVerifiedLearner();
  const enrol = await learner.client.post(`/courses/${course.slug}/enrol`, []);
  expect(enrol.status).toBe(303);
  return learner;
}

async function finishLesson(client: Client, lesson: ValidatedCourse['lessons'][number]) {
  for (const task of tasksOf(lesson)) {
    const page = await client.answer(`/courses/${course.slug}/${lesson.slug}`, sampleAnswerForm(task));
    expect([page.postStatus, page.status], `${lesson.slug}/${task.id}`).toEqual([303, 200]);
    expect(page.html).toContain('Saved. Your progress is updated.');
  }
}

describe('from sign-up to a completed course', () => {
  it('signs up, verifies, enrols, completes every task kind, passes the final and sees it on the dashboard', async () => {
    const { client } = await enrolled();
    let dashboard = await client.get('/dashboard');
    expect(dashboard.html).toContain(course.meta.title.replace(/&/g, '&amp;'));
    expect(percentShown(dashboard.html)).toBe(0);

    // The final lesson stays closed until every lesson is complete.
    const closed = await client.get(`/courses/${course.slug}/final`);
    expect(closed.status).toBe(403);
    expect(closed.html).toContain('The final lesson opens when you have completed all');

    const [first, ...rest] = course.lessons;
    const kinds = new Set(tasksOf(first).map((t) => t.kind));
    expect(kinds).toEqual(new Set(['quiz', 'reflection', 'practice', 'checklist']));
    await finishLesson(client, first);
    const lessonPage = await client.get(`/courses/${course.slug}/${first.slug}`);
    expect(lessonPage.html.match(/✓ Done/g)?.length).toBe(4);
    dashboard = await client.get('/dashboard');
    const afterOne = percentShown(dashboard.html);
    expect(afterOne).toBeGreaterThan(0);

    // Resume: "continue" points at the first open task of the next lesson.
    const overview = await client.get(`/courses/${course.slug}`);
    expect(overview.html).toContain(`href="/courses/${course.slug}/${rest[0].slug}#task-${tasksOf(rest[0])[0].id}"`);

    for (const lesson of rest) await finishLesson(client, lesson);
    const open = await client.get(`/courses/${course.slug}/final`);
    expect((await client.post(`/courses/${course.slug}/final`, sampleAnswerForm(course.final.meta.closingTask))).status).toBe(303);
    expect(open.status).toBe(200);

    const questions = course.final.meta.assessment.questions;
    const failed = await client.answer(`/courses/${course.slug}/final`, finalAnswerForm(questions, questions.length));
    expect(failed.postStatus).toBe(303);
    expect(failed.html).toContain('Not passed yet');
    expect((await client.get('/dashboard')).html).not.toContain('Completed courses');

    const passed = await client.answer(`/courses/${course.slug}/final`, finalAnswerForm(questions));
    expect([passed.postStatus, passed.status]).toEqual([303, 200]);
    expect(passed.html).toContain('Passed: 100%');
    expect(passed.html).toContain('Saved. Your progress is updated.');

    dashboard = await client.get('/dashboard');
    expect(dashboard.html).toContain('Completed courses');
    expect(dashboard.html).toMatch(/Completed on .* with 100% in the final assessment/);
  });

  it('keeps answers editable and shows them again', async () => {
    const { client } = await enrolled();
    const lesson = course.lessons[0];
    const reflection = tasksOf(lesson).find((t) => t.kind === 'reflection')!;
    const form = sampleAnswerForm(reflection);
    form.set('text', `${form.get('text')} edited-marker`);
    await client.post(`/courses/${course.slug}/${lesson.slug}`, sampleAnswerForm(reflection));
    await client.post(`/courses/${course.slug}/${lesson.slug}`, form);
    const page = await client.get(`/courses/${course.slug}/${lesson.slug}`);
    expect(page.html).toContain('edited-marker</textarea>');
  });

  it('answers a saved quiz with a redirect, so reloading the page shows the result without a second attempt', async () => {
    const { client, email } = await enrolled();
    const lesson = course.lessons[0];
    const quiz = tasksOf(lesson).find((t) => t.kind === 'quiz')!;
    if (quiz.kind !== 'quiz') throw new Error('no quiz');
    const posted = await client.post(`/courses/${course.slug}/${lesson.slug}`, sampleAnswerForm(quiz));
    expect(posted.status).toBe(303);
    const target = new URL(posted.location!, 'http://x');
    expect(target.pathname + target.search + target.hash).toBe(`/courses/${course.slug}/${lesson.slug}?saved=${quiz.id}#task-${quiz.id}`);
    for (let reload = 0; reload < 3; reload++) {
      const shown = await client.get(target.pathname + target.search);
      expect(shown.status).toBe(200);
      expect(shown.html).toContain('Saved. Your progress is updated.');
      expect(shown.html).toContain(`${quiz.questions.length} of ${quiz.questions.length} right (100%)`);
    }
    const db = createDb(inject('dbPath'), { migrate: false });
    try {
      const attempts = db.$client.prepare('select count(*) as n from quiz_attempts a join users u on u.id = a.user_id where u.email = ?').get(email) as { n: number };
      expect(attempts.n).toBe(1);
    } finally {
      db.$client.close();
    }
  });

  it('answers a final attempt with a redirect to its result, so reloading never spends another attempt', async () => {
    const { client, email } = await enrolled();
    for (const lesson of course.lessons) await finishLesson(client, lesson);
    const questions = course.final.meta.assessment.questions;
    const posted = await client.post(`/courses/${course.slug}/final`, finalAnswerForm(questions, questions.length));
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(new RegExp(`/courses/${course.slug}/final\\?attempt=\\d+#final-assessment$`));
    const target = new URL(posted.location!, 'http://x');
    for (let reload = 0; reload < 3; reload++) expect((await client.get(target.pathname + target.search)).html).toContain('Not passed yet');
    const db = createDb(inject('dbPath'), { migrate: false });
    try {
      const attempts = db.$client.prepare("select count(*) as n from quiz_attempts a join users u on u.id = a.user_id where u.email = ? and a.task_id = 'final-assessment'").get(email) as { n: number };
      expect(attempts.n).toBe(1);
    } finally {
      db.$client.close();
    }
    // Another learner's attempt number shows nothing of it.
    const other = await enrolled();
    expect((await other.client.get(target.pathname + target.search)).html).not.toContain('Not passed yet');
  });

  it('keeps one consistent record when two tabs send the same task at once', async () => {
    const { client, email } = await enrolled();
    const lesson = course.lessons[0];
    const quiz = tasksOf(lesson).find((t) => t.kind === 'quiz')!;
    const pages = await Promise.all(Array.from({ length: 6 }, () => client.post(`/courses/${course.slug}/${lesson.slug}`, sampleAnswerForm(quiz))));
    expect(pages.map((p) => p.status)).toEqual([303, 303, 303, 303, 303, 303]);
    const db = createDb(inject('dbPath'), { migrate: false });
    try {
      const rows = db.$client
        .prepare(`select r.attempts from ${'task_responses'} r join users u on u.id = r.user_id where u.email = ? and r.task_id = ?`)
        .all(email, quiz.id) as { attempts: number }[];
      expect(rows).toEqual([{ attempts: 6 }]);
      const attempts = db.$client.prepare('select count(*) as n from quiz_attempts a join users u on u.id = a.user_id where u.email = ?').get(email) as { n: number };
      expect(attempts.n).toBe(6);
    } finally {
      db.$client.close();
    }
  });

  it('completes a course and issues its certificate once, even when the passing final assessment is sent twice at once', async () => {
    const { client, email } = await enrolled();
    for (const lesson of course.lessons) await finishLesson(client, lesson);
    // Completion needs the closing task as well as the pass.
    await client.post(`/courses/${course.slug}/final`, sampleAnswerForm(course.final.meta.closingTask));
    const right = finalAnswerForm(course.final.meta.assessment.questions);
    const pages = await Promise.all([client.post(`/courses/${course.slug}/final`, right), client.post(`/courses/${course.slug}/final`, right)]);
    expect(pages.map((p) => p.status)).toEqual([303, 303]);
    const db = createDb(inject('dbPath'), { migrate: false });
    try {
      const row = db.$client.prepare('select count(*) as n from course_completions c join users u on u.id = c.user_id where u.email = ?').get(email) as { n: number };
      expect(row.n).toBe(1);
      const certificates = db.$client.prepare('select count(*) as n from certificates c join users u on u.id = c.user_id where u.email = ?').get(email) as { n: number };
      expect(certificates.n).toBe(1);
    } finally {
      db.$client.close();
    }
  });
});

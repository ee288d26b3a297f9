/** Taking a whole course over HTTP, for tests that need a learner who holds a certificate. */
import { expect } from 'vitest';
import type { Client } from './http.ts';
import { finalAnswerForm, sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';
import type { Task } from '../../src/lib/courses/schema.ts';

export const tasksOf = (lesson: ValidatedCourse['lessons'][number]): Task[] => ('tasks' in lesson.meta ? lesson.meta.tasks : []);

/** Enrols and completes every task and the closing task; the final assessment is left to the caller. */
export async function finishAllButTheAssessment(client: Client, course: ValidatedCourse): Promise<void> {
  expect((await client.post(`/courses/${course.slug}/enrol`, [])).status).toBe(303);
  for (const lesson of course.lessons) {
    for (const task of tasksOf(lesson)) expect((await client.post(`/courses/${course.slug}/${lesson.slug}`, sampleAnswerForm(task))).status).toBe(303);
  }
  expect((await client.post(`/courses/${course.slug}/final`, sampleAnswerForm(course.final.meta.closingTask))).status).toBe(303);
}

/** Passes the final assessment (missing the given number of questions) and returns the certificate id shown. */
export async function passFinal(client: Client, course: ValidatedCourse, missed = 0): Promise<{ html: string; certificateId: string }> {
  // A recorded attempt is answered with a redirect to its result (post/redirect/get), which is followed.
  const page = await client.answer(`/courses/${course.slug}/final`, finalAnswerForm(course.final.meta.assessment.questions, missed));
  expect([page.postStatus, page.status]).toEqual([303, 200]);
  return { html: page.html, certificateId: /href="\/certificates\/([A-Za-z0-9_-]{22})"/.exec(page.html)?.[1] ?? '' };
}

/**
 * Runs the e-mail course clock and the tutors' daily digest from the server: at most every five
 * minutes, after a response. The digest is keyed per tutor and day, so running often sends it once.
 * `npm run worker` runs the same steps outside the server.
 */
import type { Db } from '../db/client.ts';
import { courseStructure, listCourseOutlines } from '../courses/content.ts';
import { lessonSlug } from '../courses/catalogue.ts';
import { periodicStep } from '../http/background.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { log } from '../log/log.ts';
import { processEmailCourses, type EmailCourse } from './email-course.ts';
import { queueTutorDigests } from './reviews.ts';

export const SUPERVISION_EVERY_MS = 5 * 60 * 1000;

/** The supervised courses as the clock needs them, from the content collections. */
export async function emailCoursesFromContent(): Promise<Map<string, EmailCourse>> {
  const courses = new Map<string, EmailCourse>();
  for (const outline of await listCourseOutlines()) {
    const data = outline.course.data;
    if (!data.offers.some((o) => o.kind === 'supervised')) continue;
    courses.set(outline.course.id, {
      structure: courseStructure(outline),
      title: data.title,
      intervalDays: data.supervision.lessonIntervalDays,
      lessons: [...outline.lessons, outline.final].map((l) => ({ slug: lessonSlug(l.id), title: l.data.title, summary: l.data.summary })),
    });
  }
  return courses;
}

export const scheduleSupervision = periodicStep(SUPERVISION_EVERY_MS, 'supervision step failed', async (db: Db) => {
  const run = processEmailCourses(db, await emailCoursesFromContent(), publicBaseUrl());
  const digests = new Date().getUTCHours() >= 6 ? queueTutorDigests(db, publicBaseUrl()) : 0;
  if (run.sent + run.stopped + digests > 0) log.info({ ...run, digests }, 'supervision step');
});

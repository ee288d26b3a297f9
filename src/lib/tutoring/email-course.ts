/**
 * The e-mail course clock. Each active supervised enrolment gets its next lesson by mail once
 * `nextLessonAt` has passed, then waits `lessonIntervalDays`; a paused one waits (resuming shifts
 * the clock); it stops for good on completion, when access ends (a refund) and after the last
 * lesson; an unsubscribed one gets nothing more. Every lesson mail has a key per learner, course
 * and lesson, so two workers, or a crash between two steps, never send a lesson twice.
 */
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { courseCompletions, supervisedEnrolments, users } from '../db/schema.ts';
import { queueMail } from '../mail/outbox.ts';
import { translator } from '../i18n/ui.ts';
import { loadSessionUser } from '../auth/sessions.ts';
import type { CourseStructure } from '../courses/structure.ts';
import { hasAccess } from '../progress/progress.ts';

export interface EmailCourse {
  structure: CourseStructure;
  title: string;
  intervalDays: number;
  /** Regular lessons in order, then the final lesson. */
  lessons: { slug: string; title: string; summary: string }[];
}

export interface ClockRun {
  sent: number;
  stopped: number;
}

const DAY_MS = 86_400_000;

export function processEmailCourses(db: Db, courses: ReadonlyMap<string, EmailCourse>, baseUrl: string, now = new Date()): ClockRun {
  const run: ClockRun = { sent: 0, stopped: 0 };
  const due = db
    .select()
    .from(supervisedEnrolments)
    .where(and(eq(supervisedEnrolments.status, 'active'), lte(supervisedEnrolments.nextLessonAt, now)))
    .limit(500)
    .all();
  for (const enrolment of due) {
    const course = courses.get(enrolment.courseSlug);
    if (!course) continue;
    db.transaction(
      (tx) => {
        const where = and(eq(supervisedEnrolments.userId, enrolment.userId), eq(supervisedEnrolments.courseSlug, enrolment.courseSlug), eq(supervisedEnrolments.status, 'active'), eq(supervisedEnrolments.lessonsSent, enrolment.lessonsSent));
        const stop = (reason: string) => {
          if (tx.update(supervisedEnrolments).set({ status: 'stopped', stopReason: reason, nextLessonAt: null }).where(where).run().changes === 1) run.stopped++;
        };
        const completed = tx.select({ at: courseCompletions.completedAt }).from(courseCompletions).where(and(eq(courseCompletions.userId, enrolment.userId), eq(courseCompletions.courseSlug, enrolment.courseSlug))).get();
        if (completed) return stop('completed');
        if (!hasAccess(db, loadSessionUser(db, enrolment.userId), course.structure)) return stop('access-ended');
        const lesson = course.lessons[enrolment.lessonsSent];
        if (!lesson) return stop('all-sent');
        const learner = tx.select().from(users).where(eq(users.id, enrolment.userId)).get();
        if (!learner?.email) return stop('no-address');
        // Claim this step (the lessons-sent count must still be what we read), then queue its mail.
        const next = new Date(now.getTime() + course.intervalDays * DAY_MS);
        if (tx.update(supervisedEnrolments).set({ lessonsSent: enrolment.lessonsSent + 1, nextLessonAt: next }).where(where).run().changes !== 1) return;
        const t = translator(learner.language);
        const unsubscribeUrl = `${baseUrl}/email-course/unsubscribe?token=${enrolment.unsubscribeToken}`;
        queueMail(tx, {
          to: learner.email,
          kind: 'email-course-lesson',
          dedupeKey: `email-course:${enrolment.userId}:${enrolment.courseSlug}:${lesson.slug}`,
          subject: t('mail.emailCourse.subject', { number: enrolment.lessonsSent + 1, lesson: lesson.title }),
          text: t('mail.emailCourse.body', { name: learner.name, course: course.title, lesson: lesson.title, summary: lesson.summary, link: `${baseUrl}/courses/${enrolment.courseSlug}/${lesson.slug}`, days: course.intervalDays, preferences: `${baseUrl}/account/email-courses`, unsubscribe: unsubscribeUrl }),
          headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        run.sent++;
      },
      { behavior: 'immediate' },
    );
  }
  return run;
}

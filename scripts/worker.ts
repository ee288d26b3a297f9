/**
 * `npm run worker`: the mail worker as its own process (run the server with MAIL_WORKER=off then).
 * It sends queued mail, retries failures with growing pauses, hands assignment reminders to the
 * outbox every 15 minutes, and runs the e-mail course clock and the tutors' digest every 5 minutes. Holds a lease, so a second worker (or a server's) waits its turn.
 */
import { createDb, databasePath } from '../src/lib/db/client.ts';
import { startMailWorker } from '../src/lib/mail/outbox.ts';
import { processReminders } from '../src/lib/orgs/assignments.ts';
import { checkContent } from '../src/lib/authoring/check.ts';
import { publicBaseUrl } from '../src/lib/http/requests.ts';
import { log } from '../src/lib/log/log.ts';
import { processEmailCourses, type EmailCourse } from '../src/lib/tutoring/email-course.ts';
import { queueTutorDigests } from '../src/lib/tutoring/reviews.ts';
import { structureFromValidated } from '../src/lib/courses/structure.ts';

const db = createDb(databasePath());
const { courses } = await checkContent();
const titles = new Map(courses.map((c) => [c.slug, c.meta.title]));
const emailCourses = new Map<string, EmailCourse>(
  courses
    .filter((c) => !c.meta.draft && c.meta.offers.some((o) => o.kind === 'supervised'))
    .map((c) => [c.slug, { structure: structureFromValidated(c), title: c.meta.title, intervalDays: c.meta.supervision.lessonIntervalDays, lessons: [...c.lessons, c.final].map((l) => ({ slug: l.slug, title: l.meta.title, summary: l.meta.summary })) }]),
);
const supervision = () => {
  try {
    processEmailCourses(db, emailCourses, publicBaseUrl());
    if (new Date().getUTCHours() >= 6) queueTutorDigests(db, publicBaseUrl());
  } catch (error) {
    log.error({ err: (error as Error).message }, 'supervision step failed');
  }
};
const supervisionTimer = setInterval(supervision, 5 * 60 * 1000);
const worker = startMailWorker(db, { intervalMs: Number(process.env.MAIL_WORKER_INTERVAL_MS ?? 2000) });
const reminders = setInterval(() => {
  try {
    processReminders(db, titles, publicBaseUrl());
  } catch (error) {
    log.error({ err: (error as Error).message }, 'assignment reminders failed');
  }
}, 15 * 60 * 1000);
if (process.argv.includes('--once')) {
  supervision();
  await worker.tick();
  worker.stop();
  clearInterval(reminders);
  clearInterval(supervisionTimer);
  db.$client.close();
} else {
  // The interval timers are unref'd: keep the process alive until asked to stop.
  const keepAlive = setInterval(() => undefined, 60_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      worker.stop();
      clearInterval(reminders);
      clearInterval(supervisionTimer);
      clearInterval(keepAlive);
      db.$client.close();
      process.exit(0);
    });
  }
  console.log(`Mail worker running on ${databasePath()} (Ctrl-C to stop)`);
}

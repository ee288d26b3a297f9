/**
 * `npm run worker`: the mail worker as its own process (run the server with MAIL_WORKER=off then).
 * It sends queued mail, retries failures with growing pauses, and hands assignment reminders to
 * the outbox every 15 minutes. Holds a lease, so a second worker (or a server's) waits its turn.
 */
import { createDb, databasePath } from '../src/lib/db/client.ts';
import { startMailWorker } from '../src/lib/mail/outbox.ts';
import { processReminders } from '../src/lib/orgs/assignments.ts';
import { checkContent } from '../src/lib/authoring/check.ts';
import { publicBaseUrl } from '../src/lib/http/requests.ts';
import { log } from '../src/lib/log/log.ts';

const db = createDb(databasePath());
const { courses } = await checkContent();
const titles = new Map(courses.map((c) => [c.slug, c.meta.title]));
const worker = startMailWorker(db, { intervalMs: Number(process.env.MAIL_WORKER_INTERVAL_MS ?? 2000) });
const reminders = setInterval(() => {
  try {
    processReminders(db, titles, publicBaseUrl());
  } catch (error) {
    log.error({ err: (error as Error).message }, 'assignment reminders failed');
  }
}, 15 * 60 * 1000);
if (process.argv.includes('--once')) {
  await worker.tick();
  worker.stop();
  clearInterval(reminders);
  db.$client.close();
} else {
  // The interval timers are unref'd: keep the process alive until asked to stop.
  const keepAlive = setInterval(() => undefined, 60_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      worker.stop();
      clearInterval(reminders);
      clearInterval(keepAlive);
      db.$client.close();
      process.exit(0);
    });
  }
  console.log(`Mail worker running on ${databasePath()} (Ctrl-C to stop)`);
}

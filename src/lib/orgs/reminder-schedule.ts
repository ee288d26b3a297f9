/**
 * Runs the assignment reminders from the server itself: at most every 15 minutes, after a
 * response, never in a request's way. `npm run org:reminders` runs the same step from cron.
 */
import type { Db } from '../db/client.ts';
import { listCourses } from '../courses/content.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { log } from '../log/log.ts';
import { processReminders } from './assignments.ts';

export const REMINDERS_EVERY_MS = 15 * 60 * 1000;
let lastRun = 0;
let running = false;

export function scheduleReminders(db: Db, now = Date.now()): void {
  if (running || now - lastRun < REMINDERS_EVERY_MS) return;
  lastRun = now;
  running = true;
  setImmediate(async () => {
    try {
      const titles = new Map((await listCourses()).map((c) => [c.id, c.data.title]));
      processReminders(db, titles, publicBaseUrl());
    } catch (error) {
      log.error({ err: (error as Error).message }, 'assignment reminders failed');
    } finally {
      running = false;
    }
  });
}

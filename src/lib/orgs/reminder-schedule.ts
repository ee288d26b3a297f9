/**
 * Runs the assignment reminders from the server itself: at most every 15 minutes, after a
 * response, never in a request's way. `npm run org:reminders` runs the same step from cron.
 */
import type { Db } from '../db/client.ts';
import { listCourses } from '../courses/content.ts';
import { periodicStep } from '../http/background.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { processReminders } from './assignments.ts';

export const REMINDERS_EVERY_MS = 15 * 60 * 1000;

export const scheduleReminders = periodicStep(REMINDERS_EVERY_MS, 'assignment reminders failed', async (db: Db) => {
  const titles = new Map((await listCourses()).map((c) => [c.id, c.data.title]));
  processReminders(db, titles, publicBaseUrl());
});

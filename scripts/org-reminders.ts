/** `npm run org:reminders`: hands the assignment reminders that are due now to the mail outbox (a running server also does this every 15 minutes). */
import { checkContent } from '../src/lib/authoring/check.ts';
import { createDb, databasePath } from '../src/lib/db/client.ts';
import { processReminders } from '../src/lib/orgs/assignments.ts';
import { publicBaseUrl } from '../src/lib/http/requests.ts';

const db = createDb(databasePath(), { migrate: false });
const { courses } = await checkContent();
const run = processReminders(db, new Map(courses.map((c) => [c.slug, c.meta.title])), publicBaseUrl());
db.$client.close();
console.log(`Assignment reminders in ${databasePath()}: ${run.sent} handed to the mail outbox, ${run.skipped} skipped`);

/** `npm run db:cleanup`: removes expired sessions, e-mail tokens, throttle counters, old quiz retries and e-mails sent over a month ago now (a running server also does this hourly). */
import { cleanupExpiredRows } from '../src/lib/auth/cleanup.ts';
import { createDb, databasePath } from '../src/lib/db/client.ts';

const db = createDb(databasePath(), { migrate: false });
const counts = cleanupExpiredRows(db);
db.$client.close();
console.log(`From ${databasePath()}: removed ${counts.sessions} expired sessions, ${counts.tokens} expired e-mail tokens, ${counts.throttleRows} old throttle counters ${counts.quizAttempts} old lesson-quiz retries and ${counts.sentMails} e-mails sent over a month ago`);

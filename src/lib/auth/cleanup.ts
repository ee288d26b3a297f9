/**
 * Expired data removed on a schedule: sessions past their limits, expired e-mail tokens,
 * throttle counters whose window and block are over, lesson-quiz retries beyond the newest
 * few, and e-mails sent more than a month ago (their text holds links and personal words that
 * are no use once delivered; failed ones stay for the operator, and a mail with a dedupe key
 * keeps an empty row so its cause never mails twice). Rows a learner's record depends on (answers, final attempts, final draws, orders,
 * certificates) are never touched here.
 */
import { and, eq, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { authTokens, outboxMessages, signInFailures } from '../db/schema.ts';
import { deleteExpiredSessions } from './sessions.ts';
import { log } from '../log/log.ts';
import { periodicStep } from '../http/background.ts';

/** Throttle rows are kept this long after their window started (longer than any rule's window). */
const THROTTLE_KEEP_MS = 24 * 60 * 60 * 1000;
/** Lesson-quiz retries kept per learner and quiz (final-assessment attempts are all kept: they gate certificates). */
export const QUIZ_ATTEMPTS_KEPT = 20;
/** How often a running server cleans up on its own. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;
/** Sent e-mails are kept this long (for "did it go out?" questions), then removed. */
export const SENT_MAIL_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

export interface CleanupCounts {
  sessions: number;
  tokens: number;
  throttleRows: number;
  quizAttempts: number;
  sentMails: number;
}

export function cleanupExpiredRows(db: Db, now = new Date()): CleanupCounts {
  return db.transaction((tx) => {
    const sessions = deleteExpiredSessions(tx, now.getTime());
    const tokens = tx.delete(authTokens).where(lt(authTokens.expiresAt, now)).run().changes;
    const throttleRows = tx
      .delete(signInFailures)
      .where(and(lt(signInFailures.windowStartedAt, new Date(now.getTime() - THROTTLE_KEEP_MS)), or(isNull(signInFailures.blockedUntil), lt(signInFailures.blockedUntil, now))))
      .run().changes;
    // Retrying a lesson quiz a thousand times must not grow the database a thousand rows.
    const quizAttempts = tx.run(sql`
      DELETE FROM quiz_attempts WHERE id IN (
        SELECT id FROM (
          SELECT id, ROW_NUMBER() OVER (PARTITION BY user_id, course_slug, task_id ORDER BY id DESC) AS newest
          FROM quiz_attempts WHERE task_id <> 'final-assessment'
        ) WHERE newest > ${QUIZ_ATTEMPTS_KEPT}
      )`).changes;
    const longSent = and(eq(outboxMessages.status, 'sent'), lt(outboxMessages.sentAt, new Date(now.getTime() - SENT_MAIL_KEPT_MS)));
    // A mail with a dedupe key keeps its row (it is what stops the same cause from mailing twice), without its text.
    const sentMails =
      tx.delete(outboxMessages).where(and(longSent, isNull(outboxMessages.dedupeKey))).run().changes +
      tx.update(outboxMessages).set({ text: '', html: '', headers: null }).where(and(longSent, isNotNull(outboxMessages.dedupeKey), ne(outboxMessages.text, ''))).run().changes;
    return { sessions, tokens, throttleRows, quizAttempts, sentMails };
  });
}

/** Called on requests: at most once an hour, after the response, never in its way. */
export const scheduleCleanup = periodicStep(CLEANUP_EVERY_MS, 'cleanup failed', (db: Db) => log.info({ ...cleanupExpiredRows(db) }, 'expired rows removed'));

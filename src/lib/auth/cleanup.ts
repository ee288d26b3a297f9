/**
 * Expired sign-in data removed on a schedule: sessions past their limits, used or expired
 * e-mail tokens, and throttle counters whose window and block are over. Rows a learner's
 * record depends on (answers, quiz attempts, final draws, orders) are never touched here.
 */
import { and, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { authTokens, signInFailures } from '../db/schema.ts';
import { deleteExpiredSessions } from './sessions.ts';
import { log } from '../log/log.ts';

/** Throttle rows are kept this long after their window started (longer than any rule's window). */
const THROTTLE_KEEP_MS = 24 * 60 * 60 * 1000;
/** How often a running server cleans up on its own. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;

export interface CleanupCounts {
  sessions: number;
  tokens: number;
  throttleRows: number;
}

export function cleanupExpiredRows(db: Db, now = new Date()): CleanupCounts {
  return db.transaction((tx) => {
    const sessions = deleteExpiredSessions(tx, now.getTime());
    const tokens = tx.delete(authTokens).where(lt(authTokens.expiresAt, now)).run().changes;
    const throttleRows = tx
      .delete(signInFailures)
      .where(and(lt(signInFailures.windowStartedAt, new Date(now.getTime() - THROTTLE_KEEP_MS)), or(isNull(signInFailures.blockedUntil), lt(signInFailures.blockedUntil, now))))
      .run().changes;
    return { sessions, tokens, throttleRows };
  });
}

let lastRun = 0;

/** Called on requests: at most once an hour, after the response, never in its way. */
export function scheduleCleanup(db: Db, now = Date.now()): void {
  if (now - lastRun < CLEANUP_EVERY_MS) return;
  lastRun = now;
  setImmediate(() => {
    try {
      log.info({ ...cleanupExpiredRows(db) }, 'expired rows removed');
    } catch (error) {
      log.error({ err: (error as Error).message }, 'cleanup failed');
    }
  });
}

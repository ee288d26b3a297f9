/**
 * Throttling of failed sign-ins, per account and per network address, stored in the database
 * so that several app servers share it. After too many failures in a window the key is blocked
 * for a while; the caller answers 429 with Retry-After.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { signInFailures } from '../db/schema.ts';

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };

/** Seconds until the key may try again, or 0. */
export function retryAfter(db: DbOrTx, key: string, now = new Date()): number {
  const row = db.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
  if (!row?.blockedUntil) return 0;
  return Math.max(0, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000));
}

export function recordFailure(db: DbOrTx, key: string, rule: ThrottleRule, now = new Date()): void {
  db.transaction((tx) => {
    const row = tx.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
    const windowOver = !row || now.getTime() - row.windowStartedAt.getTime() > rule.windowSeconds * 1000;
    const failures = windowOver || !row ? 1 : row.failures + 1;
    const values = {
      failures,
      windowStartedAt: windowOver || !row ? now : row.windowStartedAt,
      blockedUntil: failures >= rule.maxFailures ? new Date(now.getTime() + rule.blockSeconds * 1000) : null,
    };
    tx.insert(signInFailures).values({ key, ...values }).onConflictDoUpdate({ target: signInFailures.key, set: values }).run();
  });
}

/**
 * Starts a sign-in attempt: refuses it while any key is blocked, otherwise counts it as a failure
 * before the (slow) password check, all in one transaction. Parallel guesses therefore cannot all
 * pass the check before any failure is recorded. A successful attempt is forgiven afterwards.
 * Returns the seconds to wait, or 0 when the attempt may go ahead.
 */
export function beginAttempt(db: Db, keys: [string, ThrottleRule][], now = new Date()): number {
  return db.transaction((tx) => {
    const wait = Math.max(...keys.map(([key]) => retryAfter(tx, key, now)));
    if (wait > 0) return wait;
    for (const [key, rule] of keys) recordFailure(tx, key, rule, now);
    return 0;
  });
}

/** Takes back one counted failure (the attempt succeeded). */
export function forgiveAttempt(db: Db, key: string): void {
  db.update(signInFailures)
    .set({ failures: sql`max(${signInFailures.failures} - 1, 0)` })
    .where(eq(signInFailures.key, key))
    .run();
}

export function clearFailures(db: Db, key: string): void {
  db.delete(signInFailures).where(eq(signInFailures.key, key)).run();
}

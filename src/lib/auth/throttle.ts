/**
 * Throttling of failed sign-ins, per account and per network address, stored in the database
 * so that several app servers share it. After too many failures in a window the key is blocked
 * for a while; the caller answers 429 with Retry-After.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInFailures } from '../db/schema.ts';

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };

/** Seconds until the key may try again, or 0. */
export function retryAfter(db: Db, key: string, now = new Date()): number {
  const row = db.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
  if (!row?.blockedUntil) return 0;
  return Math.max(0, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000));
}

export function recordFailure(db: Db, key: string, rule: ThrottleRule, now = new Date()): void {
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

export function clearFailures(db: Db, key: string): void {
  db.delete(signInFailures).where(eq(signInFailures.key, key)).run();
}

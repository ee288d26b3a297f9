/**
 * Throttling of failed sign-ins, per account and per network address, stored in the database
 * so that several app servers share it. After too many failures in a window the key is blocked
 * for a while; the caller answers 429 with Retry-After.
 */
import { eq, like, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { securityEvent } from '../log/log.ts';
import { signInFailures } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
/** A limit from the environment (an office behind one address may need more), or the default. */
const limit = (name: string, fallback: number) => Number(process.env[name]) || fallback;
/** Forms that send mail (sign-up, password reset, resend): per sender address (THROTTLE_MAIL_FROM_MAX) and per recipient. */
export const MAIL_FROM_RULE: ThrottleRule = { maxFailures: limit('THROTTLE_MAIL_FROM_MAX', 20), windowSeconds: 15 * 60, blockSeconds: 15 * 60 };
export const MAIL_TO_RULE: ThrottleRule = { maxFailures: 3, windowSeconds: 60 * 60, blockSeconds: 60 * 60 };
/** Self-assessments stored without an account, per address (THROTTLE_ASSESSMENT_MAX). */
export const ASSESSMENT_RULE: ThrottleRule = { maxFailures: limit('THROTTLE_ASSESSMENT_MAX', 20), windowSeconds: 60 * 60, blockSeconds: 60 * 60 };

/**
 * The key of failed sign-ins to one account from one address: an attacker elsewhere can use up
 * their own attempts, never the owner's.
 */
export function accountKey(email: string, address: string): string {
  return `account:${email.toLowerCase()}|${address}`;
}

/** Forgets the failed sign-ins to an account from every address (a password reset, a deletion). */
export function clearAccountFailures(db: DbOrTx, email: string): void {
  db.delete(signInFailures).where(like(signInFailures.key, `account:${email.toLowerCase()}|%`)).run();
}

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

/**
 * Counts one use of a limited action (every use counts, not only failures) and refuses with 429
 * and the seconds to wait once a key is over its limit.
 */
export function limitAction(db: Db, keys: [string, ThrottleRule][], now = new Date()): void {
  const wait = beginAttempt(db, keys, now);
  // The key kind only (address:, mail-to:, …): the keys themselves hold addresses.
  if (wait > 0) securityEvent('throttle.refused', { limits: keys.map(([key]) => key.split(':')[0]).join(','), retryAfterSeconds: wait });
  if (wait > 0) throw new AppError(429, 'error.tooManyAttempts', undefined, wait, { minutes: Math.ceil(wait / 60) });
}

/** A form that sends mail: limited per sender address and per recipient, so nobody can flood an inbox. */
export function limitMailForm(db: Db, address: string, recipient: string, now = new Date()): void {
  limitAction(db, [[`mail-from:${address}`, MAIL_FROM_RULE], [`mail-to:${recipient.trim().toLowerCase()}`, MAIL_TO_RULE]], now);
}

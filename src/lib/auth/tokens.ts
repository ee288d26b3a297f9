/**
 * Single-use, expiring tokens for e-mail verification and password reset. The link carries a
 * random token; the database stores only its SHA-256 hash, so a database leak reveals no link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { authTokens } from '../db/schema.ts';

export type TokenPurpose = 'verify-email' | 'reset-password';
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = { 'verify-email': 48 * 3600, 'reset-password': 3600 };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token and returns it in clear (for the link); earlier unused tokens of that purpose stop working. */
export function issueToken(db: Db, userId: string, purpose: TokenPurpose, email: string, now = new Date()): string {
  const token = randomBytes(32).toString('base64url');
  db.transaction((tx) => {
    tx.delete(authTokens).where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt))).run();
    tx.insert(authTokens)
      .values({ tokenHash: hashToken(token), purpose, userId, email, expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_SECONDS[purpose] * 1000) })
      .run();
  });
  return token;
}

/** Marks a token used and returns its user and e-mail, or null when it is unknown, used or expired. */
export function consumeToken(db: Db, token: string, purpose: TokenPurpose, now = new Date()): { userId: string; email: string } | null {
  return db.transaction((tx) => {
    const row = tx.select().from(authTokens).where(and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.purpose, purpose))).get();
    if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) return null;
    // Conditional update: of two simultaneous uses, only one changes a row.
    const updated = tx.update(authTokens).set({ usedAt: now }).where(and(eq(authTokens.tokenHash, row.tokenHash), isNull(authTokens.usedAt))).run();
    return updated.changes === 1 ? { userId: row.userId, email: row.email } : null;
  });
}

/** Whether a token is currently usable, without using it (to show the reset form). */
export function peekToken(db: Db, token: string, purpose: TokenPurpose, now = new Date()): boolean {
  const row = db.select().from(authTokens).where(and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.purpose, purpose))).get();
  return Boolean(row && !row.usedAt && row.expiresAt.getTime() > now.getTime());
}

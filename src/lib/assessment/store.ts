/** Saving results behind a private link, attaching them to an account, and a person's history. */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assessments } from '../db/schema.ts';
import type { Language } from '../courses/schema.ts';
import type { StoredAnswers } from './answers.ts';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Saves a result. Without an account it also returns a claim secret: the browser keeps it, and
 * only with it can the result later be attached to an account (knowing the link is not enough).
 */
export function saveAssessment(db: Db, answers: StoredAnswers, language: Language, userId: string | null, now = new Date()): { id: string; claimSecret: string | null } {
  const id = randomBytes(18).toString('base64url');
  const claimSecret = userId ? null : randomBytes(24).toString('base64url');
  db.insert(assessments).values({ id, userId, language, answers, claimHash: claimSecret ? hash(claimSecret) : null, createdAt: now }).run();
  return { id, claimSecret };
}

export function getAssessment(db: Db, id: string) {
  const row = db.select().from(assessments).where(eq(assessments.id, id)).get();
  return row ? { ...row, answers: row.answers as StoredAnswers } : null;
}

/** Attaches results taken before signing in, when the claim secret matches; owned results stay their owner's. */
export function claimAssessments(db: Db, claims: { id: string; secret: string }[], userId: string): number {
  let claimed = 0;
  for (const { id, secret } of claims) {
    const result = db
      .update(assessments)
      .set({ userId, claimHash: null })
      .where(and(eq(assessments.id, id), isNull(assessments.userId), eq(assessments.claimHash, hash(secret))))
      .run();
    claimed += result.changes;
  }
  return claimed;
}

export function assessmentHistory(db: Db, userId: string) {
  return db
    .select()
    .from(assessments)
    .where(eq(assessments.userId, userId))
    .orderBy(desc(assessments.createdAt))
    .all()
    .map((row) => ({ ...row, answers: row.answers as StoredAnswers }));
}

/** Saving results behind a private link, attaching them to an account, and a person's history. */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assessments } from '../db/schema.ts';
import type { Language } from '../courses/schema.ts';
import type { StoredAnswers } from './answers.ts';

export function saveAssessment(db: Db, answers: StoredAnswers, language: Language, userId: string | null, now = new Date()): string {
  const id = randomBytes(18).toString('base64url');
  db.insert(assessments).values({ id, userId, language, answers, createdAt: now }).run();
  return id;
}

export function getAssessment(db: Db, id: string) {
  const row = db.select().from(assessments).where(eq(assessments.id, id)).get();
  return row ? { ...row, answers: row.answers as StoredAnswers } : null;
}

/** Attaches results taken before signing in; results that belong to someone else stay theirs. */
export function claimAssessments(db: Db, ids: string[], userId: string): void {
  for (const id of ids) db.update(assessments).set({ userId }).where(and(eq(assessments.id, id), isNull(assessments.userId))).run();
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

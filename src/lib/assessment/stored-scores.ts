/**
 * Each self-assessment's skill and inclination per function, stored so that reading a coverage
 * map over thousands of shared assessments reads numbers instead of parsing and scoring every
 * one per request (docs/decisions/0016).
 *
 * The numbers are derived from the stored answers, the scenarios' best answers in the content and
 * scoring.ts. Each entry carries a fingerprint of the last two; after a content or scoring change
 * the fingerprint differs and the entry is scored again from the answers and stored, so the
 * numbers never go stale. Stored when an assessment is saved; assessments saved before these
 * columns existed (drizzle/0015) are scored the first time a coverage map needs them. The
 * fingerprint covers the scoring code as built, so a new build scores again once, too.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { assessments } from '../db/schema.ts';
import type { Language } from '../courses/schema.ts';
import { scoringInput, type StoredAnswers } from './answers.ts';
import { FUNCTION_IDS, scoreFunctions } from './scoring.ts';
import type { AssessmentItem } from './schema.ts';
import { saveAssessment } from './store.ts';

/**
 * Skill and inclination per function, in the order of FUNCTION_IDS, flat: the skill of function i
 * at 2i, its inclination at 2i + 1 (one small array per assessment, not eleven, for maps over
 * thousands of them).
 */
export type FunctionNumbers = number[];

/** What the numbers depend on besides the answers: which scenario options are best, and the scoring code. */
export function scoringFingerprint(items: Map<string, AssessmentItem>): string {
  const keys = FUNCTION_IDS.map((id) => (items.get(id)?.scenarios ?? []).map((s) => [s.id, s.options.map((o) => Boolean(o.best))]));
  return createHash('sha256')
    .update('flat skill, inclination per function')
    .update(JSON.stringify(keys))
    .update(String(scoreFunctions))
    .update(String(scoringInput))
    .digest('base64url')
    .slice(0, 22);
}

export function functionNumbers(answers: StoredAnswers, items: Map<string, AssessmentItem>): FunctionNumbers {
  const scores = new Map(scoreFunctions(scoringInput(answers, items)).map((s) => [s.id, s]));
  return FUNCTION_IDS.flatMap((id) => [scores.get(id)?.skill ?? 1, scores.get(id)?.inclination ?? 1]);
}

/** Stores the numbers of these assessments (a new one when it is saved, stale ones when read). */
export function storeFunctionNumbers(db: DbOrTx, scored: { assessmentId: string; numbers: FunctionNumbers }[], fingerprint: string): void {
  for (const { assessmentId, numbers } of scored) db.update(assessments).set({ scores: JSON.stringify(numbers), scoredWith: fingerprint }).where(eq(assessments.id, assessmentId)).run();
}

/** Saves an assessment (store.ts) with its numbers, in one transaction. */
export function saveScoredAssessment(db: Db, answers: StoredAnswers, items: Map<string, AssessmentItem>, language: Language, userId: string | null, now = new Date()): { id: string; claimSecret: string | null } {
  return db.transaction(() => {
    const saved = saveAssessment(db, answers, language, userId, now);
    storeFunctionNumbers(db, [{ assessmentId: saved.id, numbers: functionNumbers(answers, items) }], scoringFingerprint(items));
    return saved;
  });
}

export interface LatestNumbers {
  /** Per person: the numbers of their latest assessment, where stored with the current fingerprint. */
  numbers: Map<string, FunctionNumbers>;
  /** Latest assessments without current numbers, with their answers, to be scored by the caller. */
  stale: { userId: string; assessmentId: string; answers: StoredAnswers }[];
}

/**
 * The numbers of each person's latest assessment. Only reads (so it can run inside a read
 * snapshot); the caller scores `stale` with `functionNumbers` and stores them afterwards. The
 * caller decides whose assessments may be read (for organisations: access.ts).
 */
export function readLatestNumbers(db: Db, userIds: string[], fingerprint: string): LatestNumbers {
  const result: LatestNumbers = { numbers: new Map(), stale: [] };
  if (userIds.length === 0) return result;
  const rows = db.$client
    .prepare('select user_id, id, created_at, scored_with, scores from assessments where user_id in (select value from json_each(?))')
    .raw(true)
    .all(JSON.stringify(userIds)) as [string, string, number, string | null, string | null][];
  // Most people have one assessment: the latest is picked here rather than sorted for in SQL.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const known = latest.get(row[0]);
    if (!known || row[2] > known[2]) latest.set(row[0], row);
  }
  const missing = new Map<string, string>();
  for (const [userId, assessmentId, , scoredWith, scores] of latest.values()) {
    if (scoredWith === fingerprint && scores) result.numbers.set(userId, JSON.parse(scores) as FunctionNumbers);
    else missing.set(assessmentId, userId);
  }
  if (missing.size > 0) {
    const answers = db.$client
      .prepare('select id, answers from assessments where id in (select value from json_each(?))')
      .raw(true)
      .all(JSON.stringify([...missing.keys()])) as [string, string][];
    for (const [assessmentId, text] of answers) result.stale.push({ userId: missing.get(assessmentId)!, assessmentId, answers: JSON.parse(text) as StoredAnswers });
  }
  return result;
}

import { describe, expect, it } from 'vitest';
import { freshDb } from '../support/db.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { assessmentHistory, claimAssessments, getAssessment, saveAssessment } from '../../src/lib/assessment/store.ts';
import type { StoredAnswers } from '../../src/lib/assessment/answers.ts';

const answers = { role: 'agency', goal: 'reach', platforms: [], functions: {} } as unknown as StoredAnswers;

describe('storing self-assessments', () => {
  it('attaches an anonymous result only with the claim secret its browser holds', async () => {
    const db = freshDb();
    const owner = await createUser(db, { name: 'O', email: 'o@example.com', password: 'xxxxxxxxxxxx' });
    const intruder = await createUser(db, { name: 'I', email: 'i@example.com', password: 'xxxxxxxxxxxx' });
    const { id, claimSecret } = saveAssessment(db, answers, 'en', null);
    expect(claimSecret).toBeTypeOf('string');
    // Knowing the private link is not enough.
    expect(claimAssessments(db, [{ id, secret: 'guessed-secret-value' }], intruder)).toBe(0);
    expect(claimAssessments(db, [{ id, secret: claimSecret! }], owner)).toBe(1);
    // Once owned, it stays the owner's, even with the old secret.
    expect(claimAssessments(db, [{ id, secret: claimSecret! }], intruder)).toBe(0);
    expect(getAssessment(db, id)?.userId).toBe(owner);
    expect(assessmentHistory(db, owner).map((a) => a.id)).toEqual([id]);
    expect(assessmentHistory(db, intruder)).toEqual([]);
  });

  it('needs no secret for results taken while signed in', async () => {
    const db = freshDb();
    const user = await createUser(db, { name: 'U', email: 'u@example.com', password: 'xxxxxxxxxxxx' });
    const { id, claimSecret } = saveAssessment(db, answers, 'de', user);
    expect(claimSecret).toBeNull();
    expect(getAssessment(db, id)).toMatchObject({ userId: user, language: 'de', claimHash: null });
  });
});

import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDb } from '../support/db.ts';
import { authenticate, changeEmail, createUser, resetPassword, verifyEmail } from '../../src/lib/auth/accounts.ts';
import { isUniqueConstraintError } from '../../src/lib/db/errors.ts';
import { deleteAccount, exportUserData } from '../../src/lib/account/personal-data.ts';
import { consumeToken, issueToken, peekToken } from '../../src/lib/auth/tokens.ts';
import { accountKey, ACCOUNT_RULE, recordFailure, retryAfter } from '../../src/lib/auth/throttle.ts';
import { loadSessionUser, resumeSession, startSession } from '../../src/lib/auth/sessions.ts';
import { AppError } from '../../src/lib/http/errors.ts';
import { authTokens, userRoles, users } from '../../src/lib/db/schema.ts';
import { requireRole, requireUser, requireVerifiedUser } from '../../src/lib/auth/guards.ts';

async function learner(db = freshDb(), verified = true) {
  const id = await createUser(db, { name: 'Lea', email: 'Lea@Example.com', password: 'correct horse battery', verified });
  return { db, id };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('tokens', () => {
  it('stores only a hash and works once', async () => {
    const { db, id } = await learner();
    const token = issueToken(db, id, 'reset-password', 'lea@example.com');
    const stored = db.select().from(authTokens).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    expect(peekToken(db, token, 'reset-password')).toBe(true);
    expect(consumeToken(db, token, 'verify-email')).toBeNull();
    expect(consumeToken(db, token, 'reset-password')).toEqual({ userId: id, email: 'lea@example.com' });
    expect(consumeToken(db, token, 'reset-password')).toBeNull();
  });

  it('expires, and a new token replaces the unused old one', async () => {
    const { db, id } = await learner();
    const old = issueToken(db, id, 'reset-password', 'lea@example.com');
    const fresh = issueToken(db, id, 'reset-password', 'lea@example.com');
    expect(peekToken(db, old, 'reset-password')).toBe(false);
    expect(consumeToken(db, fresh, 'reset-password', new Date(Date.now() + 2 * 3600 * 1000))).toBeNull();
  });

  it('verifies only the address the link was sent to', async () => {
    const { db, id } = await learner(freshDb(), false);
    const token = issueToken(db, id, 'verify-email', 'lea@example.com');
    db.update(users).set({ email: 'other@example.com' }).where(eq(users.id, id)).run();
    expect(verifyEmail(db, token)).toBeNull();
    expect(loadSessionUser(db, id)?.emailVerified).toBe(false);
  });
});

describe('sign-in', () => {
  it('accepts the right password case-insensitively on the address, and refuses others alike', async () => {
    const { db, id } = await learner();
    await expect(authenticate(db, 'LEA@example.com', 'correct horse battery', '10.0.0.1')).resolves.toBe(id);
    const wrong = await rejection(authenticate(db, 'lea@example.com', 'wrong', '10.0.0.1'));
    const unknown = await rejection(authenticate(db, 'nobody@example.com', 'wrong', '10.0.0.1'));
    expect([wrong.status, wrong.key]).toEqual([400, 'error.badCredentials']);
    expect([unknown.status, unknown.key]).toEqual([400, 'error.badCredentials']);
  });

  it('blocks an account from the address that keeps failing, with a retry time, but never locks the owner out from elsewhere', async () => {
    const { db, id } = await learner();
    const statuses: number[] = [];
    for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) statuses.push((await rejection(authenticate(db, 'lea@example.com', 'wrong', '10.0.0.1'))).status);
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await rejection(authenticate(db, 'lea@example.com', 'correct horse battery', '10.0.0.1'));
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfter(db, accountKey('lea@example.com', '10.0.0.1'), new Date(Date.now() + (ACCOUNT_RULE.blockSeconds + 1) * 1000))).toBe(0);
    // The owner, somewhere else, signs in as usual.
    await expect(authenticate(db, 'lea@example.com', 'correct horse battery', '10.0.1.1')).resolves.toBe(id);
    // An attacker rotating addresses gets a few guesses per address, and still cannot lock the owner out.
    for (let i = 0; i < 20; i++) await rejection(authenticate(db, 'lea@example.com', 'wrong', `10.0.2.${i}`));
    await expect(authenticate(db, 'lea@example.com', 'correct horse battery', '10.0.1.1')).resolves.toBe(id);
  });

  it('counts parallel guesses before checking them, so a burst cannot slip the right password through', async () => {
    const { db } = await learner();
    const guesses = Array.from({ length: 12 }, (_, i) => authenticate(db, 'lea@example.com', `wrong-${i}`, '10.0.2.1').catch((e: AppError) => e.status));
    const right = authenticate(db, 'lea@example.com', 'correct horse battery', '10.0.2.1').catch((e: AppError) => e.status);
    const statuses = await Promise.all([...guesses, right]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
    expect(statuses.at(-1)).toBe(429);
  });

  it('starts a new failure window after the old one ends', async () => {
    const { db } = await learner();
    const start = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < ACCOUNT_RULE.maxFailures - 1; i++) recordFailure(db, 'account:x', ACCOUNT_RULE, start);
    recordFailure(db, 'account:x', ACCOUNT_RULE, new Date(start.getTime() + (ACCOUNT_RULE.windowSeconds + 1) * 1000));
    expect(retryAfter(db, 'account:x', start)).toBe(0);
  });
});

describe('sessions and roles', () => {
  it('ends every session when the password is reset', async () => {
    const { db, id } = await learner();
    const first = await startSession(db, id);
    const second = await startSession(db, id);
    const token = issueToken(db, id, 'reset-password', 'lea@example.com');
    await resetPassword(db, token, 'a brand new password');
    expect((await resumeSession(db, first.value)).user).toBeNull();
    expect((await resumeSession(db, second.value)).user).toBeNull();
    await expect(authenticate(db, 'lea@example.com', 'a brand new password', '10.0.0.9')).resolves.toBe(id);
  });

  it('checks roles in one place', async () => {
    const db = freshDb();
    const tutor = loadSessionUser(db, await createUser(db, { name: 'T', email: 't@example.com', password: 'xxxxxxxxxxxx', roles: ['tutor'] }));
    const admin = loadSessionUser(db, await createUser(db, { name: 'A', email: 'a@example.com', password: 'xxxxxxxxxxxx', roles: ['admin'] }));
    const unverified = loadSessionUser(db, await createUser(db, { name: 'U', email: 'u@example.com', password: 'xxxxxxxxxxxx', verified: false }));
    expect(() => requireUser(null)).toThrow(AppError);
    expect(requireRole(tutor, 'tutor').id).toBe(tutor!.id);
    expect(() => requireRole(tutor, 'moderator')).toThrow('error.forbidden');
    expect(requireRole(admin, 'moderator').id).toBe(admin!.id);
    expect(() => requireVerifiedUser(unverified)).toThrow('error.verifyFirst');
  });
});

describe('personal data', () => {
  it('exports everything about a person and deletes it on request', async () => {
    const { db, id } = await learner();
    expect(exportUserData(db, id).account.email).toBe('lea@example.com');
    await expect(rejection(deleteAccount(db, id, 'wrong'))).resolves.toMatchObject({ status: 400, field: 'currentPassword' });
    await deleteAccount(db, id, 'correct horse battery');
    const row = db.select().from(users).where(eq(users.id, id)).get()!;
    expect(row).toMatchObject({ email: null, name: '', passwordHash: null });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(loadSessionUser(db, id)).toBeNull();
    await expect(createUser(db, { name: 'New', email: 'lea@example.com', password: 'xxxxxxxxxxxx' })).resolves.toBeTypeOf('string');
  });
});

describe('unique addresses', () => {
  it('recognises a unique violation by its SQLite code through drizzle’s wrapper, and nothing else', async () => {
    const db = freshDb();
    await createUser(db, { name: 'First', email: 'same@example.com', password: 'correct horse battery' });
    let caught: unknown;
    try {
      db.insert(users).values({ id: 'other-id', name: 'Second', email: 'same@example.com', passwordHash: null, language: 'en' }).run();
    } catch (error) {
      caught = error;
    }
    expect(isUniqueConstraintError(caught)).toBe(true);
    expect(isUniqueConstraintError(new Error('UNIQUE constraint failed: users.email'))).toBe(false);
    let foreignKey: unknown;
    try {
      db.insert(userRoles).values({ userId: 'nobody', role: 'tutor' }).run();
    } catch (error) {
      foreignKey = error;
    }
    expect(foreignKey).toBeDefined();
    expect(isUniqueConstraintError(foreignKey)).toBe(false);
  });

  it('lets one of two accounts switching to the same address at once have it; the other is told, not given a 500', async () => {
    const db = freshDb();
    const a = await createUser(db, { name: 'A', email: 'a@example.com', password: 'correct horse battery' });
    const b = await createUser(db, { name: 'B', email: 'b@example.com', password: 'correct horse battery' });
    const outcomes = await Promise.allSettled([
      changeEmail(db, a, 'wanted@example.com', 'correct horse battery', 'http://localhost'),
      changeEmail(db, b, 'wanted@example.com', 'correct horse battery', 'http://localhost'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect(refused.reason).toMatchObject({ status: 409, key: 'error.emailTaken', field: 'email' });
    expect(db.select().from(users).all().filter((u) => u.email === 'wanted@example.com')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDb } from '../support/db.ts';
import { authenticate, changeEmail, createUser, resetPassword, verifyEmail } from '../../src/lib/auth/accounts.ts';
import { isUniqueConstraintError } from '../../src/lib/db/errors.ts';
import { deleteAccount, exportUserData } from '../../src/lib/account/personal-data.ts';
import { consumeToken, issueToken, peekToken } from '../../src/lib/auth/tokens.ts';
import { accountKey, ACCOUNT_RULE, recordFailure, retryAfter } from '../../src/lib/auth/throttle.ts';
import { SESSION_ABSOLUTE_DAYS, SESSION_IDLE_DAYS, deleteExpiredSessions, endOwnSessions, listSessions, loadSessionUser, resumeSession, sessionIdFor, startSession } from '../../src/lib/auth/sessions.ts';
import { AppError } from '../../src/lib/http/errors.ts';
import { authTokens, outboxMessages, quizAttempts, sessions, signInFailures, userRoles, users } from '../../src/lib/db/schema.ts';
import { QUIZ_ATTEMPTS_KEPT, SENT_MAIL_KEPT_MS, cleanupExpiredRows } from '../../src/lib/auth/cleanup.ts';
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
  it('stores only the SHA-256 of the cookie token, so the table opens no session', async () => {
    const { db, id } = await learner();
    const cookie = await startSession(db, id, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    const rows = db.select().from(sessions).where(eq(sessions.userId, id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(cookie.value);
    expect(rows[0].id).toBe(sessionIdFor(cookie.value));
    expect(rows[0].userAgent).toContain('Firefox');
    expect((await resumeSession(db, cookie.value)).user?.id).toBe(id);
    // Someone holding a copy of the table cannot use a stored id as a cookie.
    expect((await resumeSession(db, rows[0].id)).user).toBeNull();
  });

  it('ends a session after the idle limit and after the absolute lifetime, even when used daily', async () => {
    const { db, id } = await learner();
    const idle = await startSession(db, id);
    db.update(sessions).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).where(eq(sessions.id, sessionIdFor(idle.value))).run();
    expect((await resumeSession(db, idle.value)).user).toBeNull();

    const old = await startSession(db, id);
    const started = Date.now() - (SESSION_ABSOLUTE_DAYS * 24 + 1) * 3600_000;
    db.update(sessions).set({ createdAt: started }).where(eq(sessions.id, sessionIdFor(old.value))).run();
    expect((await resumeSession(db, old.value)).user).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    expect(SESSION_IDLE_DAYS).toBeLessThan(SESSION_ABSOLUTE_DAYS);
  });

  it('lists a user\'s own sessions and ends one or all others, never another user\'s', async () => {
    const { db, id } = await learner();
    const otherId = await createUser(db, { name: 'Other', email: 'other@example.com', password: 'another long password', verified: true });
    const other = { id: otherId };
    const theirs = await startSession(db, other.id);
    const here = await startSession(db, id);
    const phone = await startSession(db, id);
    const laptop = await startSession(db, id);
    const list = listSessions(db, id, sessionIdFor(here.value));
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdFor(here.value)]);

    expect(endOwnSessions(db, id, { sessionId: sessionIdFor(theirs.value) })).toBe(0);
    expect((await resumeSession(db, theirs.value)).user?.id).toBe(other.id);
    expect(endOwnSessions(db, id, { sessionId: sessionIdFor(phone.value) })).toBe(1);
    expect((await resumeSession(db, phone.value)).user).toBeNull();
    expect(endOwnSessions(db, id, { allExcept: sessionIdFor(here.value) })).toBe(1);
    expect((await resumeSession(db, laptop.value)).user).toBeNull();
    expect((await resumeSession(db, here.value)).user?.id).toBe(id);
    expect((await resumeSession(db, theirs.value)).user?.id).toBe(other.id);
  });

  it('cleans up expired sessions, e-mail tokens, old throttle counters and long-sent e-mails, and nothing still in use', async () => {
    const { db, id } = await learner();
    const live = await startSession(db, id);
    const stale = await startSession(db, id);
    db.update(sessions).set({ expiresAt: 1 }).where(eq(sessions.id, sessionIdFor(stale.value))).run();
    const liveToken = issueToken(db, id, 'reset-password', 'lea@example.com');
    issueToken(db, id, 'verify-email', 'lea@example.com');
    db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authTokens.purpose, 'verify-email')).run();
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    recordFailure(db, 'address:10.0.0.1', ACCOUNT_RULE, dayAgo);
    recordFailure(db, 'address:10.0.0.2', ACCOUNT_RULE);

    const attempt = (taskId: string) => ({ userId: id, courseSlug: 'c', lessonSlug: 'l', taskId, answers: {}, score: 0, total: 1, percent: 0, passed: false });
    for (let i = 0; i < QUIZ_ATTEMPTS_KEPT + 5; i++) db.insert(quizAttempts).values(attempt('lesson-quiz')).run();
    for (let i = 0; i < 5; i++) db.insert(quizAttempts).values(attempt('final-assessment')).run();

    const mail = (status: 'sent' | 'failed', sentAt: Date | null, to: string, dedupeKey: string | null = null) => ({ to, subject: 's', text: 'a link', html: 'h', kind: 'test', dedupeKey, status, nextAttemptAt: new Date(), createdAt: new Date(), sentAt });
    const longAgo = new Date(Date.now() - SENT_MAIL_KEPT_MS - 60_000);
    db.insert(outboxMessages).values([mail('sent', longAgo, 'old@example.com'), mail('sent', longAgo, 'once@example.com', 'order:1'), mail('sent', new Date(), 'recent@example.com'), mail('failed', null, 'failed@example.com')]).run();

    expect(cleanupExpiredRows(db)).toEqual({ sessions: 1, tokens: 1, throttleRows: 1, quizAttempts: 5, sentMails: 2 });
    const left = db.select({ to: outboxMessages.to, text: outboxMessages.text }).from(outboxMessages).all().sort((a, b) => a.to.localeCompare(b.to));
    // The deduplicated mail keeps its row (so its cause cannot mail again), emptied.
    expect(left).toEqual([{ to: 'failed@example.com', text: 'a link' }, { to: 'once@example.com', text: '' }, { to: 'recent@example.com', text: 'a link' }]);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.taskId, 'lesson-quiz')).all()).toHaveLength(QUIZ_ATTEMPTS_KEPT);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.taskId, 'final-assessment')).all()).toHaveLength(5);
    expect((await resumeSession(db, live.value)).user?.id).toBe(id);
    expect(peekToken(db, liveToken, 'reset-password')).toBeTruthy();
    expect(retryAfter(db, 'address:10.0.0.2')).toBe(0);
    expect(db.select().from(signInFailures).all().map((r) => r.key)).toEqual(['address:10.0.0.2']);
    expect(deleteExpiredSessions(db)).toBe(0);
    expect(cleanupExpiredRows(db).sentMails).toBe(0);
  });

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

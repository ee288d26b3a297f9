/**
 * Accounts: sign-up with e-mail verification, sign-in with throttling, password reset, changes
 * to name, e-mail and password, roles. Export and deletion of personal data live in `account`. Plain functions over the db handle;
 * expected failures are thrown as AppError with a status and the field they belong to.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { isUniqueConstraintError } from '../db/errors.ts';
import { authTokens, userRoles, users, type Role } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { translator } from '../i18n/ui.ts';
import type { Language } from '../courses/schema.ts';
import { queueMail } from '../mail/outbox.ts';
import { emailHandle, log, securityEvent } from '../log/log.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { endAllSessions } from './sessions.ts';
import { consumeToken, issueToken } from './tokens.ts';
import { accountKey, ACCOUNT_RULE, ADDRESS_RULE, beginAttempt, clearAccountFailures, clearFailures, forgiveAttempt, retryAfter } from './throttle.ts';

/** A hash to compare against when the account does not exist, so both cases take as long. */
let dummyHash: Promise<string> | undefined;

function findByEmail(db: Db, email: string) {
  return db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
}

function sendVerification(db: Db, userId: string, email: string, language: Language, baseUrl: string): void {
  const token = issueToken(db, userId, 'verify-email', email);
  const t = translator(language);
  queueMail(db, { to: email, kind: 'verify-email', subject: t('mail.verify.subject'), text: t('mail.verify.body', { link: `${baseUrl}/verify-email?token=${token}` }) });
}

/** The owner of an address someone tried to sign up with again: told, not the person at the form. */
function tellOwnerOfSignUpAttempt(db: Db, owner: { email: string | null; language: Language }, baseUrl: string): void {
  if (!owner.email) return;
  const t = translator(owner.language);
  queueMail(db, { to: owner.email, kind: 'sign-up-existing', subject: t('mail.signUpExisting.subject'), text: t('mail.signUpExisting.body', { signIn: `${baseUrl}/sign-in`, reset: `${baseUrl}/forgot-password` }) });
}

/**
 * Creates an unverified account and mails the confirmation link; the link signs the person in.
 * For an address that already has an account nothing is created and its owner gets a mail
 * instead: the answer (and the time it takes) is the same either way, so the form does not
 * tell anyone who has an account. Returns the new id, or null when the address was taken.
 */
export async function signUp(db: Db, input: { name: string; email: string; password: string; language: Language }, baseUrl: string): Promise<string | null> {
  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const owner = findByEmail(db, email);
  if (owner) {
    tellOwnerOfSignUpAttempt(db, owner, baseUrl);
    return null;
  }
  const id = randomUUID();
  try {
    db.insert(users).values({ id, name: input.name, email, passwordHash, language: input.language }).run();
  } catch (error) {
    // Two sign-ups with the same address at once: the unique index decides, and the loser is told like any other.
    if (!isUniqueConstraintError(error)) throw error;
    const winner = findByEmail(db, email);
    if (winner) tellOwnerOfSignUpAttempt(db, winner, baseUrl);
    return null;
  }
  sendVerification(db, id, email, input.language, baseUrl);
  return id;
}

export async function resendVerification(db: Db, userId: string, baseUrl: string): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.email || user.emailVerifiedAt) return;
  sendVerification(db, user.id, user.email, user.language, baseUrl);
}

/** Marks the address verified; returns the user id, or null for an unknown, used or expired link. */
export function verifyEmail(db: Db, token: string): string | null {
  const used = consumeToken(db, token, 'verify-email');
  if (!used) return null;
  const result = db.update(users).set({ emailVerifiedAt: new Date() }).where(and(eq(users.id, used.userId), eq(users.email, used.email))).run();
  return result.changes === 1 ? used.userId : null;
}

/** Checks e-mail and password; throttled per account and per address. Returns the user id. */
export async function authenticate(db: Db, email: string, password: string, address: string): Promise<string> {
  const accountKeyForAddress = accountKey(email, address);
  const addressKey = `address:${address}`;
  // The attempt counts as a failure until the password proved right (see beginAttempt).
  const wait = beginAttempt(db, [[accountKeyForAddress, ACCOUNT_RULE], [addressKey, ADDRESS_RULE]]);
  if (wait > 0) {
    securityEvent('sign-in.blocked', { account: emailHandle(email), address, retryAfterSeconds: wait });
    throw new AppError(429, 'error.tooManyAttempts', undefined, wait);
  }
  const user = findByEmail(db, email);
  dummyHash ??= hashPassword('not a real password, only for timing');
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !ok || user.deletedAt) {
    const blocked = Math.max(retryAfter(db, accountKeyForAddress), retryAfter(db, addressKey));
    securityEvent(blocked > 0 ? 'sign-in.blocked' : 'sign-in.failed', { account: emailHandle(email), address, knownAccount: Boolean(user && !user.deletedAt) });
    if (blocked > 0) throw new AppError(429, 'error.tooManyAttempts', undefined, blocked);
    throw new AppError(400, 'error.badCredentials', 'email');
  }
  clearFailures(db, accountKeyForAddress);
  forgiveAttempt(db, addressKey);
  securityEvent('sign-in.succeeded', { userId: user.id, address });
  return user.id;
}

/** Always behaves the same whether or not the address has an account, so it reveals nothing. */
export async function requestPasswordReset(db: Db, email: string, baseUrl: string): Promise<void> {
  const user = findByEmail(db, email);
  if (!user?.email || user.deletedAt) return;
  const { id, language } = user;
  const to = user.email;
  // Even the token's write happens after the answer: a known address must not take longer to answer than an unknown one.
  setImmediate(() => {
    try {
      const token = issueToken(db, id, 'reset-password', to);
      const t = translator(language);
      queueMail(db, { to, kind: 'reset-password', subject: t('mail.reset.subject'), text: t('mail.reset.body', { link: `${baseUrl}/reset-password?token=${token}` }) });
    } catch (error) {
      log.error({ userId: id, err: (error as Error).message }, 'password reset link could not be issued');
    }
  });
}

/** Sets a new password with a reset link; ends every session. Returns the user id. */
export async function resetPassword(db: Db, token: string, password: string): Promise<string> {
  const used = consumeToken(db, token, 'reset-password');
  if (!used) throw new AppError(400, 'error.linkInvalid', 'password');
  const passwordHash = await hashPassword(password);
  // The link arrived in the mailbox, which proves the address as well. A link sent to an address
  // the account no longer has changes nothing.
  const updated = db.update(users).set({ passwordHash, emailVerifiedAt: new Date() }).where(and(eq(users.id, used.userId), eq(users.email, used.email))).run();
  if (updated.changes !== 1) throw new AppError(400, 'error.linkInvalid', 'password');
  await endAllSessions(db, used.userId);
  clearAccountFailures(db, used.email);
  securityEvent('password.reset', { userId: used.userId });
  return used.userId;
}

/** Refuses (400, next to the field) when the password is not the account's current one. */
export async function requireCurrentPassword(db: Db, userId: string, password: string): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!(await verifyPassword(user?.passwordHash ?? null, password))) throw new AppError(400, 'error.wrongPassword', 'currentPassword');
}

export function changeName(db: Db, userId: string, name: string): void {
  db.update(users).set({ name }).where(eq(users.id, userId)).run();
}

/** Changes the address; it must be verified again. */
export async function changeEmail(db: Db, userId: string, email: string, currentPassword: string, baseUrl: string): Promise<void> {
  await requireCurrentPassword(db, userId, currentPassword);
  const owner = findByEmail(db, email);
  if (owner && owner.id !== userId) throw new AppError(409, 'error.emailTaken', 'email');
  if (owner) return;
  const before = db.select({ email: users.email, language: users.language }).from(users).where(eq(users.id, userId)).get();
  try {
    db.transaction((tx) => {
      tx.update(users).set({ email: email.toLowerCase(), emailVerifiedAt: null }).where(eq(users.id, userId)).run();
      // Links sent to the old address stop working.
      tx.delete(authTokens).where(eq(authTokens.userId, userId)).run();
    });
  } catch (error) {
    // Two accounts switching to one address at once: the unique index decides, the loser is told.
    if (isUniqueConstraintError(error)) throw new AppError(409, 'error.emailTaken', 'email');
    throw error;
  }
  const user = db.select().from(users).where(eq(users.id, userId)).get()!;
  sendVerification(db, userId, email.toLowerCase(), user.language, baseUrl);
  securityEvent('email.changed', { userId });
  // The old address hears of it: if someone else changed it, the owner can act.
  if (before?.email) tellOwner(db, before.email, before.language, 'mail.emailChanged', { email: email.toLowerCase(), link: `${baseUrl}/forgot-password` });
}

/** A short notice to an account's owner about a change they may not have made. */
function tellOwner(db: Db, to: string, language: Language, key: 'mail.emailChanged' | 'mail.passwordChanged', vars: Record<string, string>): void {
  const t = translator(language);
  queueMail(db, { to, kind: key, subject: t(`${key}.subject`), text: t(`${key}.body`, vars) });
}

/** Changes the password and ends every session; the caller starts a new one for this browser. */
export async function changePassword(db: Db, userId: string, currentPassword: string, password: string): Promise<void> {
  await requireCurrentPassword(db, userId, currentPassword);
  db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId)).run();
  const user = db.select({ email: users.email, language: users.language }).from(users).where(eq(users.id, userId)).get();
  if (user?.email) tellOwner(db, user.email, user.language, 'mail.passwordChanged', { link: `${publicBaseUrl()}/forgot-password` });
  await endAllSessions(db, userId);
  securityEvent('password.changed', { userId });
}

export function setLanguage(db: Db, userId: string, language: Language): void {
  db.update(users).set({ language }).where(eq(users.id, userId)).run();
}

/** Creates a ready account without the e-mail round trip: for the seed script, admin tooling and tests. */
export async function createUser(db: Db, input: { name: string; email: string; password: string; roles?: Role[]; verified?: boolean; language?: Language }): Promise<string> {
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  db.transaction((tx) => {
    tx.insert(users).values({ id, name: input.name, email: input.email.toLowerCase(), passwordHash, language: input.language ?? 'en', emailVerifiedAt: input.verified === false ? null : new Date() }).run();
    for (const role of input.roles ?? []) if (role !== 'learner') tx.insert(userRoles).values({ userId: id, role }).run();
  });
  return id;
}

/**
 * The account a payment belongs to: the existing one with this address, or a new one made from
 * the checkout e-mail (the payment proves the address; the buyer sets a password by e-mail link
 * or signs in from the browser that paid). Runs inside the caller's transaction.
 */
export function accountForPaidEmail(tx: DbOrTx, email: string, language: Language): { userId: string; created: boolean } {
  const address = email.toLowerCase();
  const existing = tx.select({ id: users.id, verified: users.emailVerifiedAt }).from(users).where(eq(users.email, address)).get();
  if (existing) {
    if (!existing.verified) tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, existing.id)).run();
    return { userId: existing.id, created: false };
  }
  const id = randomUUID();
  tx.insert(users).values({ id, name: address.split('@')[0], email: address, passwordHash: null, language, emailVerifiedAt: new Date() }).run();
  return { userId: id, created: true };
}

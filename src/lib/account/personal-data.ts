/**
 * What a person can do with their own data: download all of it, or delete the account. Above
 * `auth`, `progress` and `certificates`, because deleting a person touches every area's records.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accessGrants, assessments, authTokens, courseCompletions, enrolments, finalDraws, quizAttempts, sessions, taskResponses, userRoles, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireCurrentPassword } from '../auth/accounts.ts';
import { clearAccountFailures } from '../auth/throttle.ts';
import { certificatesOf, withdrawCertificatesOfDeletedAccount } from '../certificates/certificates.ts';
import { securityEvent } from '../log/log.ts';
import { leaveAllOrganisations, membershipsOf } from '../orgs/organisations.ts';
import { commentsOf, deleteCommentsOf } from '../discussions/comments.ts';

/** Everything stored about a person, for the "download my data" button. */
export function exportUserData(db: Db, userId: string) {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new AppError(404, 'error.notFound');
  return {
    exportedAt: new Date().toISOString(),
    account: { id: user.id, name: user.name, email: user.email, emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null, language: user.language, createdAt: user.createdAt.toISOString() },
    roles: db.select().from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role),
    accessGrants: db.select().from(accessGrants).where(eq(accessGrants.userId, userId)).all(),
    enrolments: db.select().from(enrolments).where(eq(enrolments.userId, userId)).all(),
    taskResponses: db.select().from(taskResponses).where(eq(taskResponses.userId, userId)).all(),
    quizAttempts: db.select().from(quizAttempts).where(eq(quizAttempts.userId, userId)).all(),
    courseCompletions: db.select().from(courseCompletions).where(eq(courseCompletions.userId, userId)).all(),
    certificates: certificatesOf(db, userId).map(({ credential: _signed, ...certificate }) => certificate),
    selfAssessments: db.select().from(assessments).where(eq(assessments.userId, userId)).all(),
    organisations: membershipsOf(db, userId),
    lessonComments: commentsOf(db, userId),
  };
}

/**
 * Deletes an account: personal data (name, e-mail, password, answers, sessions) is removed;
 * records a business must keep (completions, and orders once they exist) stay, tied to an
 * anonymous id. Certificates lose the name and are revoked, so they no longer vouch for anyone.
 */
export async function deleteAccount(db: Db, userId: string, currentPassword: string): Promise<void> {
  await requireCurrentPassword(db, userId, currentPassword);
  db.transaction((tx) => {
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    tx.delete(authTokens).where(eq(authTokens.userId, userId)).run();
    tx.delete(taskResponses).where(eq(taskResponses.userId, userId)).run();
    tx.delete(quizAttempts).where(eq(quizAttempts.userId, userId)).run();
    tx.delete(finalDraws).where(eq(finalDraws.userId, userId)).run();
    tx.delete(userRoles).where(eq(userRoles.userId, userId)).run();
    tx.delete(assessments).where(eq(assessments.userId, userId)).run();
    withdrawCertificatesOfDeletedAccount(tx, userId);
    leaveAllOrganisations(tx, userId);
    deleteCommentsOf(tx, userId);
    const email = tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).get()?.email;
    if (email) clearAccountFailures(tx, email);
    tx.update(users).set({ email: null, name: '', passwordHash: null, emailVerifiedAt: null, deletedAt: new Date() }).where(eq(users.id, userId)).run();
  });
  securityEvent('account.deleted', { userId });
}

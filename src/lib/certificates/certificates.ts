/**
 * Certificates: issued inside the transaction that records a passing final assessment, looked up
 * by their public id, revoked by an admin with a reason. The signed credential is produced right
 * after the transaction (signing is asynchronous) and stored, so it never changes afterwards.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { and, desc, eq, isNotNull, isNull, like, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { certificates, users, supervisedEnrolments } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { CourseStructure } from '../courses/structure.ts';
import { buildOpenBadgeCredential, buildStatusListCredential, issuerPageUrl, recipientHash, signCredential, STATUS_LIST_LENGTH, type AchievementDetails, type Json } from './credential.ts';
import { loadIssuerKey } from './issuer-key.ts';
import { requireAdmin } from '../auth/admin.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { securityEvent } from '../log/log.ts';

export type Certificate = typeof certificates.$inferSelect;

/** Reason stored when the holder deleted their account (shown translated, not as typed text). */
export const HOLDER_DELETED_ACCOUNT = 'holder-deleted-account';
export const ISSUER_NAME = 'Channelwise';

/** 128 random bits, URL-safe: unguessable, short enough to type from a printed page. */
export function newCertificateId(): string {
  return randomBytes(16).toString('base64url');
}

function freeStatusIndex(db: DbOrTx): number {
  // Random rather than sequential positions, so the public status list does not reveal issue order.
  for (;;) {
    const index = randomInt(STATUS_LIST_LENGTH);
    if (!db.select({ id: certificates.id }).from(certificates).where(eq(certificates.statusIndex, index)).get()) return index;
  }
}

/**
 * Issues the learner's certificate for a course when the score reaches the certificate pass mark.
 * Runs inside the caller's transaction; a second call for the same learner and course returns the
 * existing certificate. Returns the certificate id, or null when the score is too low.
 */
export function issueCertificate(tx: DbOrTx, userId: string, course: CourseStructure, finalPercent: number, now: Date): string | null {
  if (finalPercent < course.certificate.passMark) return null;
  const existing = tx.select({ id: certificates.id }).from(certificates).where(and(eq(certificates.userId, userId), eq(certificates.courseSlug, course.slug))).get();
  if (existing) return existing.id;
  const holder = tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).get();
  if (!holder?.email) throw new AppError(404, 'error.notFound');
  const id = newCertificateId();
  const salt = randomBytes(16).toString('hex');
  tx.insert(certificates)
    .values({
      id,
      userId,
      courseSlug: course.slug,
      courseVersion: course.version,
      courseTitle: course.certificate.title,
      courseLanguage: course.certificate.language,
      hours: course.certificate.hours,
      learnerName: holder.name,
      finalPercent,
      completedAt: now,
      recipientSalt: salt,
      recipientHash: recipientHash(holder.email, salt),
      statusIndex: freeStatusIndex(tx),
      // A snapshot like every printed field: taken under a tutor's supervision or not.
      supervised: Boolean(tx.select({ userId: supervisedEnrolments.userId }).from(supervisedEnrolments).where(and(eq(supervisedEnrolments.userId, userId), eq(supervisedEnrolments.courseSlug, course.slug))).get()),
    })
    .run();
  return id;
}

export function getCertificate(db: Db, id: string): Certificate | null {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(id)) return null;
  return db.select().from(certificates).where(eq(certificates.id, id)).get() ?? null;
}

export function certificateOf(db: Db, userId: string, courseSlug: string): Certificate | null {
  return db.select().from(certificates).where(and(eq(certificates.userId, userId), eq(certificates.courseSlug, courseSlug))).get() ?? null;
}

export function certificatesOf(db: Db, userId: string): Certificate[] {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.completedAt)).all();
}

/** Certificates for the admin list, newest first; `query` matches id, learner name or course. */
export function listCertificates(db: Db, actor: SessionUser | null | undefined, query = '', limit = 100): Certificate[] {
  requireAdmin(actor);
  const q = query.trim();
  const where = q ? or(eq(certificates.id, q), like(certificates.learnerName, `%${q}%`), like(certificates.courseTitle, `%${q}%`), like(certificates.courseSlug, `%${q}%`)) : undefined;
  return db.select().from(certificates).where(where).orderBy(desc(certificates.createdAt), desc(certificates.completedAt)).limit(limit).all();
}

/** Revokes a certificate with a reason. Revoking again keeps the first revocation. */
export function revokeCertificate(db: Db, actor: SessionUser | null | undefined, id: string, reason: string, now = new Date()): Certificate {
  const adminId = requireAdmin(actor).id;
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new AppError(422, 'certificates.reasonLength');
  const certificate = getCertificate(db, id);
  if (!certificate) throw new AppError(404, 'error.notFound');
  if (certificate.revokedAt) return certificate;
  // Guarded on revoked_at: of two admins revoking at once, the first reason stays.
  db.update(certificates).set({ revokedAt: now, revokedReason: text, revokedBy: adminId }).where(and(eq(certificates.id, id), isNull(certificates.revokedAt))).run();
  securityEvent('certificate.revoked', { actorId: adminId, certificateId: id });
  return getCertificate(db, id)!;
}

/**
 * When the holder deletes their account: the name, the e-mail hash and the signed credential are
 * erased and the certificate is revoked (an earlier revocation keeps its date and reason), so the
 * public page no longer vouches for, or points to, a person the platform can no longer identify.
 */
export function withdrawCertificatesOfDeletedAccount(tx: DbOrTx, userId: string, now = new Date()): void {
  tx.update(certificates).set({ revokedAt: now, revokedReason: HOLDER_DELETED_ACCOUNT }).where(and(eq(certificates.userId, userId), isNull(certificates.revokedAt))).run();
  tx.update(certificates).set({ learnerName: '', recipientHash: '', recipientSalt: '', credential: null }).where(eq(certificates.userId, userId)).run();
}

/** A certificate whose holder deleted their account: nothing personal is left to hand out. */
export function isErased(certificate: Certificate): boolean {
  return certificate.recipientHash === '';
}

export interface IssuerContext {
  baseUrl: string;
}

/**
 * The signed Open Badges credential of a certificate: signed once (on first request, normally
 * right after issue) and stored, so later downloads are byte-for-byte the same document.
 * `details` is only asked for when the credential still has to be signed.
 */
export async function credentialFor(db: Db, certificate: Certificate, details: () => Promise<AchievementDetails>, { baseUrl }: IssuerContext): Promise<Json> {
  if (certificate.credential) return certificate.credential as Json;
  if (isErased(certificate)) throw new AppError(410, 'cert.credentialErased');
  const key = await loadIssuerKey();
  const unsigned = buildOpenBadgeCredential(
    certificate,
    await details(),
    { did: key.did, name: ISSUER_NAME, url: issuerPageUrl(baseUrl) },
    baseUrl,
  );
  const signed = await signCredential(unsigned, key);
  // Two first requests at once: the first stored copy wins and both callers get that one.
  db.update(certificates).set({ credential: signed }).where(and(eq(certificates.id, certificate.id), isNull(certificates.credential))).run();
  const stored = db.select({ credential: certificates.credential }).from(certificates).where(eq(certificates.id, certificate.id)).get();
  return (stored?.credential as Json | null) ?? signed;
}

let statusListCache: { key: string; credential: Promise<Json> } | undefined;

/**
 * The signed revocation status list, rebuilt only when the set of revoked entries differs from the
 * last one signed (the cache key is that set, read each time, so no writer has to invalidate it).
 */
export async function statusListCredential(db: Db, { baseUrl }: IssuerContext): Promise<Json> {
  const revoked = db.select({ index: certificates.statusIndex }).from(certificates).where(isNotNull(certificates.revokedAt)).all().map((r) => r.index).sort((a, b) => a - b);
  const key = await loadIssuerKey();
  const cacheKey = `${key.did}|${baseUrl}|${revoked.join(',')}`;
  if (statusListCache?.key !== cacheKey) {
    const credential = buildStatusListCredential(revoked, key, baseUrl);
    credential.catch(() => (statusListCache = undefined));
    statusListCache = { key: cacheKey, credential };
  }
  return statusListCache.credential;
}

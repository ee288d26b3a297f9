/**
 * What the certificate routes need, in one place: the public view of a certificate, its PDF and
 * its signed credential, the issuer's public documents. Pages stay thin and call these.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { achievementDetails } from './achievement.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { renderPdf } from '../pdf/render-pool.ts';
import { certificateOf, credentialFor, getCertificate, isErased, ISSUER_NAME, statusListCredential, type Certificate } from './certificates.ts';
import { AppError } from '../http/errors.ts';
import { certificateUrl, issuerPageUrl, OPEN_BADGES_CONTEXT, statusListUrl, VC_CONTEXT, type AchievementDetails, type Json } from './credential.ts';
import { IssuerKeyError, loadIssuerKey, publicKeyDocument } from './issuer-key.ts';

export interface CertificateLinks {
  /** The public verification page (printed on the certificate and in its QR code). */
  page: string;
  pdf: string;
  credential: string;
  linkedIn: string;
}

export function certificateLinks(certificate: Certificate): CertificateLinks {
  const base = publicBaseUrl();
  const page = certificateUrl(base, certificate.id);
  const linkedIn = new URL('https://www.linkedin.com/profile/add');
  const issued = certificate.completedAt;
  linkedIn.search = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: certificate.courseTitle,
    organizationName: ISSUER_NAME,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: page,
    certId: certificate.id,
  }).toString();
  return { page, pdf: `/certificates/${certificate.id}/certificate.pdf`, credential: `/certificates/${certificate.id}/credential.json`, linkedIn: linkedIn.toString() };
}

/** A certificate with its links, or null for an id that was never issued. */
export function certificateView(db: Db, id: string) {
  const certificate = getCertificate(db, id);
  return certificate ? { certificate, links: certificateLinks(certificate) } : null;
}

/** The learner's certificate for a course, with links (for the dashboard, course and lesson pages). */
export function learnerCertificate(db: Db, userId: string, courseSlug: string) {
  const certificate = certificateOf(db, userId, courseSlug);
  return certificate ? { certificate, links: certificateLinks(certificate) } : null;
}

/**
 * Recently rendered certificate PDFs, in memory: typesetting one costs a few hundred milliseconds
 * (mostly reading the font), and a certificate is downloaded again and again once shared. Keyed
 * on everything printed, so an erased name can never be served from here.
 */
const recentPdfs = new LRUCache<string, Promise<Buffer>>({ max: 200 });

/** The certificate as PDF; 404 when unknown, 410 when it no longer counts. */
export async function certificatePdf(db: Db, id: string): Promise<Buffer> {
  const certificate = getCertificate(db, id);
  if (!certificate) throw new AppError(404, 'cert.notFoundText');
  if (certificate.revokedAt) throw new AppError(410, 'cert.pdfRevoked');
  const input = {
    id: certificate.id,
    learnerName: certificate.learnerName,
    courseTitle: certificate.courseTitle,
    language: certificate.courseLanguage,
    hours: certificate.hours,
    supervised: certificate.supervised,
    completedAt: certificate.completedAt,
    finalPercent: certificate.finalPercent,
    courseVersion: certificate.courseVersion,
    issuerName: ISSUER_NAME,
    verifyUrl: certificateUrl(publicBaseUrl(), certificate.id),
  };
  const key = JSON.stringify(input);
  // The render in progress is kept too, so twenty people opening a new certificate at once wait
  // for one typesetting instead of starting twenty.
  let pdf = recentPdfs.get(key);
  if (!pdf) {
    pdf = renderPdf({ kind: 'certificate', input });
    const rendering = pdf;
    rendering.catch(() => recentPdfs.peek(key) === rendering && recentPdfs.delete(key));
    recentPdfs.set(key, pdf);
  }
  return pdf;
}

/** Criteria for a course that is no longer published: what the certificate itself recorded. */
function detailsFromSnapshot(certificate: Certificate): AchievementDetails {
  return { summary: certificate.courseTitle, lessonTitles: [], finalLessonTitle: '', passMark: null, alignments: [] };
}

/**
 * Runs something that needs the signing key: a missing or broken key is logged for the operator
 * and answered with a 503 and a reason, never a 500.
 */
async function withSigningKey<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof IssuerKeyError)) throw error;
    console.error(`[certificates] ${error.message}`);
    throw new AppError(503, 'cert.keyUnavailable');
  }
}

/** The signed Open Badges credential of a certificate (signed on first use, then stored); 404 when unknown. */
export async function certificateCredential(db: Db, id: string): Promise<Json> {
  const certificate = getCertificate(db, id);
  if (!certificate) throw new AppError(404, 'cert.notFoundText');
  if (isErased(certificate)) throw new AppError(410, 'cert.credentialErased');
  const details = async () => (await achievementDetails(certificate.courseSlug)) ?? detailsFromSnapshot(certificate);
  return withSigningKey(() => credentialFor(db, certificate, details, { baseUrl: publicBaseUrl() }));
}

/** A status list by its number in the URL (there is one, number 1). */
export function revocationList(db: Db, list: string | undefined): Promise<Json> {
  if (list !== '1') throw new AppError(404, 'error.notFound');
  return withSigningKey(() => statusListCredential(db, { baseUrl: publicBaseUrl() }));
}

/** The issuer's public identity: the profile, the key and where the status list lives; 503 without a usable key. */
export async function issuerDocuments() {
  const key = await withSigningKey(loadIssuerKey);
  const base = publicBaseUrl();
  return {
    key,
    keyDocument: publicKeyDocument(key),
    statusListUrl: statusListUrl(base),
    profile: {
      '@context': [VC_CONTEXT, OPEN_BADGES_CONTEXT],
      id: key.did,
      type: ['Profile'],
      name: ISSUER_NAME,
      url: issuerPageUrl(base),
      description: 'Issues certificates of completion for Channelwise courses, as PDFs and as Open Badges 3.0 credentials.',
      otherIdentifier: [{ type: ['IdentifierEntry'], identifier: issuerPageUrl(base), identifierType: 'identifier' }],
    },
  };
}

/** The issuer page's documents, or null when the key is unusable (the page then says so, with a 503). */
export async function issuerPageDocuments() {
  try {
    return await issuerDocuments();
  } catch (error) {
    if (error instanceof AppError && error.status === 503) return null;
    throw error;
  }
}

/** A JSON response that may be cached briefly by anyone (public documents). */
export function publicJson(body: unknown, maxAgeSeconds = 300, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': `public, max-age=${maxAgeSeconds}`, 'Access-Control-Allow-Origin': '*', ...extra },
  });
}

/**
 * Signs a new certificate's credential straight after the passing attempt, while the course is as
 * it was passed. A failure here must not spoil the learner's success: it is logged, and the
 * credential is signed on its first download instead.
 */
export async function signNewCredential(db: Db, id: string): Promise<void> {
  try {
    await certificateCredential(db, id);
  } catch (error) {
    console.error(`[certificates] could not sign the credential of ${id} yet: ${(error as Error).message}`);
  }
}

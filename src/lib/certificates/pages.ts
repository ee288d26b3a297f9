/**
 * What the certificate routes need, in one place: the public view of a certificate, its PDF and
 * its signed credential, the issuer's public documents. Pages stay thin and call these.
 */
import type { Db } from '../db/client.ts';
import { achievementDetails } from '../courses/content.ts';
import { publicBaseUrl } from '../http.ts';
import { renderCertificatePdf } from '../pdf/certificate-pdf.ts';
import { certificateOf, credentialFor, getCertificate, ISSUER_NAME, statusListCredential, type Certificate } from './certificates.ts';
import { certificateUrl, issuerPageUrl, OPEN_BADGES_CONTEXT, statusListUrl, VC_CONTEXT, type AchievementDetails, type Json } from './credential.ts';
import { loadIssuerKey, publicKeyDocument } from './issuer-key.ts';

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

/** The certificate as PDF; null when unknown, `revoked` when it no longer counts. */
export async function certificatePdf(db: Db, id: string): Promise<Buffer | 'revoked' | null> {
  const certificate = getCertificate(db, id);
  if (!certificate) return null;
  if (certificate.revokedAt) return 'revoked';
  return renderCertificatePdf({
    id: certificate.id,
    learnerName: certificate.learnerName,
    courseTitle: certificate.courseTitle,
    language: certificate.courseLanguage,
    hours: certificate.hours,
    completedAt: certificate.completedAt,
    finalPercent: certificate.finalPercent,
    courseVersion: certificate.courseVersion,
    issuerName: ISSUER_NAME,
    verifyUrl: certificateUrl(publicBaseUrl(), certificate.id),
  });
}

/** Criteria for a course that is no longer published: what the certificate itself recorded. */
function detailsFromSnapshot(certificate: Certificate): AchievementDetails {
  return { summary: certificate.courseTitle, lessonTitles: [], finalLessonTitle: certificate.courseTitle, passMark: certificate.finalPercent, alignments: [] };
}

/** The signed Open Badges credential of a certificate (signed on first use, then stored). */
export async function certificateCredential(db: Db, id: string): Promise<Json | null> {
  const certificate = getCertificate(db, id);
  if (!certificate) return null;
  const details = (await achievementDetails(certificate.courseSlug)) ?? detailsFromSnapshot(certificate);
  return credentialFor(db, certificate, details, { baseUrl: publicBaseUrl() });
}

export function revocationList(db: Db): Promise<Json> {
  return statusListCredential(db, { baseUrl: publicBaseUrl() });
}

/** The issuer's public identity: the profile, the key and where the status list lives. */
export async function issuerDocuments() {
  const key = await loadIssuerKey();
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

/** A JSON response that may be cached briefly by anyone (public documents). */
export function publicJson(body: unknown, maxAgeSeconds = 300, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': `public, max-age=${maxAgeSeconds}`, 'Access-Control-Allow-Origin': '*', ...extra },
  });
}

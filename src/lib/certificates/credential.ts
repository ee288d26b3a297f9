/**
 * Open Badges 3.0 credentials for certificates, secured with a Data Integrity proof
 * (eddsa-rdfc-2022) by the issuer's did:key, and the Bitstring Status List that records
 * revocations. See docs/decisions/0008-open-badges-data-integrity.md for why this mechanism.
 */
import { createHash } from 'node:crypto';
import * as vc from '@digitalcredentials/vc';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import { securityLoader } from '@digitalcredentials/security-document-loader';
import { createCredential, createList } from '@digitalcredentials/vc-bitstring-status-list';
import type { IssuerKey } from './issuer-key.ts';
import type { Language } from '../courses/schema.ts';
import { translator } from '../i18n/ui.ts';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OPEN_BADGES_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Entries per status list: the size the Bitstring Status List specification recommends for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;

export type Json = Record<string, unknown>;

/** The snapshot a credential is built from (a certificates row). */
export interface CertificateSnapshot {
  id: string;
  courseSlug: string;
  courseVersion: number;
  courseTitle: string;
  courseLanguage: Language;
  hours: number;
  learnerName: string;
  finalPercent: number;
  completedAt: Date;
  recipientSalt: string;
  recipientHash: string;
  statusIndex: number;
  /** Earned in a supervised course (a tutor reviewed and accepted the practice work). */
  supervised?: boolean;
}

/** What the achievement says about the course: its structure as criteria, and what it aligns to. */
export interface AchievementDetails {
  summary: string;
  lessonTitles: string[];
  finalLessonTitle: string;
  /** Null when the course is no longer published and only the certificate's snapshot is known. */
  passMark: number | null;
  /** The course's specializations (function, platform and industry axes), titled in the course language. */
  alignments: { id: string; title: string }[];
}

export interface IssuerProfile {
  did: string;
  name: string;
  /** Absolute URL of the public issuer page. */
  url: string;
}

export const certificateUrl = (baseUrl: string, id: string) => `${baseUrl}/certificates/${id}`;
export const statusListUrl = (baseUrl: string) => `${baseUrl}/credentials/status/1`;
export const issuerPageUrl = (baseUrl: string) => `${baseUrl}/issuer`;

/** `sha256$<hex>` of the address plus salt, the form Open Badges' IdentityObject expects. */
export function recipientHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(email.trim().toLowerCase() + salt).digest('hex')}`;
}

/** Date-time without milliseconds: what the credential data model examples and most verifiers use. */
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The unsigned OpenBadgeCredential for a certificate (pure: same inputs, same document). */
export function buildOpenBadgeCredential(cert: CertificateSnapshot, details: AchievementDetails, issuer: IssuerProfile, baseUrl: string): Json {
  const t = translator(cert.courseLanguage);
  const coursePage = `${baseUrl}/courses/${cert.courseSlug}`;
  const achievementId = `${coursePage}#achievement-v${cert.courseVersion}`;
  const resultId = `${achievementId}-final-assessment`;
  const lessons = details.lessonTitles.map((title, i) => `${i + 1}. ${title}`).join('\n');
  // A supervised course says so wherever the credential describes what was done.
  const supervision = cert.supervised ? ` ${t('credential.supervised')}` : '';
  const description = t('credential.description', { course: cert.courseTitle, hours: cert.hours }) + supervision;
  const narrative =
    details.passMark === null
      ? description
      : `${t('credential.criteria', { lessons: details.lessonTitles.length, passMark: details.passMark, hours: cert.hours })}\n\n${lessons}\n\n${t('credential.finalLesson', { title: details.finalLessonTitle })}${supervision ? `\n\n${supervision.trim()}` : ''}`;
  const listUrl = statusListUrl(baseUrl);
  const profile = { id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.url };
  return {
    '@context': [VC_CONTEXT, OPEN_BADGES_CONTEXT],
    id: certificateUrl(baseUrl, cert.id),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: cert.courseTitle,
    description,
    issuer: profile,
    validFrom: isoSeconds(cert.completedAt),
    awardedDate: isoSeconds(cert.completedAt),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: cert.recipientHash, identityType: 'emailAddress', hashed: true, salt: cert.recipientSalt }],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: cert.courseTitle,
        description: details.summary,
        inLanguage: cert.courseLanguage,
        version: String(cert.courseVersion),
        criteria: { id: coursePage, narrative },
        alignment: details.alignments.map((a) => ({
          type: ['Alignment'],
          targetName: a.title,
          targetUrl: `${baseUrl}/courses?specialization=${encodeURIComponent(a.id)}`,
          targetCode: a.id,
          targetFramework: t('credential.framework'),
        })),
        resultDescription: [
          {
            id: resultId,
            type: ['ResultDescription'],
            name: t('credential.finalAssessment'),
            resultType: 'Percent',
            ...(details.passMark === null ? {} : { requiredValue: String(details.passMark) }),
          },
        ],
        creator: profile,
      },
      result: [{ type: ['Result'], resultDescription: resultId, value: String(cert.finalPercent) }],
    },
    credentialStatus: {
      id: `${listUrl}#${cert.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(cert.statusIndex),
      statusListCredential: listUrl,
    },
  };
}

/**
 * A document loader that works offline: the VC, Open Badges, Data Integrity and Multikey contexts
 * are bundled and did:key is resolved locally. `resolve` may answer other URLs (the status list).
 */
export function documentLoader(resolve?: (url: string) => Promise<Json | undefined>) {
  const bundled = securityLoader().build();
  return async (url: string) => {
    const document = resolve ? await resolve(url) : undefined;
    if (document) return { contextUrl: null, documentUrl: url, document };
    return bundled(url);
  };
}

/** Signs a credential with the issuer key (Data Integrity, eddsa-rdfc-2022). */
export async function signCredential(credential: Json, key: IssuerKey, now = new Date()): Promise<Json> {
  const suite = new DataIntegrityProof({ signer: key.keyPair.signer(), cryptosuite, date: isoSeconds(now) });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader: documentLoader() });
}

/** The Bitstring Status List credential with the given entries set (revoked), signed by the issuer. */
export async function buildStatusListCredential(revokedIndexes: number[], key: IssuerKey, baseUrl: string, now = new Date()): Promise<Json> {
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of revokedIndexes) list.setStatus(index, true);
  const credential = await createCredential({ id: statusListUrl(baseUrl), list, statusPurpose: 'revocation' });
  return signCredential({ ...credential, issuer: key.did, validFrom: isoSeconds(now) }, key, now);
}

import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, statSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vc from '@digitalcredentials/vc';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import {
  buildOpenBadgeCredential,
  buildStatusListCredential,
  documentLoader,
  recipientHash,
  signCredential,
  statusListUrl,
  type CertificateSnapshot,
  type Json,
} from '../../src/lib/certificates/credential.ts';
import { loadIssuerKey, issuerKeyFile, type IssuerKey } from '../../src/lib/certificates/issuer-key.ts';
import { verifyCredential } from '../../src/lib/certificates/verify.ts';
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey';

const issuerKeyFileOf = (dir: string) => path.join(dir, 'issuer-ed25519.json');

const baseUrl = 'https://learn.example.org';
const certificate: CertificateSnapshot = {
  id: 'Vq3kT0xZ8rLm2Qp9YwB1cA',
  courseSlug: 'community-management',
  courseVersion: 2,
  courseTitle: 'Community Management: Dialog statt Dauersendung',
  courseLanguage: 'de',
  hours: 7.5,
  learnerName: 'Åsa Öberg-Müller',
  finalPercent: 86,
  completedAt: new Date('2026-11-20T14:03:00Z'),
  recipientSalt: 'c0ffee',
  recipientHash: recipientHash('asa@example.org', 'c0ffee'),
  statusIndex: 4711,
};
const details = {
  summary: 'Wie du mit Nutzerinnen und Nutzern sprichst statt nur zu senden.',
  lessonTitles: ['Was Community Management ist', 'Tonalität und Antwortleitfaden'],
  finalLessonTitle: 'Abschluss',
  passMark: 70,
  alignments: [{ id: 'community-management', title: 'Community Management' }],
};

let key: IssuerKey;
let signed: Json;
let cleanList: Json;
let revokedList: Json;

beforeAll(async () => {
  process.env.KEYS_DIR = mkdtempSync(path.join(os.tmpdir(), 'cw-keys-'));
  delete process.env.ISSUER_KEY;
  key = await loadIssuerKey();
  signed = await signCredential(buildOpenBadgeCredential(certificate, details, { did: key.did, name: 'Channelwise', url: `${baseUrl}/issuer` }, baseUrl), key);
  cleanList = await buildStatusListCredential([1, 2, 3], key, baseUrl);
  revokedList = await buildStatusListCredential([certificate.statusIndex], key, baseUrl);
});

const statusFrom = (list: Json) => async (url: string) => (url === statusListUrl(baseUrl) ? list : undefined);

describe('issuer key', () => {
  it('is created on first use with permissions 0600, and read back afterwards', async () => {
    const file = issuerKeyFile();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKeyMultibase).toBe(key.publicKeyMultibase);
    expect(key.did).toBe(`did:key:${key.publicKeyMultibase}`);
  });

  it('is read from ISSUER_KEY when set, and a malformed value is refused with a reason', async () => {
    const firstKeysDir = process.env.KEYS_DIR!;
    try {
      process.env.ISSUER_KEY = readFileSync(issuerKeyFile(), 'utf8');
      process.env.KEYS_DIR = mkdtempSync(path.join(os.tmpdir(), 'cw-keys-empty-'));
      expect((await loadIssuerKey()).did).toBe(key.did);
      expect(existsSync(issuerKeyFile())).toBe(false);
      process.env.ISSUER_KEY = '{"publicKeyMultibase": 1}';
      await expect(loadIssuerKey()).rejects.toThrow(/ISSUER_KEY needs "publicKeyMultibase" and "secretKeyMultibase"/);
      // A public key from another key pair would sign credentials nobody can verify: refused.
      const other = await Ed25519Multikey.generate();
      const stored = JSON.parse(readFileSync(issuerKeyFileOf(firstKeysDir), 'utf8'));
      process.env.ISSUER_KEY = JSON.stringify({ ...stored, publicKeyMultibase: other.publicKeyMultibase });
      await expect(loadIssuerKey()).rejects.toThrow(/publicKeyMultibase does not belong to secretKeyMultibase/);
    } finally {
      delete process.env.ISSUER_KEY;
    }
  });
});

describe('Open Badges 3.0 credential', () => {
  it('has the shape the specification asks for', () => {
    expect(signed['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(signed.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    const subject = signed.credentialSubject as Json;
    const achievement = subject.achievement as Json;
    expect(achievement.inLanguage).toBe('de');
    expect((achievement.criteria as Json).narrative).toContain('2 Lektionen');
    expect((achievement.criteria as Json).narrative).toContain('1. Was Community Management ist');
    expect(achievement.alignment).toEqual([expect.objectContaining({ targetName: 'Community Management', targetCode: 'community-management' })]);
    expect(subject.identifier).toEqual([{ type: 'IdentityObject', identityHash: certificate.recipientHash, identityType: 'emailAddress', hashed: true, salt: 'c0ffee' }]);
    expect(JSON.stringify(signed)).not.toContain('asa@example.org');
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: key.keyId });
  });

  it('says in its description and criteria when the course was supervised, and only then', () => {
    const issuer = { did: key.did, name: 'Channelwise', url: `${baseUrl}/issuer` };
    const supervised = buildOpenBadgeCredential({ ...certificate, supervised: true }, details, issuer, baseUrl);
    const criteria = ((supervised.credentialSubject as Json).achievement as Json).criteria as Json;
    expect(supervised.description).toContain('Als betreuter Kurs absolviert');
    expect(criteria.narrative).toContain('Als betreuter Kurs absolviert');
    expect(signed.description).not.toContain('betreut');
    expect(JSON.stringify(signed)).not.toContain('Tutor');
  });

  it('verifies offline with the wallets\' own library (Digital Credentials Consortium)', async () => {
    const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: documentLoader(statusFrom(cleanList)) , checkStatus: async () => ({ verified: true }) });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('verifies with our verifier, pinned to the published issuer, and is not revoked', async () => {
    const report = await verifyCredential(JSON.stringify(signed), { statusList: statusFrom(cleanList), trustedIssuers: [key.did] });
    expect(report).toMatchObject({ verified: true, status: 'valid', reasons: [] });
  });

  it('reports a revoked credential as revoked', async () => {
    const report = await verifyCredential(signed, { statusList: statusFrom(revokedList) });
    expect(report.verified).toBe(false);
    expect(report.status).toBe('revoked');
    expect(report.reasons[0]).toMatch(/revoked/);
  });

  it('refuses a status list that someone else signed', async () => {
    process.env.KEYS_DIR = mkdtempSync(path.join(os.tmpdir(), 'cw-keys-other-'));
    const other = await loadIssuerKey();
    const forged = await buildStatusListCredential([], other, baseUrl);
    const report = await verifyCredential(signed, { statusList: statusFrom(forged) });
    expect(report.verified).toBe(false);
    expect(report.reasons.join(' ')).toMatch(/status could not be checked: .*Issuers of the status list credential and verifiable credential do not match/);
  });

  it('fails with a reason for a credential from another issuer when the issuer is pinned', async () => {
    const report = await verifyCredential(signed, { statusList: 'skip', trustedIssuers: ['did:key:z6MkSomeoneElse'] });
    expect(report.verified).toBe(false);
    expect(report.reasons[0]).toMatch(/not the expected issuer/);
  });

  it('fails, with a reason, when any value in it is changed', async () => {
    const leaves: (string | number)[][] = [];
    const walk = (value: unknown, trail: (string | number)[]) => {
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...trail, Array.isArray(value) ? Number(k) : k]);
      else leaves.push(trail);
    };
    walk(signed, []);
    expect(leaves.length).toBeGreaterThan(40);
    for (const trail of leaves) {
      const copy = structuredClone(signed) as Record<string | number, unknown>;
      let parent = copy as Record<string | number, unknown>;
      for (const step of trail.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
      const last = trail.at(-1)!;
      const old = parent[last];
      parent[last] = typeof old === 'string' ? (old.length ? old.slice(0, -1) + (old.endsWith('x') ? 'y' : 'x') : 'x') : typeof old === 'number' ? old + 1 : !old;
      const report = await verifyCredential(copy, { statusList: 'skip' });
      expect(report.verified, `changing ${trail.join('.')} must fail`).toBe(false);
      expect(report.reasons.length, `a reason for ${trail.join('.')}`).toBeGreaterThan(0);
    }
  }, 60_000);

  it('fails, with a reason, when a byte of the downloaded file is changed', async () => {
    const file = Buffer.from(JSON.stringify(signed));
    // Every 7th byte across the whole file (and the last one): structure, keys, values and proof.
    for (let at = 0; at < file.length; at += at % 7 === 0 ? 7 : 7 - (at % 7)) {
      const copy = Buffer.from(file);
      copy[at] = copy[at] === 0x41 ? 0x42 : 0x41;
      const report = await verifyCredential(copy.toString('utf8'), { statusList: 'skip' });
      expect(report.verified, `byte ${at} (${String.fromCharCode(file[at])})`).toBe(false);
      expect(report.reasons[0]).toBeTruthy();
    }
  }, 120_000);

  it('says why when the file is not a credential at all', async () => {
    expect((await verifyCredential('{"@context": [', {})).reasons[0]).toMatch(/not valid JSON/);
    expect((await verifyCredential('[]', {})).reasons[0]).toMatch(/does not hold a credential/);
    const { proof: _proof, ...unsigned } = signed;
    expect((await verifyCredential(unsigned, {})).reasons).toContain('The credential has no proof: it is not signed.');
  });
});

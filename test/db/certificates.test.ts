import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb } from '../support/db.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { deleteAccount, exportUserData } from '../../src/lib/account/personal-data.ts';
import { loadSessionUser } from '../../src/lib/auth/sessions.ts';
import { enrol, saveTaskResponse, submitFinalAssessment } from '../../src/lib/progress/progress.ts';
import type { CourseStructure } from '../../src/lib/courses/structure.ts';
import type { TaskEvaluation } from '../../src/lib/courses/task-answers.ts';
import { certificateOf, credentialFor, getCertificate, listCertificates, revokeCertificate, statusListCredential, HOLDER_DELETED_ACCOUNT } from '../../src/lib/certificates/certificates.ts';
import { recipientHash, type Json } from '../../src/lib/certificates/credential.ts';
import { verifyCredential } from '../../src/lib/certificates/verify.ts';
import { certificates } from '../../src/lib/db/schema.ts';

const course: CourseStructure = {
  slug: 'demo',
  version: 3,
  free: true,
  lessons: [{ slug: '01-a', taskIds: ['q', 'r', 'p', 'c'] }],
  final: { slug: 'final', taskIds: ['plan'], passMark: 60, attempts: { max: 3, cooldownHours: 24 } },
  quizPassMarks: {},
  certificate: { title: 'Demo: Grundlagen', language: 'de', hours: 2.5, passMark: 80 },
};
const details = async () => ({ summary: 'A short demo course.', lessonTitles: ['A'], finalLessonTitle: 'Final', passMark: 80, alignments: [] });
const baseUrl = 'http://localhost:4321';
const result = (percent: number) => ({ questions: [], score: percent / 10, total: 10, percent });
const reflection = (taskId: string): TaskEvaluation => ({ taskId, kind: 'reflection', ok: true, errors: {}, values: { text: 'words' } });

beforeAll(() => {
  process.env.KEYS_DIR = mkdtempSync(path.join(os.tmpdir(), 'cw-keys-'));
  delete process.env.ISSUER_KEY;
});

async function readyForFinal(email = `åsa${Math.random()}@example.com`) {
  const db = freshDb();
  const user = loadSessionUser(db, await createUser(db, { name: 'Åsa Öberg', email, password: 'xxxxxxxxxxxx', verified: true }))!;
  enrol(db, user, course);
  for (const id of course.lessons[0].taskIds) saveTaskResponse(db, user, course, '01-a', reflection(id));
  // Completion needs the closing task as well as the pass.
  saveTaskResponse(db, user, course, 'final', reflection('plan'));
  return { db, user, email };
}

describe('issuing certificates', () => {
  it('issues one with snapshots in the transaction that records the passing attempt', async () => {
    const { db, user, email } = await readyForFinal();
    const now = new Date('2026-11-20T10:00:00Z');
    const outcome = submitFinalAssessment(db, user, course, result(90), {}, now);
    expect(outcome).toMatchObject({ passed: true, newlyCompleted: true });
    const certificate = getCertificate(db, outcome.certificateId!)!;
    expect(certificate).toMatchObject({
      userId: user.id,
      courseSlug: 'demo',
      courseVersion: 3,
      courseTitle: 'Demo: Grundlagen',
      courseLanguage: 'de',
      hours: 2.5,
      learnerName: 'Åsa Öberg',
      finalPercent: 90,
      completedAt: now,
      revokedAt: null,
    });
    expect(certificate.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(certificate.recipientHash).toBe(recipientHash(email, certificate.recipientSalt));
  });

  it('gives exactly one per learner and course, whatever the number of passing attempts', async () => {
    const { db, user } = await readyForFinal();
    const first = submitFinalAssessment(db, user, course, result(90), {}).certificateId;
    const second = submitFinalAssessment(db, user, course, result(100), {}).certificateId;
    expect(second).toBe(first);
    expect(db.select().from(certificates).all()).toHaveLength(1);
    // The database refuses a second one even if code forgot to look first.
    const row = getCertificate(db, first!)!;
    expect(() => db.insert(certificates).values({ ...row, id: 'another-id-123', statusIndex: row.statusIndex + 1 }).run()).toThrow(/UNIQUE/);
  });

  it('waits for the certificate pass mark, which may be above the course pass mark', async () => {
    const { db, user } = await readyForFinal();
    expect(submitFinalAssessment(db, user, course, result(70), {})).toEqual({ passed: true, newlyCompleted: true, certificateId: null, awaitingClosingTask: false, attemptId: expect.any(Number) });
    const later = submitFinalAssessment(db, user, course, result(80), {});
    expect(later.newlyCompleted).toBe(false);
    expect(later.certificateId).toBe(certificateOf(db, user.id, 'demo')!.id);
  });

  it('rolls back with the attempt: no certificate without its completion', async () => {
    const { db, user } = await readyForFinal();
    db.$client.exec(`CREATE TRIGGER fail_certificates BEFORE INSERT ON certificates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => submitFinalAssessment(db, user, course, result(90), {})).toThrow(/disk full/);
    expect(db.$client.prepare('select count(*) as n from course_completions').get()).toEqual({ n: 0 });
    expect(db.$client.prepare('select count(*) as n from quiz_attempts').get()).toEqual({ n: 0 });
  });
});

describe('credential and revocation', () => {
  it('signs the credential once and hands out the same document afterwards', async () => {
    const { db, user } = await readyForFinal();
    const id = submitFinalAssessment(db, user, course, result(90), {}).certificateId!;
    const first = await credentialFor(db, getCertificate(db, id)!, details, { baseUrl });
    const again = await credentialFor(db, getCertificate(db, id)!, details, { baseUrl });
    expect(again).toEqual(first);
    expect(first.id).toBe(`${baseUrl}/certificates/${id}`);
    const list = await statusListCredential(db, { baseUrl });
    const report = await verifyCredential(first, { statusList: async () => list });
    expect(report).toMatchObject({ verified: true, status: 'valid' });
  });

  it('revokes with a reason, once; the status list then reports the credential revoked', async () => {
    const { db, user } = await readyForFinal();
    const admin = loadSessionUser(db, await createUser(db, { name: 'Admin', email: 'admin@example.com', password: 'xxxxxxxxxxxx', roles: ['admin'] }))!;
    const id = submitFinalAssessment(db, user, course, result(90), {}).certificateId!;
    const credential = await credentialFor(db, getCertificate(db, id)!, details, { baseUrl });
    expect(() => revokeCertificate(db, admin, id, '  x ')).toThrow('certificates.reasonLength');
    expect(() => revokeCertificate(db, admin, 'unknown-id-0000', 'Issued by mistake')).toThrow('error.notFound');
    const when = new Date('2026-11-22T09:00:00Z');
    expect(revokeCertificate(db, admin, id, 'Issued by mistake', when)).toMatchObject({ revokedAt: when, revokedReason: 'Issued by mistake', revokedBy: admin.id });
    expect(revokeCertificate(db, admin, id, 'Another reason')).toMatchObject({ revokedAt: when, revokedReason: 'Issued by mistake' });
    const list = await statusListCredential(db, { baseUrl });
    const report = await verifyCredential(credential as Json, { statusList: async () => list });
    expect(report.status).toBe('revoked');
    expect(listCertificates(db, admin, 'Åsa').map((c) => c.id)).toEqual([id]);
    expect(listCertificates(db, admin, id).map((c) => c.id)).toEqual([id]);
    expect(listCertificates(db, admin, 'nobody')).toEqual([]);
  });

  it('erases the name and revokes when the holder deletes the account; the export lists certificates', async () => {
    const db = freshDb();
    const userId = await createUser(db, { name: 'Åsa Öberg', email: 'asa@example.com', password: 'correct-horse-9', verified: true });
    const user = loadSessionUser(db, userId)!;
    enrol(db, user, course);
    for (const id of course.lessons[0].taskIds) saveTaskResponse(db, user, course, '01-a', reflection(id));
    saveTaskResponse(db, user, course, 'final', reflection('plan'));
    const id = submitFinalAssessment(db, user, course, result(90), {}).certificateId!;
    expect(exportUserData(db, userId).certificates).toEqual([expect.objectContaining({ id, learnerName: 'Åsa Öberg' })]);
    await credentialFor(db, getCertificate(db, id)!, details, { baseUrl });
    await deleteAccount(db, userId, 'correct-horse-9');
    expect(getCertificate(db, id)).toMatchObject({ learnerName: '', recipientHash: '', recipientSalt: '', revokedReason: HOLDER_DELETED_ACCOUNT, credential: null });
    expect(getCertificate(db, id)!.revokedAt).toBeInstanceOf(Date);
    // Nothing is signed again for an erased holder: the credential would carry their e-mail hash.
    await expect(credentialFor(db, getCertificate(db, id)!, details, { baseUrl })).rejects.toThrow('cert.credentialErased');
  });

  it('keeps an admin’s earlier revocation (date and reason) when the holder later deletes the account', async () => {
    const db = freshDb();
    const admin = loadSessionUser(db, await createUser(db, { name: 'Admin', email: 'admin@example.com', password: 'xxxxxxxxxxxx', roles: ['admin'] }))!;
    const userId = await createUser(db, { name: 'Bo', email: 'bo@example.com', password: 'correct-horse-9', verified: true });
    const user = loadSessionUser(db, userId)!;
    enrol(db, user, course);
    for (const id of course.lessons[0].taskIds) saveTaskResponse(db, user, course, '01-a', reflection(id));
    saveTaskResponse(db, user, course, 'final', reflection('plan'));
    const id = submitFinalAssessment(db, user, course, result(90), {}).certificateId!;
    const when = new Date('2026-11-01T08:00:00Z');
    revokeCertificate(db, admin, id, 'Assessment taken by someone else', when);
    await deleteAccount(db, userId, 'correct-horse-9');
    expect(getCertificate(db, id)).toMatchObject({ learnerName: '', revokedAt: when, revokedReason: 'Assessment taken by someone else' });
  });
});

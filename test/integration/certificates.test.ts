/**
 * Certificates over HTTP against the built server: issued when the final assessment is passed,
 * verifiable from the public page, the PDF (text and QR code) and the signed credential (with
 * `npm run cert:verify`), revocable by an admin only; and the course and lesson PDFs.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shippedCourses } from '../support/content.ts';
import { Client, newVerifiedLearner } from '../support/http.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';
import { decodePdfQrCodes, extractPdfText } from '../support/pdf.ts';
import { root } from '../support/server.ts';
import { finalAnswerForm } from '../../src/lib/demo/demo-data.ts';
import { finishAllButTheAssessment, passFinal, tasksOf } from '../support/journey.ts';
import { formatDate } from '../../src/lib/i18n/ui.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let course: ValidatedCourse;
let learner: { client: Client; email: string };
let certificateId: string;
const baseUrl = () => inject('baseUrl');
const normalise = (text: string) => text.replace(/\s+/g, ' ');
const html = (text: string) => text.replace(/&/g, '&amp;');

/** Runs `npm run cert:verify` (the script itself) on a credential file. */
function certVerify(credential: string, ...args: string[]) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-credential-')), 'certificate.json');
  writeFileSync(file, credential);
  // KEYS_DIR of the test server: cert:verify pins the issuer to "this installation's" key by default.
  const env: NodeJS.ProcessEnv = { ...process.env, KEYS_DIR: inject('keysDir') };
  delete env.ISSUER_KEY;
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/cert-verify.ts'), file, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: run.stdout + run.stderr };
}

beforeAll(async () => {
  const courses = await shippedCourses();
  course = courses.find((c) => c.meta.offers.some((o) => o.kind === 'free'))!;
  learner = await newVerifiedLearner('Åsa Öberg-Müller');
  await finishAllButTheAssessment(learner.client, course);
}, 120_000);

describe('issuing on the final lesson', () => {
  it('issues no certificate for a failed attempt, and one for a pass, linked from the lesson, course and dashboard', async () => {
    const questions = course.final.meta.assessment.questions;
    const failed = await learner.client.answer(`/courses/${course.slug}/final`, finalAnswerForm(questions, questions.length));
    expect(failed.html).not.toContain('/certificates/');
    const passed = await passFinal(learner.client, course, 1);
    expect(passed.html).toContain('Your certificate is ready.');
    certificateId = passed.certificateId;
    expect(certificateId).toHaveLength(22);
    for (const page of [`/courses/${course.slug}`, '/dashboard']) {
      const shown = await learner.client.get(page);
      expect(shown.html, page).toContain(`href="/certificates/${certificateId}/certificate.pdf"`);
    }
  });
});

describe('the public verification page', () => {
  it('shows every printed field and the status to anyone, and is kept out of search engines', async () => {
    const page = await new Client().get(`/certificates/${certificateId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    const questions = course.final.meta.assessment.questions.length;
    const percent = Math.floor(((questions - 1) / questions) * 100);
    for (const text of ['Åsa Öberg-Müller', html(course.meta.title), certificateId, 'Valid: Channelwise issued this certificate', formatDate(new Date(), 'en', 'long'), `${course.meta.estimatedHours} hours`, `${percent}%`, 'Course version']) {
      expect(page.html, text).toContain(text);
    }
    const linkedIn = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(page.html)?.[1].replace(/&amp;/g, '&');
    expect(linkedIn).toBeTruthy();
    const params = new URL(linkedIn!).searchParams;
    expect(params.get('certUrl')).toBe(`${baseUrl()}/certificates/${certificateId}`);
    expect(params.get('certId')).toBe(certificateId);
    expect(params.get('name')).toBe(course.meta.title);
  });

  it('answers an unknown id with a clear 404', async () => {
    const page = await new Client().get('/certificates/AAAAAAAAAAAAAAAAAAAAAA');
    expect(page.status).toBe(404);
    expect(page.html).toContain('No certificate with this ID');
    expect((await new Client().get('/certificates/AAAAAAAAAAAAAAAAAAAAAA/certificate.pdf')).status).toBe(404);
    expect((await new Client().get('/certificates/AAAAAAAAAAAAAAAAAAAAAA/credential.json')).status).toBe(404);
  });
});

describe('the certificate PDF', () => {
  it('holds the name, course, date and id, and its QR code opens the verification page', async () => {
    const download = await new Client().download(`/certificates/${certificateId}/certificate.pdf`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const text = normalise((await extractPdfText(download.body)).join(' '));
    for (const expected of ['Åsa Öberg-Müller', course.meta.title, formatDate(new Date(), course.meta.language, 'long'), certificateId]) expect(text).toContain(normalise(expected));
    expect(await decodePdfQrCodes(download.body)).toEqual([`${baseUrl()}/certificates/${certificateId}`]);
  });
});

describe('the Open Badges credential', () => {
  let credential: string;

  beforeAll(async () => {
    const download = await new Client().download(`/certificates/${certificateId}/credential.json`);
    expect(download.status).toBe(200);
    credential = Buffer.from(download.body).toString('utf8');
  });

  it('is the same document on every download', async () => {
    const again = await new Client().download(`/certificates/${certificateId}/credential.json`);
    expect(Buffer.from(again.body).toString('utf8')).toBe(credential);
  });

  it('names the published issuer key, and npm run cert:verify accepts it against that key', async () => {
    const key = JSON.parse((await new Client().get('/issuer/key.json')).html);
    const parsed = JSON.parse(credential);
    expect(parsed.issuer.id).toBe(key.controller);
    expect(parsed.proof.verificationMethod).toBe(key.id);
    expect(parsed.credentialSubject.achievement.inLanguage).toBe(course.meta.language);
    const profile = JSON.parse((await new Client().get('/issuer.json')).html);
    expect(profile.id).toBe(key.controller);
    const run = certVerify(credential, '--issuer', `${baseUrl()}/issuer/key.json`);
    expect(run.output).toContain('✓ Issued by the expected issuer');
    expect(run.output).toContain('Not revoked (status list checked)');
    expect(run.output).toMatch(/^VERIFIED$/m);
    expect(run.status).toBe(0);
    // Without --issuer, the installation's own key is the expected issuer.
    const local = certVerify(credential, '--offline');
    expect(local.output).toContain("Issued by the expected issuer (this installation's issuer key)");
    expect(local.output).toContain('VERIFIED (revocation status not checked)');
    expect(local.status).toBe(0);
  });

  it('fails with a reason when the file was changed', async () => {
    const forged = credential.replace(/"value":"(\d+)"/, '"value":"100"');
    const run = certVerify(forged, '--offline');
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/✗ The signature does not match the content/);
  });

  it('is revoked by an admin with a reason; page, PDF and cert:verify then say so', async () => {
    const admin = new Client();
    await admin.signIn(TEST_ACCOUNTS.admin, TEST_PASSWORD);
    const listed = await admin.get(`/admin/certificates?q=${certificateId}`);
    expect(listed.html).toContain(certificateId);
    const refused = await admin.post('/admin/certificates', [['certificateId', certificateId], ['reason', ' ']]);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Give a reason of 3 to 500 characters');
    const revoked = await admin.post('/admin/certificates', [['certificateId', certificateId], ['reason', 'Final assessment taken by someone else']]);
    expect(revoked.status).toBe(303);
    const page = await new Client().get(`/certificates/${certificateId}`);
    expect(page.html).toContain('Revoked on');
    expect(page.html).toContain('Reason: Final assessment taken by someone else');
    expect(page.html).not.toContain('linkedin.com');
    expect((await new Client().download(`/certificates/${certificateId}/certificate.pdf`)).status).toBe(410);
    const run = certVerify(credential);
    expect(run.status).toBe(1);
    expect(run.output).toContain('REVOKED');
    expect(run.output).toContain('The issuer has revoked this credential');
    const dashboard = await learner.client.get('/dashboard');
    expect(dashboard.html).not.toContain(`/certificates/${certificateId}/certificate.pdf`);
    expect(dashboard.html).toContain('Your certificate for this course was revoked on');
  });
});

describe('the issuer documents', () => {
  it('publishes the issuer page, profile, key and status list', async () => {
    const client = new Client();
    const page = await client.get('/issuer');
    expect(page.status).toBe(200);
    const key = JSON.parse((await client.get('/issuer/key.json')).html);
    expect(key).toMatchObject({ type: 'Multikey', controller: `did:key:${key.publicKeyMultibase}` });
    expect(page.html).toContain(key.controller);
    const list = JSON.parse((await client.get('/credentials/status/1')).html);
    expect(list.type).toContain('BitstringStatusListCredential');
    expect(list.issuer).toBe(key.controller);
    expect((await client.get('/credentials/status/2')).status).toBe(404);
  });
});

describe('course and lesson PDFs', () => {
  it('gives the whole course to a learner with access, with every lesson title and task prompt in order', async () => {
    const download = await learner.client.download(`/courses/${course.slug}/pdf/course.pdf`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    // Whitespace removed: the typesetter breaks lines after hyphens, so spaces are not reliable.
    const squeeze = (value: string) => value.replace(/\s+/g, '');
    const text = squeeze((await extractPdfText(download.body)).join(''));
    const lessons = [...course.lessons, course.final];
    const starts = lessons.map((lesson) => text.indexOf(squeeze(lesson.meta.title), text.indexOf(squeeze(lesson.meta.summary)) - 400));
    lessons.forEach((lesson, i) => {
      expect(starts[i], lesson.meta.title).toBeGreaterThan(i ? starts[i - 1] : 0);
      const end = starts[i + 1] ?? text.length;
      for (const task of [...tasksOf(lesson), ...('closingTask' in lesson.meta ? [lesson.meta.closingTask] : [])]) {
        const at = text.indexOf(squeeze(task.prompt), starts[i]);
        expect(at, `${lesson.slug}: ${task.prompt}`).toBeGreaterThan(starts[i]);
        expect(at, `${lesson.slug}: ${task.prompt}`).toBeLessThan(end);
      }
    });
    const again = await learner.client.download(`/courses/${course.slug}/pdf/course.pdf`);
    expect(Buffer.from(again.body).equals(Buffer.from(download.body))).toBe(true);
  });

  it('gives a single lesson as PDF', async () => {
    const lesson = course.lessons[1];
    const download = await learner.client.download(`/courses/${course.slug}/pdf/${lesson.slug}.pdf`);
    expect(download.status).toBe(200);
    const text = (await extractPdfText(download.body)).join('').replace(/\s+/g, '');
    expect(text).toContain(lesson.meta.title.replace(/\s+/g, ''));
    for (const task of tasksOf(lesson)) expect(text).toContain(task.prompt.replace(/\s+/g, ''));
    expect(text).not.toContain(course.lessons[2].meta.title.replace(/\s+/g, ''));
    expect((await learner.client.download(`/courses/${course.slug}/pdf/99-missing.pdf`)).status).toBe(404);
  });

  it('sends visitors to sign in, back to the download afterwards', async () => {
    const visitor = await new Client().download(`/courses/${course.slug}/pdf/course.pdf`);
    expect(visitor.status).toBe(303);
    expect(visitor.location).toContain(`/sign-in?next=${encodeURIComponent(`/courses/${course.slug}/pdf/course.pdf`)}`);
  });
});

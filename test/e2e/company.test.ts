/**
 * The company journey in the browser, in test-payment mode: an admin creates an organisation,
 * buys seats, invites a colleague; the colleague accepts in a second browser; the admin sees
 * their progress and the team coverage map (axe finds nothing serious). The colleague's course
 * work goes over HTTP, as the other journeys keep browser steps short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { shippedCourses } from '../support/content.ts';
import { freshDbPath } from '../support/db.ts';
import { root, startServer, type RunningServer } from '../support/server.ts';
import { Client, waitForMailLink } from '../support/http.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let server: RunningServer;
let browser: Browser;
let free: ValidatedCourse;
const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'cw-company-outbox-'));
const PASSWORD = 'a-long-password-1';
const ADMIN = 'team-lead@company.example';
const MEMBER = 'colleague@company.example';

beforeAll(async () => {
  free = (await shippedCourses()).find((c) => c.meta.offers.some((o) => o.kind === 'free') && c.meta.language === 'en')!;
  const file = freshDbPath();
  const db = createDb(file, { migrate: false });
  await createUser(db, { name: 'Tess Teamlead', email: ADMIN, password: PASSWORD });
  await createUser(db, { name: 'Cai Colleague', email: MEMBER, password: PASSWORD });
  db.$client.close();
  server = await startServer(path.join(root, 'dist-test'), { DATABASE_PATH: file, MAIL_OUTBOX_DIR: outboxDir, KEYS_DIR: path.join(outboxDir, 'keys'), PDF_CACHE_DIR: path.join(outboxDir, 'pdf') });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, email: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectNoSeriousViolations(page: Page) {
  expect((await seriousAxeViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

describe('a company in the browser', () => {
  it('creates an organisation, buys seats, invites, and sees the member and the coverage map', async () => {
    const adminContext = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const admin = await adminContext.newPage();
    await admin.goto(`${server.url}/sign-in?next=/org`);
    await signIn(admin, ADMIN);
    await admin.waitForURL('**/org');
    await admin.getByLabel('Name of the organisation').fill('Küstenwerke AG');
    await admin.getByRole('button', { name: 'Create organisation' }).click();
    await admin.waitForURL('**/org/kustenwerke-ag?notice=created');

    await admin.getByRole('link', { name: 'Seats' }).first().click();
    await admin.getByRole('link', { name: 'Buy seats for any course' }).click();
    await admin.getByLabel('Quantity').fill('5');
    await admin.getByLabel(/I want access right away/).check();
    await admin.getByRole('button', { name: 'Continue to payment' }).click();
    await admin.getByRole('button', { name: 'Complete the test payment' }).click();
    await admin.waitForURL('**/checkout/success**');
    await admin.goto(`${server.url}/org/kustenwerke-ag/members`);
    await admin.getByLabel('People to invite').fill(`${MEMBER}, Cai Colleague, Care`);
    await admin.getByRole('button', { name: 'Check before sending' }).click();
    await expect(admin.getByRole('cell', { name: 'Invitation will be sent' }).isVisible()).resolves.toBe(true);
    await admin.getByRole('button', { name: 'Send 1 invitation' }).click();
    await expect(admin.getByText('1 invitation was sent').isVisible()).resolves.toBe(true);

    const memberContext = await browser.newContext({ locale: 'en-GB' });
    const member = await memberContext.newPage();
    await member.goto(`${server.url}${await waitForMailLink(MEMBER, '/org/join', outboxDir)}`);
    await member.getByRole('link', { name: `Sign in as ${MEMBER} to accept` }).click();
    await signIn(member, MEMBER);
    await member.getByRole('button', { name: 'Accept and join' }).click();
    await member.waitForURL('**/org/kustenwerke-ag?notice=joined');
    await memberContext.close();

    // The member's course work, over HTTP: enrol in the free course and answer one task.
    const client = new Client(server.url);
    await client.signIn(MEMBER, PASSWORD);
    expect((await client.post(`/courses/${free.slug}/enrol`, [])).status).toBe(303);
    const lesson = free.lessons[0];
    const task = 'tasks' in lesson.meta ? lesson.meta.tasks.find((t) => t.kind === 'reflection')! : null;
    const answer = [...sampleAnswerForm(task!).entries()].map(([k, v]) => [k, String(v)] as [string, string]);
    expect((await client.post(`/courses/${free.slug}/${lesson.slug}`, answer)).status).toBeLessThan(400);

    await admin.goto(`${server.url}/org/kustenwerke-ag`);
    await expect(admin.getByRole('rowheader', { name: /Cai Colleague/ }).isVisible()).resolves.toBe(true);
    await expect(admin.getByText('5 bought · 1 used · 4 free').isVisible()).resolves.toBe(true);
    await expect(admin.getByRole('progressbar', { name: `Progress of Cai Colleague in ${free.meta.title}` }).isVisible()).resolves.toBe(true);
    await expectNoSeriousViolations(admin);

    await admin.getByRole('link', { name: 'Coverage map' }).click();
    await expect(admin.getByRole('heading', { name: 'Team coverage map' }).isVisible()).resolves.toBe(true);
    await expect(admin.getByRole('columnheader', { name: 'Cai Colleague' }).isVisible()).resolves.toBe(true);
    await expect(admin.getByRole('rowheader', { name: 'Community management' }).first().isVisible()).resolves.toBe(true);
    await expectNoSeriousViolations(admin);
    // The other admin pages pass axe too.
    for (const page of ['members', 'assignments', 'seats', 'settings']) {
      await admin.goto(`${server.url}/org/kustenwerke-ag/${page}`);
      await expectNoSeriousViolations(admin);
    }
    await adminContext.close();
  }, 180_000);
});

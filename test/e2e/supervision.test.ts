/**
 * A supervised course in the browser: the learner (granted the course) submits a practice task,
 * the tutor asks for a revision on /tutor, the learner revises, the tutor accepts, the learner
 * sees it. Two browser contexts, one lesson; one-click unsubscribe over HTTP from "another site".
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
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { loadSessionUser } from '../../src/lib/auth/sessions.ts';
import { grantSupervision, supervisionsOf } from '../../src/lib/tutoring/supervision.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let server: RunningServer;
let browser: Browser;
let course: ValidatedCourse;
let dbFile = '';
let learnerId = '';
const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'cw-supervision-outbox-'));
const PASSWORD = 'a-long-password-1';

beforeAll(async () => {
  course = (await shippedCourses()).find((c) => c.meta.language === 'en' && c.meta.offers.some((o) => o.kind === 'supervised') && 'tasks' in c.lessons[0].meta && c.lessons[0].meta.tasks.some((t) => t.kind === 'practice'))!;
  dbFile = freshDbPath();
  const db = createDb(dbFile, { migrate: false });
  const admin = loadSessionUser(db, await createUser(db, { name: 'Site Admin', email: 'admin@school.example', password: PASSWORD, roles: ['admin'] }))!;
  await createUser(db, { name: 'Tia Tutor', email: 'tutor@school.example', password: PASSWORD, roles: ['tutor'] });
  await createUser(db, { name: 'Mo Moderator', email: 'moderator@school.example', password: PASSWORD, roles: ['moderator'] });
  learnerId = await createUser(db, { name: 'Leo Learner', email: 'leo@school.example', password: PASSWORD });
  grantSupervision(db, admin, 'leo@school.example', course.slug, [course.slug], 'browser test');
  db.$client.close();
  server = await startServer(path.join(root, 'dist-test'), { DATABASE_PATH: dbFile, MAIL_OUTBOX_DIR: outboxDir, KEYS_DIR: path.join(outboxDir, 'keys'), PDF_CACHE_DIR: path.join(outboxDir, 'pdf') });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-GB', bypassCSP: true })).newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/dashboard**');
  return page;
}

describe('a supervised course in the browser', () => {
  it('goes from submission through a revision to acceptance', async () => {
    const lesson = course.lessons[0];
    const practice = ('tasks' in lesson.meta ? lesson.meta.tasks : []).find((t) => t.kind === 'practice')!;
    const learner = await signedIn('leo@school.example');
    const tutor = await signedIn('tutor@school.example');
    const submit = async (text: string) => {
      await learner.goto(`${server.url}/courses/${course.slug}/${lesson.slug}`);
      const section = learner.locator(`#task-${practice.id}`);
      await section.locator('textarea').fill(text);
      if (await section.locator('input[type="url"]').count()) await section.locator('input[type="url"]').fill('https://example.com/my-plan');
      await section.getByRole('button').click();
      await learner.waitForLoadState('load');
    };
    await submit('My first plan: three posts a week on LinkedIn, one newsletter, measured monthly.');
    await expect(learner.getByText('counts as done once your tutor has accepted it').first().isVisible()).resolves.toBe(true);

    const answer = async (verdict: 'Needs revision' | 'Accepted: counts as done', feedback: string) => {
      await tutor.goto(`${server.url}/tutor`);
      const card = tutor.locator('article.card', { hasText: practice.title });
      await card.getByLabel('Your feedback').fill(feedback);
      await card.getByLabel(verdict).check();
      await card.getByRole('button', { name: 'Send to the learner' }).click();
      await tutor.waitForURL('**/tutor?notice=answered');
    };
    await answer('Needs revision', 'Good start. Add **one** measurable goal per channel.');
    await expectNoSerious(tutor);

    await learner.goto(`${server.url}/courses/${course.slug}/${lesson.slug}`);
    await expect(learner.getByText('Your tutor asks for a revision').isVisible()).resolves.toBe(true);
    await expect(learner.locator('.review strong').textContent()).resolves.toBe('one');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await submit('Revised: LinkedIn three posts a week, goal 20 qualified leads a quarter; newsletter goal 40 % open rate.');
    await answer('Accepted: counts as done', 'Clear goals now. Accepted.');

    await learner.goto(`${server.url}/courses/${course.slug}/${lesson.slug}`);
    await expect(learner.getByText('Accepted by your tutor').isVisible()).resolves.toBe(true);
    await expect(learner.locator(`#task-${practice.id} .task-done`).isVisible()).resolves.toBe(true);
    await expectNoSerious(learner);

    // A comment under the lesson waits for the moderator, whose queue passes axe as well.
    await learner.locator('#comment-body-new').fill('Is one measurable goal per channel enough for a quarter?');
    await learner.getByRole('button', { name: 'Post comment' }).click();
    await expect(learner.getByText('Awaiting approval').first().isVisible()).resolves.toBe(true);
    await learner.goto(`${server.url}/account/email-courses`);
    await expectNoSerious(learner);
    const moderator = await signedIn('moderator@school.example');
    await moderator.goto(`${server.url}/moderate`);
    await expect(moderator.getByText('Is one measurable goal per channel enough').isVisible()).resolves.toBe(true);
    await expectNoSerious(moderator);
  }, 180_000);

  it('lets a mail provider stop the lesson mails with a one-click POST from outside the site', async () => {
    const db = createDb(dbFile, { migrate: false });
    const token = supervisionsOf(db, learnerId)[0].unsubscribeToken;
    const response = await fetch(`${server.url}/email-course/unsubscribe?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://mail.example' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);
    expect(supervisionsOf(db, learnerId)[0]).toMatchObject({ status: 'stopped', stopReason: 'unsubscribed' });
    const crossSite = await fetch(`${server.url}/account/email-courses`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' }, body: 'intent=stop&course=x' });
    expect(crossSite.status).toBe(403);
    db.$client.close();
  });
});

async function expectNoSerious(page: Page) {
  expect((await seriousAxeViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/**
 * Buying in test-payment mode (no Stripe keys: labelled, no money moves, the same fulfilment
 * code): a visitor buys a paid course in the browser and lands in its second lesson; a learner
 * buys a lesson PDF and downloads it; someone requests a consulting hour (both over HTTP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { shippedCourses } from '../support/content.ts';
import { freshDbPath } from '../support/db.ts';
import { root, startServer, type RunningServer } from '../support/server.ts';
import { Client, uniqueEmail, waitForMailLink } from '../support/http.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let server: RunningServer;
let browser: Browser;
let paid: ValidatedCourse;
const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'cw-purchase-outbox-'));

beforeAll(async () => {
  paid = (await shippedCourses()).find((c) => !c.meta.offers.some((o) => o.kind === 'free') && c.meta.offers.some((o) => o.kind === 'ecourse') && c.meta.offers.some((o) => o.kind === 'lesson-pdf'))!;
  // The shared build, a second server without Stripe keys: test-payment mode.
  server = await startServer(path.join(root, 'dist-test'), { DATABASE_PATH: freshDbPath(), MAIL_OUTBOX_DIR: outboxDir, KEYS_DIR: path.join(outboxDir, 'keys'), PDF_CACHE_DIR: path.join(outboxDir, 'pdf') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('buying in test-payment mode', () => {
  it('lets a visitor buy a paid course and land in its second lesson, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/courses/${paid.slug}`);
    await page.locator('#offers-title ~ ul').getByRole('link', { name: /^Buy/ }).first().click();
    await page.waitForURL('**/checkout?**');
    await expect(page.getByText('Test mode: no money moves').first().isVisible()).resolves.toBe(true);
    const email = uniqueEmail('visitor-buyer');
    await page.getByLabel('Your e-mail address').fill(email);
    await page.getByLabel(/I want access right away/).check();
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL('**/checkout/test/**');
    await expect(page.getByText('Test mode: no money moves').first().isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Complete the test payment' }).click();
    await page.waitForURL('**/checkout/success**');
    await expect(page.getByText('Your payment is confirmed.').isVisible()).resolves.toBe(true);
    await expect(page.getByText(`We created an account for ${email}`).isVisible()).resolves.toBe(true);
    const context2 = await browser.newContext({ bypassCSP: true, locale: 'en-GB', storageState: await context.storageState() });
    const checker = await context2.newPage();
    await checker.goto(page.url());
    expect((await seriousAxeViolations(checker)).map((v) => v.id)).toEqual([]);
    await context2.close();
    await page.getByRole('link', { name: 'Start the course' }).click();
    await page.waitForURL(`**/courses/${paid.slug}/${paid.lessons[1].slug}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(paid.lessons[1].meta.title);
    await expect(page.locator('form[action*="final-assessment"], section.task form').first().isVisible()).resolves.toBe(true);
    // The account waits for a password: the mail carries a link to set one.
    expect(await waitForMailLink(email, '/reset-password', outboxDir)).toContain('/reset-password?token=');
    await context.close();
  });

  it('sells a single lesson as PDF and lets its buyer download it, but no other lesson', async () => {
    const client = new Client(server.url);
    const email = uniqueEmail('pdf-buyer');
    const lesson = paid.lessons[2] ?? paid.lessons[1];
    const start = await client.post('/checkout', [['course', paid.slug], ['kind', 'lesson-pdf'], ['lesson', lesson.slug], ['email', email], ['consent', 'on']]);
    expect(start.status).toBe(303);
    const pay = await client.post(new URL(start.location!).pathname, [['intent', 'pay']]);
    const success = await client.get(new URL(pay.location!, server.url).pathname + new URL(pay.location!, server.url).search);
    expect(success.html).toContain('You can now download the lesson as PDF.');
    const pdf = await client.download(`/courses/${paid.slug}/pdf/${lesson.slug}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await client.download(`/courses/${paid.slug}/pdf/course.pdf`)).status).toBe(403);
  });

  it('takes a consulting request with topics and times', async () => {
    const client = new Client(server.url);
    const email = uniqueEmail('consulting');
    const missing = await client.post('/checkout', [['offer', 'consulting-hour'], ['email', email], ['consent', 'on']]);
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Name at least one topic');
    const start = await client.post('/checkout', [['offer', 'consulting-hour'], ['email', email], ['consent', 'on'], ['quantity', '2'], ['topics', 'Our LinkedIn plan for Q1'], ['times', 'Tuesday mornings']]);
    expect(start.status).toBe(303);
    const pay = await client.post(new URL(start.location!).pathname, [['intent', 'pay']]);
    const success = await client.get(new URL(pay.location!, server.url).pathname + new URL(pay.location!, server.url).search);
    expect(success.html).toContain('Your consulting request is with us');
    const orders = await client.get('/orders');
    expect(orders.html).toContain('Requested topics: Our LinkedIn plan for Q1. Times: Tuesday mornings.');
  });
});

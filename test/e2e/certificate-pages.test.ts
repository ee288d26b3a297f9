/**
 * The certificate pages people reach without the learner: the issuer page, an unknown certificate,
 * and the admin's revocation page with a refused reason; axe must find nothing serious, and the
 * refused reason is announced next to its field. No JavaScript.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';
import { shippedCourses } from '../support/content.ts';
import { newVerifiedLearner } from '../support/http.ts';
import { finishAllButTheAssessment, passFinal } from '../support/journey.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let certificateId: string;

beforeAll(async () => {
  // A certificate to revoke: a learner takes the free course over HTTP.
  const course = (await shippedCourses()).find((c) => c.meta.offers.some((o) => o.kind === 'free'))!;
  const { client } = await newVerifiedLearner('Revocation Candidate');
  await finishAllButTheAssessment(client, course);
  certificateId = (await passFinal(client, course)).certificateId;
  browser = await launchBrowser();
  // bypassCSP lets axe's script run; the pages themselves ship none.
  context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true, locale: 'en-GB' });
});

afterAll(async () => {
  await browser?.close();
});

async function axeOn(url: string) {
  const checker = await browser.newContext({ bypassCSP: true, locale: 'en-GB', storageState: await context.storageState() });
  const page = await checker.newPage();
  await page.goto(url);
  const violations = await seriousAxeViolations(page);
  await checker.close();
  return violations.map((v) => `${v.id}: ${v.help}`);
}

describe('certificate pages', () => {
  it('issuer page and unknown certificate are accessible', async () => {
    expect(await axeOn(`${baseUrl}/issuer`)).toEqual([]);
    expect(await axeOn(`${baseUrl}/certificates/AAAAAAAAAAAAAAAAAAAAAA`)).toEqual([]);
  });

  it('the admin page is accessible and shows a refused reason next to its field', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('E-mail address').fill(TEST_ACCOUNTS.admin);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    await page.goto(`${baseUrl}/admin/certificates?q=${certificateId}`);
    expect(await axeOn(`${baseUrl}/admin/certificates?q=${certificateId}`)).toEqual([]);
    const form = page.locator('form:has(input[name="certificateId"])');
    await expect(form.count()).resolves.toBe(1);
    await form.getByRole('textbox', { name: `Reason for revoking ${certificateId}` }).fill('x');
    await form.getByRole('button', { name: 'Revoke' }).click();
    await page.waitForLoadState('load');
    const field = page.locator('textarea[aria-invalid="true"]');
    await expect(field.count()).resolves.toBe(1);
    const described = (await field.getAttribute('aria-describedby'))!.split(' ');
    await expect(page.locator(`#${described[1]}`).textContent()).resolves.toContain('Give a reason of 3 to 500 characters');
    await expect(field.inputValue()).resolves.toBe('x');
  });
});

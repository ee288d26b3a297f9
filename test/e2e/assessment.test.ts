import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { assessmentItems } from '../support/assessment.ts';
import { FUNCTION_IDS } from '../../src/lib/assessment/scoring.ts';
import { uniqueEmail, waitForMailLink } from '../support/http.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } })).newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('the self-assessment in German', () => {
  it('is taken without JavaScript, shows the chart and recommendations, and leads to enrolment', async () => {
    // A verified learner, signed up in German.
    const email = uniqueEmail('assess');
    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel('Name').fill('Jana Beispiel');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill('ein-langes-passwort');
    await page.getByRole('button', { name: 'Konto erstellen' }).click();
    await page.waitForURL('**/sign-in**');
    await page.goto(baseUrl + (await waitForMailLink(email, '/verify-email')));

    await page.goto(`${baseUrl}/assessment`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
    await expect(page.locator('h1').textContent()).resolves.toBe('Wo bist du stark, wo sind die Lücken?');
    await page.locator('#role-solo-generalist').check();
    await page.locator('#goal-plan-measure').check();
    await page.locator('#platform-linkedin-xing').check();
    const items = await assessmentItems();
    for (const id of FUNCTION_IDS) {
      // Two weak spots: social selling, for which the German catalogue has no course (the result must
      // say so), and strategy, which the free German foundation course treats.
      const weak = id === 'social-selling' || id === 'strategy-planning';
      await page.locator(`#skill-${id}-${weak ? 1 : 4}`).check();
      await page.locator(`#inclination-${id}-${weak ? 4 : 3}`).check();
      for (const scenario of items.get(id)!.scenarios) {
        const best = scenario.options.findIndex((o) => o.best);
        await page.locator(`#scenario-${id}-${scenario.id}-${weak ? (best + 1) % scenario.options.length : best}`).check();
      }
    }
    await page.getByRole('button', { name: 'Mein Ergebnis anzeigen' }).click();
    await page.waitForURL('**/assessment/results/**');

    await expect(page.locator('svg[role="img"]').isVisible()).resolves.toBe(true);
    await expect(page.locator('table.score-table tbody tr').count()).resolves.toBe(10);
    await expect(page.getByRole('heading', { name: 'Spezialisierungen, die zu dir passen' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Dazu gibt es noch keinen Kurs auf Deutsch').first().isVisible()).resolves.toBe(true);

    const checker = await (await browser.newContext({ bypassCSP: true, locale: 'de-DE' })).newPage();
    await checker.context().addCookies(await page.context().cookies());
    await checker.goto(page.url());
    const violations = await seriousAxeViolations(checker);
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await checker.context().close();

    // The learning path offers the English social-selling course, honestly marked as English, and
    // the free German foundation course to enrol in.
    const english = page.locator('a[lang="en"][href$="/courses/social-selling-b2b"]');
    await expect(english.count()).resolves.toBeGreaterThan(0);
    await expect(english.first().locator('xpath=..').textContent()).resolves.toContain('Englisch');
    const enrol = page.locator('form[action="/courses/social-media-management-grundlagen/enrol"] button');
    await expect(enrol.first().textContent()).resolves.toContain('Einschreiben');
    await enrol.first().click();
    await page.waitForURL('**/courses/social-media-management-grundlagen?notice=enrolled');
    await expect(page.getByText('Du bist eingeschrieben.').isVisible()).resolves.toBe(true);
  });
});

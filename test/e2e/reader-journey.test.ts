import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { shippedCourses } from '../support/content.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  // JavaScript off: everything a reader needs must work without it.
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(target: Page) {
  // axe needs scripts, so it runs in a second, script-enabled page on the same URL; our CSP
  // rightly forbids injected scripts, so only this checking context bypasses it.
  const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
  const checker = await context.newPage();
  await checker.goto(target.url(), { referer: undefined });
  const violations = await seriousAxeViolations(checker);
  await context.close();
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

describe('a reader finds a course and opens a lesson', () => {
  it('goes from home through the catalogue and a filter to a lesson, without JavaScript', async () => {
    await page.goto(baseUrl + '/');
    await expect(page.locator('h1').textContent()).resolves.toContain('No one can do all of social media');
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.waitForURL('**/courses');
    await expectAccessible(page);
    const allCards = await page.locator('.card').count();
    expect(allCards).toBeGreaterThanOrEqual(3);

    await page.getByLabel('Course language').selectOption('de');
    await page.getByRole('button', { name: 'Show courses' }).click();
    await page.waitForURL('**/courses?language=de**');
    const cards = page.locator('.card');
    expect(await cards.count()).toBeGreaterThan(0);
    expect(await cards.count()).toBeLessThan(allCards);
    for (const heading of await cards.locator('h2').all()) expect(await heading.getAttribute('lang')).toBe('de');

    await cards.first().locator('h2 a').click();
    await page.waitForURL(/\/courses\/[a-z0-9-]+$/);
    await expect(page.getByRole('heading', { name: 'Syllabus' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Start with lesson 1' }).click();
    await page.waitForURL(/\/courses\/[a-z0-9-]+\/01-[a-z0-9-]+$/);
    expect(await page.locator('section.task').count()).toBe(4);
    await expect(page.getByRole('navigation', { name: 'Lesson navigation' }).getByRole('link').first().textContent()).resolves.toContain('Next');
    await expectAccessible(page);
  });

  it('answers a quiz and sees the feedback, still without JavaScript', async () => {
    const quiz = page.locator('section.task').filter({ has: page.locator('input[type="radio"], input[type="checkbox"]') }).first();
    const fieldsets = quiz.locator('fieldset');
    for (const fieldset of await fieldsets.all()) await fieldset.locator('input').first().check();
    await quiz.getByRole('button').click();
    await page.waitForLoadState('load');
    // Whatever the score, the reader sees it (in warning colours below the pass mark).
    const status = page.locator('section.task .notice[role="status"]').first();
    await expect(status.textContent()).resolves.toMatch(/\d+ of \d+ right/);
    expect(await page.locator('.feedback').count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('switches the interface to Swedish and keeps the choice', async () => {
    await page.getByLabel('Language').selectOption('sv');
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
    await page.goto(baseUrl + '/courses');
    await expect(page.locator('h1').textContent()).resolves.toBe('Kurskatalog');
    await expectAccessible(page);
  });

  it('shows a usable 404 page', async () => {
    const response = await page.goto(baseUrl + '/courses/no-such-course');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('link', { name: 'Till kurskatalogen' }).isVisible()).resolves.toBe(true);
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const [course] = await shippedCourses();
    for (const path of ['/', '/courses', `/courses/${course.slug}`, `/courses/${course.slug}/${course.lessons[0].slug}`, `/courses/${course.slug}/final`]) {
      await phone.goto(baseUrl + path);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await phone.close();
  });
});

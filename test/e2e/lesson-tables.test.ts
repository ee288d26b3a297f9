/** A lesson with a table on a phone: the table scrolls inside a named region a keyboard can reach; axe finds nothing serious. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { shippedCourses } from '../support/content.ts';
import { root } from '../support/server.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('lesson tables on a phone', () => {
  it('puts each table in a focusable, named region that scrolls with the arrow keys', async () => {
    // The first lesson of any course is open to visitors; find one whose body has a table.
    const courses = await shippedCourses();
    const withTable = courses
      .map((course) => ({ course, lesson: course.lessons[0] }))
      .find(({ lesson }) => /^\s*\|.*\|\s*$/m.test(readFileSync(path.join(root, lesson.file), 'utf8').split(/^---$/m).slice(2).join('---')));
    expect(withTable, 'a shipped first lesson with a table').toBeDefined();
    const url = `${baseUrl}/courses/${withTable!.course.slug}/${withTable!.lesson.slug}`;
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(url);
    const region = page.locator('.table-scroll').first();
    await expect(region.getAttribute('role')).resolves.toBe('region');
    await expect(region.getAttribute('tabindex')).resolves.toBe('0');
    expect(await region.getAttribute('aria-label')).toMatch(/^Table/);
    const labels = await page.locator('[role="region"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
    expect(new Set(labels).size).toBe(labels.length);
    const overflows = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    if (overflows) {
      await region.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      // Arrow-key scrolling is animated: wait for it rather than reading the position at once.
      await expect.poll(() => region.evaluate((el) => el.scrollLeft), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    const violations = await seriousAxeViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });
});

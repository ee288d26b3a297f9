import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousAxeViolations } from '../support/browser.ts';
import { shippedCourses } from '../support/content.ts';
import { waitForMailLink, uniqueEmail } from '../support/http.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';
import type { Task } from '../../src/lib/courses/schema.ts';
import { readFile } from 'node:fs/promises';
import { extractPdfText } from '../support/pdf.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let course: ValidatedCourse;

beforeAll(async () => {
  course = (await shippedCourses()).find((c) => c.meta.offers.some((o) => o.kind === 'free'))!;
  browser = await launchBrowser();
  // No JavaScript: sign-up, enrolment and every task form must work without it.
  page = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();
});

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(url: string, cookies: Awaited<ReturnType<ReturnType<Page['context']>['cookies']>>) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
  await context.addCookies(cookies);
  const checker = await context.newPage();
  await checker.goto(url);
  const violations = await seriousAxeViolations(checker);
  await context.close();
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

describe('a new learner makes progress', () => {
  it('signs up, verifies, enrols, finishes a lesson, sees the progress bar move, completes the course and gets a certificate', async () => {
    const email = uniqueEmail('browser');
    await page.goto(baseUrl + '/sign-up');
    await page.getByLabel('Name').fill('Browser Learner');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a-long-browser-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/sign-in?notice=check-inbox');
    await expect(page.getByText('we sent you an e-mail').isVisible()).resolves.toBe(true);

    await page.goto(baseUrl + (await waitForMailLink(email, '/verify-email')));
    await page.waitForURL('**/dashboard?notice=verified');
    await expectAccessible(page.url(), await page.context().cookies());

    await page.goto(`${baseUrl}/courses/${course.slug}`);
    await page.getByRole('button', { name: 'Enrol for free' }).click();
    await page.waitForURL(`**/courses/${course.slug}?notice=enrolled`);
    await expect(page.locator('progress').getAttribute('value')).resolves.toBe('0');

    const answerTask = async (lessonSlug: string, task: Task) => {
      await page.goto(`${baseUrl}/courses/${course.slug}/${lessonSlug}`);
      const section = page.locator(`#task-${task.id}`);
      if (task.kind === 'quiz') {
        for (const question of task.questions) {
          for (const [i, option] of question.options.entries()) if (option.correct) await section.locator(`#task-${task.id}-${question.id}-${i}`).check();
        }
      } else if (task.kind === 'checklist') {
        for (const box of await section.locator('input[type="checkbox"]').all()) await box.check();
      } else {
        const words = Array.from({ length: (task.kind === 'reflection' ? task.minWords : 10) + 3 }, (_, i) => `idea${i}`).join(' ');
        await section.locator('textarea').fill(`In my organisation ${words}`);
        if (task.kind === 'practice' && (await section.locator('input[type="url"]').count())) await section.locator('input[type="url"]').fill('https://example.com/my-work');
      }
      await section.getByRole('button').click();
      await page.waitForLoadState('load');
      await expect(page.locator(`#task-${task.id} .notice-ok`).textContent()).resolves.toContain('Saved. Your progress is updated.');
    };

    const [first, ...rest] = course.lessons;
    const firstTasks = 'tasks' in first.meta ? first.meta.tasks : [];
    for (const task of firstTasks) await answerTask(first.slug, task);
    await expect(page.locator(`#task-${firstTasks[0].id} .task-done`).isVisible()).resolves.toBe(true);
    await expectAccessible(page.url(), await page.context().cookies());

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My learning' }).click();
    await page.waitForURL('**/dashboard');
    const percent = Number(await page.locator('progress').first().getAttribute('value'));
    expect(percent).toBeGreaterThan(0);
    await expect(page.getByRole('link', { name: 'Continue' }).getAttribute('href')).resolves.toContain(`/courses/${course.slug}/${course.lessons[1].slug}`);

    // The rest of the course, then the final lesson: a pass completes it.
    for (const lesson of rest) for (const task of 'tasks' in lesson.meta ? lesson.meta.tasks : []) await answerTask(lesson.slug, task);
    // Completion needs the closing task as well as the pass.
    await answerTask('final', course.final.meta.closingTask);
    await page.goto(`${baseUrl}/courses/${course.slug}/final`);
    for (const question of course.final.meta.assessment.questions) {
      for (const [i, option] of question.options.entries()) if (option.correct) await page.locator(`#assessment-${question.id}-${i}`).check();
    }
    await page.locator('#final-assessment').getByRole('button').click();
    await page.waitForLoadState('load');
    await expect(page.locator('#final-assessment .notice-ok', { hasText: 'Passed: 100%' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('You completed this course.').isVisible()).resolves.toBe(true);

    // The certificate: download the PDF, then open the public verification page from the lesson.
    const section = page.locator('#final-assessment');
    await expect(section.getByText('Your certificate is ready.').isVisible()).resolves.toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Certificate (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^certificate-[A-Za-z0-9_-]{22}\.pdf$/);
    const certificateText = (await extractPdfText(await readFile(await download.path()))).join(' ').replace(/\s+/g, ' ');
    expect(certificateText).toContain('Browser Learner');
    expect(certificateText).toContain(course.meta.title);
    await section.getByRole('link', { name: 'Open your certificate' }).click();
    await page.waitForURL('**/certificates/*');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Certificate of completion');
    await expect(page.getByText('Valid: Channelwise issued this certificate').isVisible()).resolves.toBe(true);
    await expect(page.locator('.facts').textContent()).resolves.toContain('Browser Learner');
    expect(certificateText).toContain(page.url().split('/').pop()!);
    await expectAccessible(page.url(), []);

    await page.goto(`${baseUrl}/dashboard`);
    await expect(page.getByRole('heading', { name: 'Completed courses' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('progress').first().getAttribute('value')).resolves.toBe('100');
    await expectAccessible(page.url(), await page.context().cookies());
  });
});

import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shippedCourses } from '../support/content.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';
import { formatPrice } from '../../src/lib/i18n/ui.ts';
import { Client } from '../support/http.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';

const baseUrl = inject('baseUrl');
let courses: ValidatedCourse[];
/** A site admin may open every lesson, including paid ones and final lessons. */
let admin: Client;

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(baseUrl + path, { redirect: 'manual', ...init });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** A form post as a browser sends it, with the Origin header Astro's origin check wants. */
async function post(path: string, fields: [string, string][], headers: Record<string, string> = {}) {
  return get(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  });
}

beforeAll(async () => {
  courses = await shippedCourses();
  admin = new Client(baseUrl);
  await admin.signIn(TEST_ACCOUNTS.admin, TEST_PASSWORD);
});

describe('catalogue and course pages', () => {
  it('serves the home page with featured courses', async () => {
    const { status, html } = await get('/');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en"');
    // Featured: three courses, those in the reader's language first, then by title.
    const featured = [...courses]
      .sort((a, b) => Number(b.meta.language === 'en') - Number(a.meta.language === 'en') || a.meta.title.localeCompare(b.meta.title, a.meta.language))
      .slice(0, 3);
    for (const course of featured) expect(html).toContain(`href="/courses/${course.slug}"`);
  });

  it('lists every course in the catalogue and filters without JavaScript', async () => {
    const all = await get('/courses');
    expect(all.status).toBe(200);
    for (const course of courses) expect(all.html).toContain(`href="/courses/${course.slug}"`);

    const german = await get('/courses?language=de');
    const germanCourses = courses.filter((c) => c.meta.language === 'de');
    expect(germanCourses.length).toBeGreaterThan(0);
    for (const course of courses) {
      expect(german.html.includes(`href="/courses/${course.slug}"`)).toBe(course.meta.language === 'de');
    }
    expect(german.html).toMatch(/<option value="de" selected/);

    const analytics = await get('/courses?specialization=analytics-reporting&level=intermediate');
    for (const course of courses) {
      const expected = course.meta.specializations.includes('analytics-reporting') && course.meta.level === 'intermediate';
      expect(analytics.html.includes(`href="/courses/${course.slug}"`)).toBe(expected);
    }
  });

  it('says when filter values are unknown instead of failing', async () => {
    const { status, html } = await get('/courses?language=fr&level=expert');
    expect(status).toBe(200);
    expect(html).toContain('were not recognised');
  });

  it('shows a course overview with objectives, syllabus, minutes and offers', async () => {
    for (const course of courses) {
      const { status, html } = await get(`/courses/${course.slug}`);
      expect(status).toBe(200);
      expect(html).toContain(escapeHtml(course.meta.title));
      for (const objective of course.meta.objectives) expect(html).toContain(escapeHtml(objective));
      for (const lesson of course.lessons) {
        expect(html).toContain(`href="/courses/${course.slug}/${lesson.slug}"`);
        expect(html).toContain(escapeHtml(lesson.meta.title));
      }
      expect(html).toContain(`href="/courses/${course.slug}/final"`);
      for (const offer of course.meta.offers) {
        if (offer.price !== undefined) expect(html).toContain(formatPrice(offer.price, 'en'));
      }
    }
  });

  it('marks course content in another language than the interface with lang', async () => {
    const german = courses.find((c) => c.meta.language === 'de')!;
    const { html } = await get(`/courses/${german.slug}`, { headers: { 'Accept-Language': 'en' } });
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(new RegExp(`<div lang="de">\\s*<h1>${escapeRegExp(escapeHtml(german.meta.title))}</h1>`));
  });

  it('answers unknown courses and lessons with the 404 page', async () => {
    for (const path of ['/courses/no-such-course', `/courses/${courses[0].slug}/99-no-such-lesson`, '/nowhere']) {
      const { status, html } = await get(path);
      expect(status, path).toBe(404);
      expect(html).toContain('Page not found');
    }
  });
});

describe('lesson pages', () => {
  it('renders every lesson with its four tasks as forms, and navigation', async () => {
    for (const course of courses) {
      const ordered = [...course.lessons, course.final];
      for (const [index, lesson] of ordered.entries()) {
        const { status, html } = await admin.get(`/courses/${course.slug}/${lesson.slug}`);
        expect(status, lesson.file).toBe(200);
        expect(html).toContain(escapeHtml(lesson.meta.title));
        const tasks = 'tasks' in lesson.meta ? lesson.meta.tasks : [lesson.meta.closingTask];
        for (const task of tasks) {
          expect(html, `${lesson.file}: ${task.id}`).toMatch(new RegExp(`<section class="task" id="task-${task.id}"`));
          expect(html).toContain(`name="task" value="${task.id}"`);
        }
        expect(html.match(/<form method="post" action="\/courses\//g)?.length).toBe(tasks.length + ('assessment' in lesson.meta ? 1 : 0));
        const previous = ordered[index - 1];
        const next = ordered[index + 1];
        if (previous) expect(html).toContain(`href="/courses/${course.slug}/${previous.slug}" rel="prev"`);
        if (next) expect(html).toContain(`href="/courses/${course.slug}/${next.slug}" rel="next"`);
      }
    }
  });

  it('never sends quiz answer keys or explanations before the learner answers', async () => {
    for (const course of courses) {
      for (const lesson of [...course.lessons, course.final]) {
        const { html } = await admin.get(`/courses/${course.slug}/${lesson.slug}`);
        const questions = 'tasks' in lesson.meta
          ? lesson.meta.tasks.flatMap((t) => (t.kind === 'quiz' ? t.questions : []))
          : lesson.meta.assessment.questions;
        expect(html).not.toMatch(/data-correct|"correct"|correct:\s*true/i);
        expect(html).not.toContain('Right answer');
        for (const question of questions) {
          if (question.explanation) expect(html, `${lesson.file}: ${question.id}`).not.toContain(escapeHtml(question.explanation));
          // Right and wrong options are rendered identically: only the option text differs.
          const optionTags = [...html.matchAll(new RegExp(`<input type="(?:radio|checkbox)" id="[^"]*-${question.id}-\\d+" name="q\\.${question.id}"[^>]*>`, 'g'))].map((m) =>
            m[0].replace(/-\d+"/, '-N"').replace(/value="\d+"/, 'value="N"'),
          );
          expect(optionTags.length).toBe(question.options.length);
          expect(new Set(optionTags).size).toBe(1);
        }
        // No script is sent at all, so no bundle can carry an answer key.
        expect(html).not.toMatch(/<script/i);
      }
    }
  });

  it('grades a quiz on the server and shows the explanation only afterwards', async () => {
    const course = courses[0];
    const lesson = course.lessons[0];
    const quiz = 'tasks' in lesson.meta ? lesson.meta.tasks.find((t) => t.kind === 'quiz') : undefined;
    if (!quiz || quiz.kind !== 'quiz') throw new Error('the first lesson of the first course should have a quiz');
    const rightAnswers = quiz.questions.flatMap((q) => q.options.flatMap((o, i) => (o.correct ? [[`q.${q.id}`, String(i)] as [string, string]] : [])));
    // Not signed in: graded and explained, but not stored (401) and the reader is told how to keep it.
    const { status, html } = await post(`/courses/${course.slug}/${lesson.slug}`, [['task', quiz.id], ...rightAnswers]);
    expect(status).toBe(401);
    expect(html).toContain('Sign in or create an account to enrol');
    expect(html).toContain(`${quiz.questions.length} of ${quiz.questions.length} right (100%)`);
    const explained = quiz.questions.find((q) => q.explanation);
    if (explained) expect(html).toContain(escapeHtml(explained.explanation!));
  });

  it('keeps what was entered and explains the problem next to the field', async () => {
    const course = courses[0];
    const lesson = course.lessons[0];
    const reflection = 'tasks' in lesson.meta ? lesson.meta.tasks.find((t) => t.kind === 'reflection') : undefined;
    if (!reflection) throw new Error('the first lesson should have a reflection');
    const { status, html } = await post(`/courses/${course.slug}/${lesson.slug}`, [['task', reflection.id], ['text', 'Too short & <b>bold</b>']]);
    expect(status).toBe(422);
    expect(html).toContain(`id="task-${reflection.id}-text-error"`);
    expect(html).toMatch(/Write at least \d+ words; you have 3\./);
    expect(html).toContain('Too short &amp; &lt;b&gt;bold&lt;/b&gt;</textarea>');
    expect(html).toContain('aria-invalid="true"');
  });

  it('grades the final assessment against the pass mark and keeps the key after a failure', async () => {
    const course = courses[0];
    const questions = course.final.meta.assessment.questions;
    const rightAnswers = questions.flatMap((q) => q.options.flatMap((o, i) => (o.correct ? [[`q.${q.id}`, String(i)] as [string, string]] : [])));
    const wrongAnswers = questions.map((q) => [`q.${q.id}`, String(q.options.findIndex((o) => !o.correct))] as [string, string]);
    const passed = await admin.post(`/courses/${course.slug}/final`, [['task', 'final-assessment'], ...rightAnswers]);
    expect(passed.html).toContain(`Passed: 100% (pass mark ${course.final.meta.assessment.passMark}%)`);
    expect(passed.html).toContain('Right answer');
    const failed = await admin.post(`/courses/${course.slug}/final`, [['task', 'final-assessment'], ...wrongAnswers]);
    expect(failed.html).toContain('Not passed yet');
    // A failed attempt gives no score (guessing against the total would reveal the key over attempts).
    expect(failed.html).not.toContain('Not passed yet: 0%');
    // A failed attempt does not reveal the key for the next one.
    expect(failed.html).not.toContain('Right answer');
    // Not even which questions were wrong.
    expect(failed.html).not.toContain('Not quite');
    expect(failed.html).not.toMatch(/class="feedback/);
    for (const question of questions) if (question.explanation) expect(failed.html).not.toContain(escapeHtml(question.explanation));
  });

  it('refuses unknown tasks with 400 and cross-site posts with 403', async () => {
    const course = courses[0];
    const unknown = await post(`/courses/${course.slug}/${course.lessons[0].slug}`, [['task', 'no-such-task']]);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('does not belong to this lesson');
    const crossSite = await post(`/courses/${course.slug}/${course.lessons[0].slug}`, [['task', 'x']], { Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });
});

describe('interface language', () => {
  it('follows Accept-Language, and a chosen language sticks in a cookie', async () => {
    const swedish = await get('/courses', { headers: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });
    expect(swedish.html).toContain('<html lang="sv"');
    expect(swedish.html).toContain('Kurskatalog');

    const switched = await post('/language', [['lang', 'de'], ['return', '/courses?level=beginner']]);
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/courses?level=beginner');
    const cookie = switched.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lang=de;/);
    expect(cookie).toMatch(/HttpOnly/i);
    const german = await get('/courses', { headers: { Cookie: cookie.split(';')[0], 'Accept-Language': 'sv' } });
    expect(german.html).toContain('<html lang="de"');
    expect(german.html).toContain('Kurse filtern');
  });

  it('refuses an unknown language and never redirects off the site', async () => {
    expect((await post('/language', [['lang', 'fr']])).status).toBe(400);
    const offsite = await post('/language', [['lang', 'en'], ['return', '//evil.example/']]);
    expect(offsite.headers.get('location')).toBe('/');
  });

  it('sends security headers', async () => {
    const { headers } = await get('/');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A learner who did not learn cannot pass: options in a per-learner order, a final assessment that
 * gives no score or per-question feedback on failure and allows a few attempts, then a pause.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newVerifiedLearner, type Client } from '../support/http.ts';
import { shippedCourses } from '../support/content.ts';
import { tasksOf } from '../support/journey.ts';
import { sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let course: ValidatedCourse;

beforeAll(async () => {
  // The shortest free course keeps the walk through its lessons quick.
  const free = (await shippedCourses()).filter((c) => c.meta.offers.some((o) => o.kind === 'free'));
  course = free.sort((a, b) => a.lessons.length - b.lessons.length)[0];
});

/** The option values of every question on a page, in the order shown: { 'q.q1': ['2', '0', '3', '1'], … }. */
function shownOrder(html: string, section?: string): Record<string, string[]> {
  const scope = section ? html.slice(html.indexOf(`id="${section}"`)) : html;
  const order: Record<string, string[]> = {};
  for (const match of scope.matchAll(/<input type="(?:radio|checkbox)" id="[^"]+" name="(q\.[^"]+)" value="(\d+)"/g)) (order[match[1]] ??= []).push(match[2]);
  return order;
}

/** Option texts of a question in the order shown, for a guesser who looks at the answers but not the lessons. */
function shownOptions(html: string): { field: string; values: string[]; texts: string[]; several: boolean }[] {
  const form = html.slice(html.indexOf('id="final-assessment"'));
  const questions = new Map<string, { values: string[]; texts: string[]; several: boolean }>();
  for (const match of form.matchAll(/<input type="(radio|checkbox)" id="([^"]+)" name="(q\.[^"]+)" value="(\d+)"[^>]*>\s*<label for="\2">\s*<span[^>]*>([^<]*)<\/span>/g)) {
    const entry = questions.get(match[3]) ?? { values: [], texts: [], several: match[1] === 'checkbox' };
    entry.values.push(match[4]);
    entry.texts.push(match[5]);
    questions.set(match[3], entry);
  }
  return [...questions.entries()].map(([field, entry]) => ({ field, ...entry }));
}

async function finishLessons(client: Client) {
  expect((await client.post(`/courses/${course.slug}/enrol`, [])).status).toBe(303);
  for (const lesson of course.lessons) for (const task of tasksOf(lesson)) expect((await client.post(`/courses/${course.slug}/${lesson.slug}`, sampleAnswerForm(task))).status).toBe(303);
  expect((await client.post(`/courses/${course.slug}/final`, sampleAnswerForm(course.final.meta.closingTask))).status).toBe(303);
}

describe('options in a per-learner order', () => {
  it('shows two learners different orders of the same questions, and each the same order on reload', async () => {
    const lesson = course.lessons[0];
    const quiz = tasksOf(lesson).find((t) => t.kind === 'quiz')!;
    const [a, b] = [await newVerifiedLearner('Order A'), await newVerifiedLearner('Order B')];
    const page = (client: Client) => client.get(`/courses/${course.slug}/${lesson.slug}`);
    const first = shownOrder((await page(a.client)).html, `task-${quiz.id}`);
    expect(Object.keys(first).length).toBeGreaterThan(0);
    expect(shownOrder((await page(a.client)).html, `task-${quiz.id}`)).toEqual(first);
    const other = shownOrder((await page(b.client)).html, `task-${quiz.id}`);
    expect(Object.keys(other)).toEqual(Object.keys(first));
    expect(other).not.toEqual(first);
    // Every option is still there, keyed on its place in the content.
    for (const [field, values] of Object.entries(first)) expect([...values].sort()).toEqual([...other[field]].sort());
  });
});

describe('a quiz below its pass mark', () => {
  it('is shown as not passed, in warning colours, and does not count as done', async () => {
    const { client } = await newVerifiedLearner('Low Score');
    expect((await client.post(`/courses/${course.slug}/enrol`, [])).status).toBe(303);
    const lesson = course.lessons[0];
    const quiz = tasksOf(lesson).find((t) => t.kind === 'quiz')!;
    if (quiz.kind !== 'quiz') throw new Error('no quiz');
    const wrong: [string, string][] = [['task', quiz.id], ...quiz.questions.map((q): [string, string] => [`q.${q.id}`, String(q.options.findIndex((o) => !o.correct))])];
    const page = await client.answer(`/courses/${course.slug}/${lesson.slug}`, wrong);
    const section = page.html.slice(page.html.indexOf(`id="task-${quiz.id}"`));
    expect(section).toContain('class="notice notice-bad" role="status"');
    expect(section).toMatch(/counts as done from \d+% right/);
    expect(section).toContain('not done yet');
    expect(section).not.toContain('✓ Done');
  });
});

describe('the final assessment', () => {
  it('says exactly what is missing while it is closed', async () => {
    const { client } = await newVerifiedLearner('Missing Work');
    expect((await client.post(`/courses/${course.slug}/enrol`, [])).status).toBe(303);
    const closed = await client.get(`/courses/${course.slug}/final`);
    expect(closed.status).toBe(403);
    expect(closed.html).toContain('Still to do before the final lesson opens:');
    for (const lesson of course.lessons) expect(closed.html).toContain(`href="/courses/${course.slug}/${lesson.slug}#task-${tasksOf(lesson)[0].id}"`);
  });

  it('cannot be passed by a guesser who tries answers against the feedback: no score, no key, then a pause', async () => {
    const { client } = await newVerifiedLearner('Test-wise Guesser');
    await finishLessons(client);
    const max = course.final.meta.assessment.attempts.max;
    let page = await client.get(`/courses/${course.slug}/final`);
    expect(page.html).toContain(`${max} attempts left`);
    for (let attempt = 0; attempt < max; attempt++) {
      // Attempt 1: the longest answer everywhere; then the next option in the order shown.
      const form: [string, string][] = [['task', 'final-assessment']];
      for (const question of shownOptions(page.html)) {
        const longest = question.texts.reduce((best, text, i) => (text.length > question.texts[best].length ? i : best), 0);
        const pick = attempt === 0 ? longest : (longest + attempt) % question.values.length;
        form.push([question.field, question.values[pick]]);
        if (question.several) form.push([question.field, question.values[(pick + 1) % question.values.length]]);
      }
      const answered = await client.answer(`/courses/${course.slug}/final`, form);
      expect([answered.postStatus, answered.status]).toEqual([303, 200]);
      page = answered;
      const section = page.html.slice(page.html.indexOf('id="final-assessment"'));
      const outcome = /<div class="notice notice-bad" role="status">([\s\S]*?)<\/div>/.exec(section)?.[1] ?? '';
      expect(outcome).toContain('Not passed yet');
      expect(outcome).not.toMatch(/\d+ ?%/);
      expect(section).not.toMatch(/not passed[^<]*\d+ ?%/i);
      expect(page.html).not.toContain('(right answer)');
      expect(page.html).not.toContain('href="/certificates/');
    }
    expect(page.html).toContain('You have used your attempts for now');
    expect(page.html).not.toContain('name="task" value="final-assessment"');
    const refused = await client.post(`/courses/${course.slug}/final`, [['task', 'final-assessment']]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3600);
    expect((await client.get('/dashboard')).html).not.toContain('Completed courses');
  });
});

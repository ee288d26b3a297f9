/**
 * Course and lesson PDFs, read back with pdf.js the way a reader's software reads them:
 * every lesson title and task prompt in course order, contents that point at the right pages,
 * page numbers, the course language, no answer keys; plus the lesson-body parser and the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { contentPaths } from '../../src/lib/authoring/check.ts';
import type { Task } from '../../src/lib/courses/schema.ts';
import { readCourseTree, readYamlFiles } from '../../src/lib/courses/source.ts';
import { findTaskPlacements, formatProblems, validateCourses, validateSpecializations } from '../../src/lib/courses/validate.ts';
import { COURSE_PDF_COPY } from '../../src/lib/pdf/course-pdf-copy.ts';
import { coursePdfInputFromSources } from '../../src/lib/pdf/course-pdf-input.ts';
import { renderCoursePdf, renderLessonPdf, type CoursePdfInput, type CoursePdfLesson } from '../../src/lib/pdf/course-pdf.ts';
import { lessonBlocks, placedTaskIds } from '../../src/lib/pdf/lesson-blocks.ts';
import { cachedPdf, coursePdfCacheFamily, coursePdfCacheKey } from '../../src/lib/pdf/pdf-cache.ts';
import { extractPdfText, pdfInfo } from '../support/pdf.ts';

const root = path.resolve(import.meta.dirname, '../..');
const RENDER_TIMEOUT = 60_000;

async function shippedCourseInputs(): Promise<CoursePdfInput[]> {
  const { specializations } = validateSpecializations(await readYamlFiles(contentPaths(root).specializationsDir, root));
  const sources = await readCourseTree(path.join(root, 'courses'), root);
  const { problems, courses } = validateCourses(sources, { specializations });
  if (problems.length > 0) throw new Error(`shipped courses are invalid:\n${formatProblems(problems)}`);
  return courses.map((course) =>
    coursePdfInputFromSources(course, sources.find((source) => source.slug === course.slug)!, `https://channelwise.example/courses/${course.slug}`),
  );
}

const inputs = await shippedCourseInputs();

/**
 * pdf.js returns text line by line, and where a line breaks depends on the layout: after a space
 * (giving "a\nb"), but also after a hyphen inside a word ("Social-\nMedia"). Comparing without
 * any white space makes the search independent of line breaks.
 */
function squash(text: string): string {
  // Emoji are not in the embedded font (Noto Sans), so the PDF leaves them out.
  return text.normalize('NFC').replace(/\p{Extended_Pictographic}\uFE0F?/gu, '').replace(/\s+/g, '');
}

/** Collapsed white space, for checks that want the words as written. */
function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ');
}

function tasksOf(lesson: CoursePdfLesson): Task[] {
  return 'assessment' in lesson.meta ? [lesson.meta.closingTask] : lesson.meta.tasks;
}

function taskTexts(task: Task): string[] {
  return [task.title, task.prompt, ...(task.kind === 'quiz' ? task.questions.map((q) => q.prompt) : [])];
}

/** What the PDF must contain, in this order: per lesson its title, the tasks the body places, the assessment, the other tasks. */
function expectedSequence(input: CoursePdfInput): string[] {
  const sequence: string[] = [];
  for (const lesson of [...input.lessons, input.final]) {
    const tasks = tasksOf(lesson);
    const placed = findTaskPlacements(lesson.body).map((p) => p.id);
    sequence.push(lesson.meta.title);
    for (const id of placed) sequence.push(...taskTexts(tasks.find((t) => t.id === id)!));
    if ('assessment' in lesson.meta) sequence.push(...lesson.meta.assessment.questions.map((q) => q.prompt));
    for (const task of tasks.filter((t) => !placed.includes(t.id))) sequence.push(...taskTexts(task));
  }
  return sequence;
}

function lessonHeading(input: CoursePdfInput, lesson: CoursePdfLesson): string {
  const copy = COURSE_PDF_COPY[input.meta.language];
  return squash(`${lesson.number === null ? copy.finalLesson : copy.lesson(lesson.number)} ${lesson.meta.title}`);
}

describe.each(inputs.map((input) => [input.meta.language, input.slug, input] as const))('course PDF in %s (%s)', (language, _slug, input) => {
  const copy = COURSE_PDF_COPY[language];
  const lessons = [...input.lessons, input.final];
  let pdf: Buffer;
  let pages: string[];

  beforeAll(async () => {
    pdf = await renderCoursePdf(input);
    pages = await extractPdfText(pdf);
  }, RENDER_TIMEOUT);

  /** 1-based page on which a lesson starts: the first page with its label and title. */
  const startPage = (lesson: CoursePdfLesson) => pages.findIndex((page) => squash(page).includes(lessonHeading(input, lesson))) + 1;

  it('has every lesson title and every task prompt, in course order', () => {
    const firstLessonPage = startPage(input.lessons[0]);
    expect(firstLessonPage).toBeGreaterThan(2); // after the cover and the contents
    const text = squash(pages.slice(firstLessonPage - 1).join('\n'));
    let position = 0;
    for (const expected of expectedSequence(input)) {
      const found = text.indexOf(squash(expected), position);
      expect(found, `"${expected}" after position ${position}`).toBeGreaterThanOrEqual(position);
      position = found + squash(expected).length;
    }
  });

  it('prints every answer option but never which one is right or why', () => {
    const text = squash(pages.join('\n'));
    const questions = [...lessons.flatMap((l) => tasksOf(l)).flatMap((t) => (t.kind === 'quiz' ? t.questions : [])), ...input.final.meta.assessment.questions];
    expect(questions.length).toBeGreaterThan(5);
    for (const question of questions) {
      for (const option of question.options) expect(text).toContain(squash(option.text));
      if (question.explanation) expect(text).not.toContain(squash(question.explanation));
    }
    expect(text).not.toMatch(/[✓✔☑☒]/);
  });

  it('lists every lesson in the contents with the page it starts on', () => {
    // The contents run from page 2 up to the first lesson (more than one page for a long course).
    const contents = squash(pages.slice(1, startPage(lessons[0]) - 1).join('\n'));
    expect(contents.startsWith(squash(copy.contents))).toBe(true);
    let previous = 2;
    for (const lesson of lessons) {
      const page = startPage(lesson);
      expect(page, lesson.meta.title).toBeGreaterThan(previous);
      expect(contents).toContain(squash(`${lesson.meta.title} ${page}`));
      previous = page;
    }
  });

  it('numbers every page but the cover', () => {
    const total = pages.length;
    expect(squash(pages[0])).not.toContain(squash(copy.page(1, total)));
    pages.slice(1).forEach((page, index) => expect(squash(page)).toContain(squash(copy.page(index + 2, total))));
  });

  it('shows the cover facts and keeps the letters of the course language intact', () => {
    const cover = collapse(pages[0]);
    expect(cover).toContain(collapse(input.meta.title));
    expect(cover).toContain(copy.languageNames[language]);
    // A long address may wrap at a hyphen on the cover.
    expect(squash(cover)).toContain(squash(input.courseUrl!));
    const text = collapse(pages.join('\n'));
    for (const lesson of lessons) expect(squash(text)).toContain(squash(lesson.meta.title));
    // Every letter beyond ASCII that the course's own text uses (ä, ö, ü, ß, å, –, “ …) comes out as written.
    const source = [input.meta.title, input.meta.summary, ...lessons.map((l) => `${l.meta.title} ${l.meta.summary}`)].join(' ');
    for (const letter of new Set(source.normalize('NFC').match(/[^\x00-\x7f]/g) ?? [])) expect(text, letter).toContain(letter);
    if (language === 'de') expect(source).toMatch(/[äöüß]/);
    if (language === 'sv') expect(source).toMatch(/[åäö]/);
  });

  it('names title and language in the file and embeds Noto Sans only', async () => {
    const info = await pdfInfo(pdf);
    expect(info.title).toBe(input.meta.title);
    expect(info.language).toBe(language);
    expect(info.pages).toBe(pages.length);
    expect(pdf.includes('NotoSans')).toBe(true);
    expect(pdf.includes('/Helvetica')).toBe(false);
  });
});

describe('course PDF at the limits', () => {
  const base = inputs.find((input) => input.meta.language === 'en')!;
  const sentence = 'A table cell long enough to fill more than a page on its own.';
  const bigBody = [
    '| Column | Very long column |',
    '| --- | --- |',
    `| short | ${Array.from({ length: 160 }, () => sentence).join(' ')} The last words of the cell. |`,
    '',
    '```',
    ...Array.from({ length: 90 }, (_, i) => `line ${i + 1} of a long code block`),
    '```',
  ].join('\n');
  const checklist = (id: string): Task => ({ id, kind: 'checklist', title: `Checklist ${id}`, prompt: `Prompt of ${id}.`, items: ['First item', 'Second item'] });
  // The most lessons a course may have, with titles that wrap in the contents: they need a second contents page.
  const input: CoursePdfInput = {
    ...base,
    lessons: Array.from({ length: 30 }, (_, i) => ({
      slug: `${String(i + 1).padStart(2, '0')}-lesson`,
      number: i + 1,
      meta: {
        title: `Lesson title ${i + 1} that is deliberately long, so that it wraps onto a second line in the table of contents of this course`,
        summary: 'A short summary.',
        minutes: 10,
        objectives: ['Do one thing'],
        tasks: [1, 2, 3, 4].map((k) => checklist(`task-${i + 1}-${k}`)),
      },
      body: i === 0 ? bigBody : 'A short body.',
    })),
  };
  let pages: string[];

  beforeAll(async () => {
    pages = await extractPdfText(await renderCoursePdf(input));
  }, RENDER_TIMEOUT);

  it('spreads the contents over several pages with the right page numbers', () => {
    const startPage = (lesson: CoursePdfLesson) => pages.findIndex((page) => squash(page).includes(lessonHeading(input, lesson))) + 1;
    const lessons = [...input.lessons, input.final];
    expect(startPage(lessons[0])).toBeGreaterThan(3);
    const contents = squash(pages.slice(1, startPage(lessons[0]) - 1).join('\n'));
    expect(squash(pages[2])).toContain(squash(lessons.at(-1)!.meta.title));
    let previous = 0;
    for (const lesson of lessons) {
      const page = startPage(lesson);
      expect(page).toBeGreaterThan(previous);
      expect(contents).toContain(squash(`${lesson.meta.title} ${page}`));
      previous = page;
    }
  });

  it('keeps the text of a table row taller than a page and of a long code block', () => {
    const text = squash(pages.join('\n'));
    expect(text).toContain(squash(`${sentence} The last words of the cell.`));
    expect(text).toContain(squash('line 1 of a long code block'));
    expect(text).toContain(squash('line 90 of a long code block'));
  });
});

describe('lesson PDF', () => {
  const english = inputs.find((input) => input.meta.language === 'en')!;
  const swedish = inputs.find((input) => input.meta.language === 'sv')!;

  it('has the lesson with its four tasks and no other lesson', async () => {
    const lesson = english.lessons[2];
    const pages = await extractPdfText(await renderLessonPdf(english, lesson.slug));
    const text = squash(pages.join('\n'));
    expect(text).toContain(squash(lesson.meta.title));
    expect(text).toContain(squash(COURSE_PDF_COPY.en.lessonOf(3, english.lessons.length)));
    const tasks = tasksOf(lesson);
    expect(tasks).toHaveLength(4);
    for (const task of tasks) expect(text).toContain(squash(task.prompt));
    for (const other of [...english.lessons, english.final].filter((l) => l !== lesson)) expect(text).not.toContain(squash(other.meta.title));
    pages.forEach((page, index) => expect(squash(page)).toContain(squash(COURSE_PDF_COPY.en.page(index + 1, pages.length))));
  }, RENDER_TIMEOUT);

  it('has the final assessment and the closing task in the final lesson', async () => {
    const pages = await extractPdfText(await renderLessonPdf(swedish, 'final'));
    const text = squash(pages.join('\n'));
    expect(text).toContain(squash(COURSE_PDF_COPY.sv.finalAssessment));
    for (const question of swedish.final.meta.assessment.questions) {
      expect(text).toContain(squash(question.prompt));
      if (question.explanation) expect(text).not.toContain(squash(question.explanation));
    }
    expect(text).toContain(squash(swedish.final.meta.closingTask.prompt));
  }, RENDER_TIMEOUT);

  it('refuses a lesson the course does not have', async () => {
    await expect(renderLessonPdf(english, 'no-such-lesson')).rejects.toThrow(/no lesson "no-such-lesson"/);
  });
});

describe('lesson blocks', () => {
  const body = [
    '## Heading with **bold**',
    '',
    'Text with *emphasis*, a [link](https://example.com) and {/* a comment */} more.',
    '',
    '<KeyFigure value="63%" source="A survey">of people say so.</KeyFigure>',
    '',
    '<Callout type="legal" title="Careful">',
    '',
    '- one',
    '  1. nested',
    '- [x] done',
    '',
    '<Task id="inside-callout" />',
    '',
    '</Callout>',
    '',
    '<Figure caption="A table">',
    '',
    '| A | B |',
    '| --- | ---: |',
    '| 1 | 2 |',
    '',
    '</Figure>',
    '',
    '<Figure src="/chart.png" alt="Bar chart" caption="Reach" />',
    '',
    '<PostMockup network="linkedin" author="Firm" likes={12} comments={3}>Post text.</PostMockup>',
    '',
    '<Unknown>Still **shown**.</Unknown>',
    '',
    '> A quote',
    '',
    '---',
    '',
    '<Task id="last" />',
  ].join('\n');
  const blocks = lessonBlocks(body);

  it('turns markdown, GFM and the lesson components into typed blocks', () => {
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'key-figure', 'aside', 'figure', 'figure', 'post', 'paragraph', 'quote', 'rule', 'task']);
    expect(blocks[0]).toEqual({ type: 'heading', depth: 2, runs: [{ text: 'Heading with ' }, { text: 'bold', bold: true }] });
    expect(blocks[1]).toMatchObject({ runs: [{ text: 'Text with ' }, { text: 'emphasis', italic: true }, { text: ', a ' }, { text: 'link', href: 'https://example.com' }, { text: ' and  more.' }] });
    expect(blocks[2]).toMatchObject({ type: 'key-figure', value: '63%', source: 'A survey', children: [{ type: 'paragraph', runs: [{ text: 'of people say so.' }] }] });
    expect(blocks[3]).toMatchObject({ type: 'aside', kind: 'legal', title: 'Careful' });
    expect(blocks[4]).toMatchObject({ type: 'figure', caption: 'A table', children: [{ type: 'table', align: [null, 'right'], header: [[{ text: 'A' }], [{ text: 'B' }]], rows: [[[{ text: '1' }], [{ text: '2' }]]] }] });
    expect(blocks[5]).toMatchObject({ type: 'figure', caption: 'Reach', children: [{ type: 'image', alt: 'Bar chart', src: '/chart.png' }] });
    expect(blocks[6]).toMatchObject({ type: 'post', network: 'linkedin', author: 'Firm', likes: 12, comments: 3 });
    expect(blocks[7]).toMatchObject({ type: 'paragraph', runs: [{ text: 'Still ' }, { text: 'shown', bold: true }, { text: '.' }] });
  });

  it('keeps nested lists, task-list items and tasks placed inside components', () => {
    const aside = blocks[3];
    if (aside.type !== 'aside') throw new Error('expected an aside');
    const list = aside.children[0];
    expect(list).toMatchObject({ type: 'list', ordered: false, items: [{ checked: null }, { checked: true }] });
    if (list.type !== 'list') throw new Error('expected a list');
    expect(list.items[0].children[1]).toMatchObject({ type: 'list', ordered: true, start: 1 });
    expect(placedTaskIds(blocks)).toEqual(['inside-callout', 'last']);
  });

  it('never throws: a body MDX cannot read comes out as paragraphs', () => {
    expect(lessonBlocks('Broken <Tip>\n\nsecond part')).toEqual([
      { type: 'paragraph', runs: [{ text: 'Broken <Tip>' }] },
      { type: 'paragraph', runs: [{ text: 'second part' }] },
    ]);
  });
});

describe('PDF cache', () => {
  const input = inputs[0];
  const previous = process.env.PDF_CACHE_DIR;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pdf-cache-'));
    process.env.PDF_CACHE_DIR = dir;
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.PDF_CACHE_DIR;
    else process.env.PDF_CACHE_DIR = previous;
    await rm(dir, { recursive: true, force: true });
  });

  it('renders once, then serves the stored file', async () => {
    let calls = 0;
    const render = async () => {
      calls++;
      return Buffer.from(`%PDF-1.7 render ${calls}`);
    };
    const key = coursePdfCacheKey(input, 'course');
    const first = await cachedPdf(key, render);
    const second = await cachedPdf(key, render);
    expect(calls).toBe(1);
    expect(second.equals(first)).toBe(true);
    expect(await readdir(dir)).toEqual([`${key}.pdf`]); // no temporary file left behind
  });

  it('shares one rendering between requests that arrive together', async () => {
    let calls = 0;
    const render = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return Buffer.from('%PDF-1.7 shared');
    };
    const key = coursePdfCacheKey(input, 'lesson-shared');
    const [a, b] = await Promise.all([cachedPdf(key, render), cachedPdf(key, render)]);
    expect(calls).toBe(1);
    expect(a.equals(b)).toBe(true);
  });

  it('keys name course, version and kind, and change with any content', () => {
    const key = coursePdfCacheKey(input, 'course');
    expect(key).toMatch(new RegExp(`^${input.slug}-v${input.meta.version}-course-[0-9a-f]{16}$`));
    expect(coursePdfCacheKey(structuredClone(input), 'course')).toBe(key);

    const edited = structuredClone(input);
    edited.lessons[0].body += '\nOne more sentence.';
    const bumped = structuredClone(input);
    bumped.meta.version += 1;
    const keys = [key, coursePdfCacheKey(edited, 'course'), coursePdfCacheKey(bumped, 'course'), coursePdfCacheKey(input, `lesson-${input.lessons[0].slug}`)];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[2]).toContain(`-v${input.meta.version + 1}-`);
  });

  it('removes the out-of-date files of the same document when a new one is stored', async () => {
    const render = async () => Buffer.from('%PDF-1.7 any');
    const lesson = `lesson-${input.lessons[0].slug}` as const;
    const old = coursePdfCacheKey(input, lesson);
    await cachedPdf(old, render, coursePdfCacheFamily(input, lesson));
    const other = coursePdfCacheKey(input, `lesson-${input.lessons[1].slug}`);
    await cachedPdf(other, render, coursePdfCacheFamily(input, `lesson-${input.lessons[1].slug}`));
    const edited = structuredClone(input);
    edited.meta.version += 1;
    const current = coursePdfCacheKey(edited, lesson);
    await cachedPdf(current, render, coursePdfCacheFamily(edited, lesson));
    const files = await readdir(dir);
    expect(files).toContain(`${current}.pdf`);
    expect(files).toContain(`${other}.pdf`);
    expect(files).not.toContain(`${old}.pdf`);
  });

  it('keeps keys safe file names and refuses unsafe ones', async () => {
    const odd = { ...structuredClone(input), slug: '../Odd Slug/..' };
    for (const key of [coursePdfCacheKey(input, 'course'), coursePdfCacheKey(odd, 'lesson-../../etc/passwd')]) {
      expect(key).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
    await expect(cachedPdf('../outside', async () => Buffer.from(''))).rejects.toThrow(/unsafe/);
  });
});

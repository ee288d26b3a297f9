/**
 * A whole course, or one lesson, as a typeset PDF made on the server with PDFKit (no browser):
 * cover, table of contents, every lesson with its tasks and room to write, the final lesson
 * with its assessment, page numbers, all in the course's language. Quiz answer keys and
 * explanations never reach the PDF, just as they never reach the browser.
 *
 * Callers check access and cache the result (see `pdf-cache.ts`); this module only typesets.
 */
import PDFDocument from 'pdfkit';
import type { CourseMeta, FinalLessonMeta, LessonMeta, Task } from '../courses/schema.ts';
import { registerFonts } from './fonts.ts';
import { collectPdf } from './pdf-output.ts';
import { coursePdfCopy, type CoursePdfCopy } from './course-pdf-copy.ts';
import { COLORS, SIZES, CoursePdfTypesetter, type Area, type BlockContext } from './course-pdf-typesetter.ts';
import { lessonBlocks, type LessonBlock } from './lesson-blocks.ts';

export interface CoursePdfLesson {
  /** File name without `.mdx`, e.g. `03-goals-and-kpis` or `final`; also the lesson's URL segment. */
  slug: string;
  /** 1-based, null for the final lesson */
  number: number | null;
  /** The lesson's validated frontmatter. */
  meta: LessonMeta | FinalLessonMeta;
  /** raw MDX body without frontmatter */
  body: string;
}

export interface CoursePdfInput {
  /** The course folder name (its URL segment); names the cache entry. */
  slug: string;
  /** The validated `course.yaml`. */
  meta: CourseMeta;
  /** Regular lessons in course order. */
  lessons: CoursePdfLesson[];
  /** The final lesson with its assessment and closing task. */
  final: CoursePdfLesson & { meta: FinalLessonMeta };
  /** absolute URL of the course page, printed on the cover */
  courseUrl?: string;
}

export interface CoursePdfOptions {
  /** Creation date written into the PDF; with a fixed date the same input gives the same bytes. */
  createdAt?: Date;
  /**
   * Print the final-assessment questions (default true). False for a reader whose final lesson is
   * still locked on the site, so the PDF does not open what the site keeps closed.
   */
  assessmentQuestions?: boolean;
}

const MARGINS = { top: 64, bottom: 72, left: 64, right: 64 };
/** Distance of the footer's baseline area from the bottom edge; inside the bottom margin. */
const FOOTER_FROM_BOTTOM = 44;

function isFinal(meta: LessonMeta | FinalLessonMeta): meta is FinalLessonMeta {
  return 'assessment' in meta;
}

function createDocument(input: CoursePdfInput, title: string, subject: string, options: CoursePdfOptions): PDFKit.PDFDocument {
  const copy = coursePdfCopy(input.meta.language);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: false,
    lang: input.meta.language,
    displayTitle: true,
    // No `font` here: PDFKit would then re-open the font file on every doc.font('regular') (its cache
    // misses when a registered name points at an already loaded face). Its default Helvetica is
    // loaded but never used, and PDFKit only embeds fonts that a page uses.
    info: {
      Title: title,
      Author: input.meta.authors.map((a) => a.name).join(', ') || copy.publisher,
      Subject: subject,
      Creator: 'Channelwise',
      ...(options.createdAt ? { CreationDate: options.createdAt, ModDate: options.createdAt } : {}),
    },
  });
  registerFonts(doc);
  return doc;
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const finished = collectPdf(doc);
  doc.end();
  return finished;
}

function destination(lesson: CoursePdfLesson): string {
  return `lesson-${lesson.slug}`;
}

function bulletList(texts: string[]): LessonBlock {
  return { type: 'list', ordered: false, start: 1, items: texts.map((text) => ({ checked: null, children: [{ type: 'paragraph', runs: [{ text }] }] })) };
}

const NO_TASKS: BlockContext = { task: () => {} };

// ---- cover and contents ----------------------------------------------------------------

function drawCover(set: CoursePdfTypesetter, input: CoursePdfInput): void {
  const { doc, copy } = set;
  const { meta } = input;
  const area = set.area;
  set.text(copy.publisher, area, { size: 11, face: 'semibold', color: COLORS.accent });
  doc.y = 170;
  set.text(meta.title, area, { size: 28, face: 'bold' });
  set.space(14);
  set.text(meta.summary, area, { size: 13, color: COLORS.muted });
  set.space(26);

  const hours = new Intl.NumberFormat(meta.language, { maximumFractionDigits: 1 }).format(meta.estimatedHours);
  const facts: [string, string, string?][] = [
    [copy.cover.language, copy.languageNames[meta.language]],
    [copy.cover.level, copy.levels[meta.level]],
    [copy.cover.duration, copy.hours(hours)],
    [copy.cover.authors, meta.authors.map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join(', ')],
    [copy.cover.version, String(meta.version)],
  ];
  if (input.courseUrl) facts.push([copy.cover.online, input.courseUrl, input.courseUrl]);
  const labelWidth = 120;
  for (const [label, value, href] of facts) {
    const y = doc.y;
    // The smaller label sits on the value's baseline: shift it down by the difference in ascent.
    doc.y = y + (SIZES.body - (SIZES.small + 0.5)) * 1.07;
    set.text(label, { x: area.x, width: labelWidth - 8 }, { size: SIZES.small + 0.5, face: 'semibold', color: COLORS.muted });
    const labelEnd = doc.y;
    doc.y = y;
    set.runs([{ text: value, ...(href ? { href } : {}) }], { x: area.x + labelWidth, width: area.width - labelWidth });
    doc.y = Math.max(labelEnd, doc.y) + 3;
  }

  // The objectives are a bonus on the cover: left out rather than spilling onto a second cover page.
  const objectivesHeight = set.lineHeight(SIZES.h3, 'semibold') + 24 + meta.objectives.reduce((sum, o) => sum + set.measure(o, area.width - 15) + 3, 0);
  if (doc.y + objectivesHeight < doc.page.maxY()) {
    set.space(18);
    set.heading([{ text: copy.courseObjectives }], 3, area);
    set.block(bulletList(meta.objectives), area, NO_TASKS);
  }
}

interface TocEntry {
  number: string;
  title: string;
  destination: string;
  /** The final lesson has no number; it stands apart instead. */
  final: boolean;
}

const TOC = { size: 11, numberWidth: 30, pageWidth: 36, gap: 7, finalGap: 8 } as const;

function tocGeometry(area: Area) {
  return { titleX: area.x + TOC.numberWidth, titleWidth: area.width - TOC.numberWidth - TOC.pageWidth - 14 };
}

/** Splits the entries over as many pages as they need, measured before any lesson is set. */
function layoutToc(set: CoursePdfTypesetter, entries: TocEntry[]): TocEntry[][] {
  const { doc } = set;
  const { titleWidth } = tocGeometry(set.area);
  const room = doc.page.maxY() - doc.page.margins.top;
  const headingHeight = set.lineHeight(20, 'bold') + 16;
  const pages: TocEntry[][] = [[]];
  let used = headingHeight;
  for (const entry of entries) {
    const height = set.measure(entry.title, titleWidth, TOC.size, entry.final ? 'semibold' : 'regular') + TOC.gap + (entry.final ? TOC.finalGap : 0);
    if (used + height > room && pages.at(-1)!.length > 0) {
      pages.push([]);
      used = 0;
    }
    pages.at(-1)!.push(entry);
    used += height;
  }
  return pages;
}

function drawToc(set: CoursePdfTypesetter, pages: TocEntry[][], firstPage: number, pageOf: Map<string, number>): void {
  const { doc, copy } = set;
  const area = set.area;
  const { titleX, titleWidth } = tocGeometry(area);
  const pageX = area.x + area.width - TOC.pageWidth;
  pages.forEach((entries, index) => {
    doc.switchToPage(firstPage + index);
    doc.y = doc.page.margins.top;
    if (index === 0) {
      set.text(copy.contents, area, { size: 20, face: 'bold' });
      set.space(16);
    }
    for (const entry of entries) {
      const page = String((pageOf.get(entry.destination) ?? 0) + 1);
      if (entry.final) doc.y += TOC.finalGap;
      const y = doc.y;
      const face = entry.final ? 'semibold' : 'regular';
      const lineHeight = set.lineHeight(TOC.size, face);
      doc.font('semibold').fontSize(TOC.size).fillColor(COLORS.accent);
      if (entry.number) doc.text(entry.number, area.x, y, { width: TOC.numberWidth - 6, lineGap: 2.5 });
      doc.font(face).fillColor(COLORS.text);
      doc.text(entry.title, titleX, y, { width: titleWidth, lineGap: 2.5, goTo: entry.destination });
      const end = doc.y;
      const lastLine = end - lineHeight;
      doc.text(page, pageX, lastLine, { width: TOC.pageWidth, align: 'right', lineGap: 2.5, goTo: entry.destination });
      // Dotted leaders drawn as vector dots, so the text layer reads "title 12" and nothing in between.
      const titleLineWidth = doc.widthOfString(entry.title);
      if (titleLineWidth <= titleWidth) {
        const from = titleX + titleLineWidth + 6;
        const to = pageX + TOC.pageWidth - doc.widthOfString(page) - 6;
        const baseline = y + TOC.size * 1.05;
        if (to > from) doc.save().lineWidth(0.8).strokeColor(COLORS.writingLine).dash(0.8, { space: 3 }).moveTo(from, baseline).lineTo(to, baseline).stroke().undash().restore();
      }
      doc.x = area.x;
      doc.y = end + TOC.gap;
    }
  });
}

/** "Page n of N" on every page (but the cover), plus the course title on the left. */
function drawFooters(set: CoursePdfTypesetter, label: string, skipFirst: boolean): void {
  const { doc, copy } = set;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let index = range.start; index < range.start + range.count; index++) {
    if (skipFirst && index === range.start) continue;
    doc.switchToPage(index);
    const area = set.area;
    // Text below the bottom margin would make PDFKit open a new page; the footer lives there on purpose.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - FOOTER_FROM_BOTTOM;
    doc.save().lineWidth(0.5).strokeColor(COLORS.rule).moveTo(area.x, y - 8).lineTo(area.x + area.width, y - 8).stroke().restore();
    doc.font('regular').fontSize(SIZES.small).fillColor(COLORS.muted);
    const lineHeight = doc.currentLineHeight(true);
    doc.text(label, area.x, y, { width: area.width * 0.68, height: lineHeight, ellipsis: true });
    doc.text(copy.page(index - range.start + 1, total), area.x + area.width * 0.68, y, { width: area.width * 0.32, align: 'right', height: lineHeight });
    doc.page.margins.bottom = bottomMargin;
  }
}

// ---- lessons ---------------------------------------------------------------------------

function drawLessonHead(set: CoursePdfTypesetter, label: string, meta: LessonMeta | FinalLessonMeta): void {
  const { doc, copy } = set;
  const area = set.area;
  set.text(label, area, { size: 10.5, face: 'semibold', color: COLORS.accent });
  set.space(2);
  set.text(meta.title, area, { size: 22, face: 'bold' });
  set.space(6);
  set.text(meta.summary, area, { size: 12, color: COLORS.muted });
  set.space(5);
  set.text(copy.minutes(meta.minutes), area, { size: SIZES.small + 0.5, color: COLORS.muted });
  const y = doc.y + 8;
  doc.save().lineWidth(0.6).strokeColor(COLORS.rule).moveTo(area.x, y).lineTo(area.x + area.width, y).stroke().restore();
  doc.y = y + 6;
  if (meta.objectives.length > 0) {
    set.heading([{ text: copy.learningObjectives }], 3, area);
    set.block(bulletList(meta.objectives), area, NO_TASKS);
  }
}

/**
 * The lesson's body with each `<Task>` in place, as on the lesson page: then (final lesson)
 * the assessment, then the tasks the body does not place, in frontmatter order.
 */
function drawLessonBody(set: CoursePdfTypesetter, lesson: CoursePdfLesson, options: CoursePdfOptions): void {
  const { copy } = set;
  const area = set.area;
  const final = isFinal(lesson.meta) ? lesson.meta : null;
  const tasks: Task[] = final ? [final.closingTask] : (lesson.meta as LessonMeta).tasks;
  const taskLabel = final ? copy.closingTask : copy.task;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const drawn = new Set<string>();
  const context: BlockContext = {
    task: (id, taskArea) => {
      const task = byId.get(id);
      // An unknown id renders nothing, like the web component; a repeated one is drawn once.
      if (!task || drawn.has(id)) return;
      drawn.add(id);
      set.task(task, taskArea, taskLabel);
    },
  };
  set.space(4);
  set.blocks(lessonBlocks(lesson.body), area, context);

  if (final && options.assessmentQuestions === false) {
    set.heading([{ text: copy.finalAssessment }], 2, area);
    set.text(copy.passMark(final.assessment.passMark), area, { face: 'semibold' });
    set.space(2);
    set.text(copy.assessmentLocked, area, { size: SIZES.small + 0.5, face: 'italic', color: COLORS.muted });
    set.space(10);
  } else if (final) {
    // Heading, pass mark and the first question belong together on one page.
    set.ensure(12 + set.lineHeight(SIZES.h2, 'bold') + 3 * set.lineHeight() + set.questionHeight(final.assessment.questions[0], area));
    set.heading([{ text: copy.finalAssessment }], 2, area);
    set.text(copy.passMark(final.assessment.passMark), area, { face: 'semibold' });
    set.space(2);
    set.text(copy.assessmentOnline, area, { size: SIZES.small + 0.5, face: 'italic', color: COLORS.muted });
    set.space(10);
    set.questions(final.assessment.questions, area);
  }

  const unplaced = tasks.filter((task) => !drawn.has(task.id));
  if (unplaced.length > 0) {
    set.heading([{ text: final ? copy.closingTask : copy.moreTasks }], 2, area);
    for (const task of unplaced) set.task(task, area, taskLabel);
  }
}

function lessonLabel(copy: CoursePdfCopy, lesson: CoursePdfLesson): string {
  return lesson.number === null ? copy.finalLesson : copy.lesson(lesson.number);
}

// ---- entry points ----------------------------------------------------------------------

/** The whole course as one PDF: cover, contents, every lesson, the final lesson. */
export async function renderCoursePdf(input: CoursePdfInput, options: CoursePdfOptions = {}): Promise<Buffer> {
  const copy = coursePdfCopy(input.meta.language);
  const doc = createDocument(input, input.meta.title, input.meta.summary, options);
  const set = new CoursePdfTypesetter(doc, copy, input.meta.language);
  const ordered: CoursePdfLesson[] = [...input.lessons, input.final];

  doc.addPage();
  drawCover(set, input);

  // The contents need page numbers that are only known later, so their pages are reserved now and filled in at the end.
  const entries: TocEntry[] = ordered.map((lesson) => ({
    number: lesson.number === null ? '' : String(lesson.number),
    title: lesson.meta.title,
    destination: destination(lesson),
    final: lesson.number === null,
  }));
  const tocPages = layoutToc(set, entries);
  doc.addPage();
  const tocStart = set.pageIndex();
  doc.outline.addItem(copy.contents);
  for (let i = 1; i < tocPages.length; i++) doc.addPage();

  const startPage = new Map<string, number>();
  for (const lesson of ordered) {
    doc.addPage();
    startPage.set(destination(lesson), set.pageIndex());
    doc.addNamedDestination(destination(lesson));
    const label = lessonLabel(copy, lesson);
    doc.outline.addItem(`${label}: ${lesson.meta.title}`);
    drawLessonHead(set, label, lesson.meta);
    drawLessonBody(set, lesson, options);
  }

  drawToc(set, tocPages, tocStart, startPage);
  drawFooters(set, input.meta.title, true);
  return finish(doc);
}

/** One lesson as a PDF (the "lesson as PDF" offer): a small header, the lesson, page numbers. */
export async function renderLessonPdf(input: CoursePdfInput, lessonSlug: string, options: CoursePdfOptions = {}): Promise<Buffer> {
  const lesson = [...input.lessons, input.final].find((candidate) => candidate.slug === lessonSlug);
  if (!lesson) throw new RangeError(`course "${input.slug}" has no lesson "${lessonSlug}"`);
  const copy = coursePdfCopy(input.meta.language);
  const doc = createDocument(input, lesson.meta.title, lesson.meta.summary, options);
  const set = new CoursePdfTypesetter(doc, copy, input.meta.language);

  doc.addPage();
  const area = set.area;
  set.text(input.meta.title, area, { size: SIZES.small + 1, face: 'semibold', color: COLORS.muted });
  if (input.courseUrl) set.runs([{ text: input.courseUrl, href: input.courseUrl }], area, { size: SIZES.small });
  set.space(18);
  const label = lesson.number === null ? copy.finalLesson : copy.lessonOf(lesson.number, input.lessons.length);
  drawLessonHead(set, label, lesson.meta);
  drawLessonBody(set, lesson, options);

  drawFooters(set, input.meta.title, false);
  return finish(doc);
}

/**
 * Draws lesson blocks and tasks onto a PDFKit document: the typography of course and lesson
 * PDFs in one place. Content flows top to bottom; boxes are drawn after their content, so a box
 * that breaks across pages gets one segment per page instead of a guessed height.
 * The document must be created with `bufferPages: true` (segments are drawn on earlier pages).
 */
import { printOrder } from '../courses/option-order.ts';
import type { QuizQuestion, Task } from '../courses/schema.ts';
import type { FontFace } from './fonts.ts';
import type { AsideKind, CoursePdfCopy } from './course-pdf-copy.ts';
import { runsText, type LessonBlock, type ListItem, type TableAlign, type TextRun } from './lesson-blocks.ts';

/** A horizontal band of the page that content is set in. */
export interface Area {
  x: number;
  width: number;
}

export const COLORS = {
  text: '#1f2328',
  muted: '#59636e',
  accent: '#0b57a4',
  link: '#0b57a4',
  code: '#8a3a12',
  rule: '#c8ced6',
  writingLine: '#aab2bd',
  tableHead: '#eef1f4',
  task: '#0b57a4',
  quote: '#aab2bd',
  post: '#8c959f',
} as const;

const ASIDE_COLORS: Record<AsideKind, string> = {
  tip: '#1a7f37',
  note: '#0969da',
  warning: '#9a6700',
  legal: '#8250df',
  example: '#1b7c83',
};

export const SIZES = { body: 10.5, small: 8.5, table: 9, h2: 15, h3: 12.5, h4: 11, taskTitle: 12 } as const;
/** Extra space between lines; Noto Sans is tall, so a little goes a long way. */
const LINE_GAP = 2.5;
/** Distance between the lines a learner writes on. */
const WRITING_LINE = 21;

const NETWORK_NAMES: Record<string, string> = {
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  x: 'X',
  tiktok: 'TikTok',
  facebook: 'Facebook',
  youtube: 'YouTube',
};

interface TextStyle {
  size?: number;
  face?: FontFace;
  color?: string;
  align?: 'left' | 'center' | 'right';
}

/** What the block renderer needs from the lesson around it. */
export interface BlockContext {
  /** Draws the task with this id; called where `<Task id>` stands. */
  task: (id: string, area: Area) => void;
  /** Lists are tighter than running text. */
  tight?: boolean;
  /** How many lists this block sits in, for the bullet shape. */
  listDepth?: number;
}

export class CoursePdfTypesetter {
  /** The fill colour text is drawn in, re-applied on pages PDFKit adds while text flows. */
  private fill: string = COLORS.text;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly copy: CoursePdfCopy,
    /** BCP 47 tag for number formatting. */
    readonly language: string,
  ) {
    // A page PDFKit opens in the middle of a paragraph starts with black text otherwise.
    doc.on('pageAdded', () => doc.fillColor(this.fill));
  }

  // ---- page geometry -------------------------------------------------------------------

  /** The full text width of the page. */
  get area(): Area {
    const { margins, width } = this.doc.page;
    return { x: margins.left, width: width - margins.left - margins.right };
  }

  /** Index of the page being written (the last one; earlier pages are only revisited for boxes). */
  pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private atPageTop(): boolean {
    return this.doc.y <= this.doc.page.margins.top + 0.5;
  }

  /** Vertical space, except at the top of a page where it would only push content down. */
  space(height: number): void {
    if (!this.atPageTop()) this.doc.y += height;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.maxY() && !this.atPageTop()) this.doc.addPage();
  }

  lineHeight(size: number = SIZES.body, face: FontFace = 'regular'): number {
    return this.doc.font(face).fontSize(size).currentLineHeight(true) + LINE_GAP;
  }

  private setFill(color: string): void {
    this.fill = color;
    this.doc.fillColor(color);
  }

  // ---- text ----------------------------------------------------------------------------

  /** Plain text in one style, wrapped to the area. */
  text(raw: string, area: Area, style: TextStyle = {}): void {
    const text = printable(raw);
    if (text === '') return;
    const { size = SIZES.body, face = 'regular', color = COLORS.text, align = 'left' } = style;
    this.doc.font(face).fontSize(size);
    this.setFill(color);
    this.doc.text(text, area.x, this.doc.y, { width: area.width, align, lineGap: LINE_GAP });
    this.setFill(COLORS.text);
  }

  /** Height `text` would take in the area. */
  measure(raw: string, width: number, size: number = SIZES.body, face: FontFace = 'regular'): number {
    const text = printable(raw);
    if (text === '') return this.lineHeight(size, face);
    return this.doc.font(face).fontSize(size).heightOfString(text, { width, lineGap: LINE_GAP });
  }

  /** Height of styled runs; measured in the widest face used, so it never comes out short. */
  measureRuns(runs: TextRun[], width: number, size: number = SIZES.body, face: FontFace = 'regular'): number {
    const widest: FontFace = runs.some((r) => r.bold) || face === 'bold' ? 'bold' : face;
    return this.measure(runsText(runs), width, size, widest);
  }

  /** Styled runs (bold, italic, links) as one wrapped paragraph. */
  runs(runs: TextRun[], area: Area, style: TextStyle = {}): void {
    const { size = SIZES.body, face = 'regular', color = COLORS.text, align = 'left' } = style;
    const parts = runs.map((r) => ({ ...r, text: printable(r.text) })).filter((r) => r.text !== '');
    if (parts.length === 0) return;
    const doc = this.doc;
    doc.fontSize(size);
    parts.forEach((run, index) => {
      doc.font(faceOf(run, face));
      this.setFill(run.href ? COLORS.link : run.code ? COLORS.code : color);
      // PDFKit carries options over between continued calls, so link and underline are reset explicitly.
      const options: PDFKit.Mixins.TextOptions = {
        continued: index < parts.length - 1,
        lineGap: LINE_GAP,
        link: run.href ?? null,
        underline: Boolean(run.href),
      };
      if (index === 0) doc.text(run.text, area.x, doc.y, { ...options, width: area.width, align });
      else doc.text(run.text, options);
    });
    this.setFill(COLORS.text);
  }

  // ---- boxes ---------------------------------------------------------------------------

  /**
   * Draws content, then its frame: a coloured bar on the left, or a box. The frame is drawn
   * afterwards because only then is it known where (and on how many pages) the content ended.
   */
  framed(style: 'bar' | 'box', color: string, area: Area, draw: (inner: Area) => void): void {
    const doc = this.doc;
    const padX = style === 'bar' ? 14 : 12;
    const padY = style === 'bar' ? 2 : 9;
    const start = { page: this.pageIndex(), y: doc.y };
    doc.y += padY;
    draw({ x: area.x + padX, width: area.width - padX - (style === 'box' ? padX : 0) });
    doc.y += padY;
    const end = { page: this.pageIndex(), y: doc.y };
    for (let page = start.page; page <= end.page; page++) {
      doc.switchToPage(page);
      const top = page === start.page ? start.y : doc.page.margins.top - 6;
      const bottom = page === end.page ? end.y : doc.page.maxY() + 6;
      if (bottom - top < 2) continue;
      doc.save();
      if (style === 'bar') {
        doc.rect(area.x, top, 3, bottom - top).fill(color);
      } else {
        doc.lineWidth(0.8).strokeColor(color);
        const right = area.x + area.width;
        doc.moveTo(area.x, top).lineTo(area.x, bottom).stroke();
        doc.moveTo(right, top).lineTo(right, bottom).stroke();
        if (page === start.page) doc.moveTo(area.x, top).lineTo(right, top).stroke();
        if (page === end.page) doc.moveTo(area.x, bottom).lineTo(right, bottom).stroke();
      }
      doc.restore();
    }
    doc.switchToPage(end.page);
  }

  /** An empty tick box (square) or radio circle, aligned with a line of text starting at `y`. */
  private tickBox(x: number, y: number, shape: 'square' | 'circle', size: number = SIZES.body, checked = false): void {
    const doc = this.doc;
    const side = size * 0.8;
    const top = y + size * 0.32;
    doc.save().lineWidth(0.8).strokeColor(COLORS.text);
    if (shape === 'circle') doc.circle(x + side / 2, top + side / 2, side / 2).stroke();
    else doc.rect(x, top, side, side).stroke();
    if (checked) {
      doc.moveTo(x + 1.5, top + 1.5).lineTo(x + side - 1.5, top + side - 1.5).moveTo(x + side - 1.5, top + 1.5).lineTo(x + 1.5, top + side - 1.5).stroke();
    }
    doc.restore();
  }

  /** Lines to write on, breaking to a new page where needed. */
  writingLines(count: number, area: Area): void {
    const doc = this.doc;
    for (let i = 0; i < count; i++) {
      this.ensure(WRITING_LINE);
      const y = doc.y + WRITING_LINE;
      doc.save().lineWidth(0.5).strokeColor(COLORS.writingLine).moveTo(area.x, y).lineTo(area.x + area.width, y).stroke().restore();
      doc.y = y;
    }
    doc.y += 4;
  }

  /** A label followed by one line to write on, e.g. for a link. */
  private labelledLine(label: string, area: Area): void {
    const doc = this.doc;
    this.ensure(WRITING_LINE + 6);
    doc.font('semibold').fontSize(SIZES.small);
    const labelWidth = Math.min(doc.widthOfString(label) + 6, area.width / 2);
    const y = doc.y + 8;
    this.setFill(COLORS.muted);
    doc.text(label, area.x, y, { width: labelWidth, lineBreak: false });
    this.setFill(COLORS.text);
    const lineY = y + this.lineHeight(SIZES.small) - LINE_GAP;
    doc.save().lineWidth(0.5).strokeColor(COLORS.writingLine).moveTo(area.x + labelWidth, lineY).lineTo(area.x + area.width, lineY).stroke().restore();
    doc.x = area.x;
    doc.y = lineY + 6;
  }

  // ---- blocks --------------------------------------------------------------------------

  blocks(blocks: LessonBlock[], area: Area, context: BlockContext): void {
    for (const block of blocks) this.block(block, area, context);
  }

  block(block: LessonBlock, area: Area, context: BlockContext): void {
    switch (block.type) {
      case 'heading':
        return this.heading(block.runs, block.depth, area);
      case 'paragraph':
        this.ensure(this.lineHeight());
        this.runs(block.runs, area);
        this.space(context.tight ? 3 : 7);
        return;
      case 'list':
        return this.list(block.items, block.ordered, block.start, area, context);
      case 'quote':
        this.ensure(this.lineHeight() * 2);
        this.framed('bar', COLORS.quote, area, (inner) => this.blocks(block.children, inner, { ...context, tight: true }));
        this.space(8);
        return;
      case 'table':
        return this.table(block.header, block.rows, block.align, area);
      case 'code':
        return this.code(block.text, area);
      case 'rule': {
        this.ensure(16);
        const y = this.doc.y + 6;
        this.doc.save().lineWidth(0.6).strokeColor(COLORS.rule).moveTo(area.x, y).lineTo(area.x + area.width, y).stroke().restore();
        this.doc.y = y + 10;
        return;
      }
      case 'image':
        this.ensure(this.lineHeight());
        this.text(`[${this.copy.image(block.alt || block.src || '')}]`, area, { face: 'italic', color: COLORS.muted });
        this.space(7);
        return;
      case 'task':
        return context.task(block.id, area);
      case 'aside':
        return this.aside(block.kind, block.title, block.children, area, context);
      case 'figure':
        this.space(2);
        this.blocks(block.children, area, context);
        if (block.caption) {
          this.ensure(this.measure(block.caption, area.width, SIZES.small + 0.5, 'italic'));
          this.text(block.caption, area, { size: SIZES.small + 0.5, face: 'italic', color: COLORS.muted });
          this.space(10);
        }
        return;
      case 'key-figure':
        return this.keyFigure(block.value, block.source, block.children, area, context);
      case 'post':
        return this.post(block, area, context);
    }
  }

  heading(runs: TextRun[], depth: number, area: Area): void {
    const size = depth <= 2 ? SIZES.h2 : depth === 3 ? SIZES.h3 : SIZES.h4;
    const face: FontFace = depth <= 2 ? 'bold' : 'semibold';
    this.space(depth <= 2 ? 12 : 8);
    // Keep the heading with at least three lines of what follows.
    this.ensure(this.measureRuns(runs, area.width, size, face) + 3 * this.lineHeight());
    this.runs(runs, area, { size, face });
    this.space(depth <= 2 ? 5 : 3);
  }

  private list(items: ListItem[], ordered: boolean, start: number, area: Area, context: BlockContext): void {
    const doc = this.doc;
    const indent = ordered ? 22 : 15;
    const inner = { x: area.x + indent, width: area.width - indent };
    items.forEach((item, index) => {
      this.ensure(this.lineHeight());
      const y = doc.y;
      if (item.checked !== null) {
        this.tickBox(area.x + 2, y, 'square', SIZES.body, item.checked);
      } else {
        const marker = ordered ? `${start + index}.` : (context.listDepth ?? 0) > 0 ? '–' : '•';
        doc.font('regular').fontSize(SIZES.body);
        this.setFill(ordered ? COLORS.text : COLORS.muted);
        doc.text(marker, area.x, y, { width: indent - 6, align: ordered ? 'right' : 'left', lineGap: LINE_GAP });
        this.setFill(COLORS.text);
      }
      doc.y = y;
      this.blocks(item.children, inner, { ...context, tight: true, listDepth: (context.listDepth ?? 0) + 1 });
    });
    this.space(5);
  }

  private aside(kind: AsideKind, title: string | undefined, children: LessonBlock[], area: Area, context: BlockContext): void {
    const color = ASIDE_COLORS[kind];
    const label = title ? `${this.copy.asides[kind]}: ${title}` : this.copy.asides[kind];
    this.space(4);
    this.ensure(this.measure(label, area.width - 14, SIZES.body, 'semibold') + 2 * this.lineHeight());
    this.framed('bar', color, area, (inner) => {
      this.text(label, inner, { face: 'semibold', color });
      this.space(3);
      this.blocks(children, inner, context);
    });
    this.space(10);
  }

  private keyFigure(value: string, source: string | undefined, children: LessonBlock[], area: Area, context: BlockContext): void {
    this.space(4);
    this.ensure(this.lineHeight(24, 'bold') + 2 * this.lineHeight());
    this.framed('bar', COLORS.accent, area, (inner) => {
      this.text(value, inner, { size: 24, face: 'bold', color: COLORS.accent });
      this.blocks(children, inner, { ...context, tight: true });
      if (source) this.text(this.copy.source(source), inner, { size: SIZES.small, color: COLORS.muted });
    });
    this.space(10);
  }

  private post(post: Extract<LessonBlock, { type: 'post' }>, area: Area, context: BlockContext): void {
    const network = post.network === 'newsletter' ? this.copy.newsletter : post.network ? (NETWORK_NAMES[post.network] ?? post.network) : undefined;
    const meta = [post.handle, network, post.time].filter(Boolean).join(' · ');
    const number = new Intl.NumberFormat(this.language);
    const stats = [
      post.likes !== undefined ? this.copy.likes(number.format(post.likes)) : null,
      post.comments !== undefined ? this.copy.comments(number.format(post.comments)) : null,
      post.shares !== undefined ? this.copy.shares(number.format(post.shares)) : null,
    ].filter(Boolean).join(' · ');
    this.space(4);
    this.ensure(3 * this.lineHeight() + 24);
    this.framed('box', COLORS.post, area, (inner) => {
      if (post.author) this.text(post.author, inner, { face: 'semibold' });
      if (meta) this.text(meta, inner, { size: SIZES.small, color: COLORS.muted });
      this.space(5);
      this.blocks(post.children, inner, { ...context, tight: true });
      if (stats) {
        this.space(2);
        this.text(stats, inner, { size: SIZES.small, color: COLORS.muted });
      }
    });
    this.space(10);
  }

  private code(text: string, area: Area): void {
    const code = text.replace(/\t/g, '  ');
    this.space(2);
    this.ensure(Math.min(this.measure(code, area.width - 24, SIZES.table), 4 * this.lineHeight(SIZES.table)) + 18);
    this.framed('box', COLORS.rule, area, (inner) => this.text(code, inner, { size: SIZES.table, color: COLORS.code }));
    this.space(9);
  }

  // ---- tables --------------------------------------------------------------------------

  private table(header: TextRun[][], rows: TextRun[][][], align: TableAlign[], area: Area): void {
    const doc = this.doc;
    const pad = 4;
    const size = SIZES.table;
    const widths = this.columnWidths([header, ...rows], area.width, pad, size);
    const rowHeight = (cells: TextRun[][], head: boolean) =>
      Math.max(...cells.map((cell, i) => this.measureRuns(cell, widths[i] - 2 * pad, size, head ? 'semibold' : 'regular'))) + 2 * pad;
    const headHeight = rowHeight(header, true);
    const drawRow = (cells: TextRun[][], height: number, head: boolean) => {
      const y = doc.y;
      let x = area.x;
      if (head) doc.save().rect(area.x, y, area.width, height).fill(COLORS.tableHead).restore();
      cells.forEach((cell, i) => {
        doc.y = y + pad;
        this.runs(cell, { x: x + pad, width: widths[i] - 2 * pad }, { size, face: head ? 'semibold' : 'regular', align: align[i] ?? 'left' });
        doc.save().lineWidth(0.5).strokeColor(COLORS.rule).rect(x, y, widths[i], height).stroke().restore();
        x += widths[i];
      });
      doc.x = area.x;
      doc.y = y + height;
    };
    const pageRoom = () => doc.page.maxY() - doc.page.margins.top;

    this.space(4);
    this.ensure(headHeight + (rows[0] ? rowHeight(rows[0], false) : 0));
    drawRow(header, headHeight, true);
    for (const row of rows) {
      const height = rowHeight(row, false);
      if (height + headHeight > pageRoom()) {
        // A row taller than a page cannot be drawn as a row: set its cells one after another instead.
        this.stackedRow(header, row, area);
        continue;
      }
      if (doc.y + height > doc.page.maxY()) {
        doc.addPage();
        drawRow(header, headHeight, true);
      }
      drawRow(row, height, false);
    }
    this.space(6);
  }

  private stackedRow(header: TextRun[][], row: TextRun[][], area: Area): void {
    this.space(4);
    row.forEach((cell, i) => {
      const label = runsText(header[i] ?? []).trim();
      this.ensure(this.lineHeight(SIZES.table));
      this.runs([...(label ? [{ text: `${label}: `, bold: true as const }] : []), ...cell], area, { size: SIZES.table });
    });
    this.space(6);
  }

  /** Column widths that fill the area: every column gets its longest word, the rest goes where text is long. */
  private columnWidths(rows: TextRun[][][], total: number, pad: number, size: number): number[] {
    const doc = this.doc;
    const columns = Math.max(...rows.map((r) => r.length));
    const natural = new Array<number>(columns).fill(2 * pad + 12);
    const minimum = new Array<number>(columns).fill(2 * pad + 12);
    rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        doc.font(r === 0 || cell.some((run) => run.bold) ? 'bold' : 'regular').fontSize(size);
        const text = runsText(cell);
        natural[c] = Math.max(natural[c], doc.widthOfString(text) + 2 * pad + 1);
        for (const word of text.split(/\s+/)) minimum[c] = Math.max(minimum[c], doc.widthOfString(word) + 2 * pad + 1);
      }),
    );
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    const minSum = sum(minimum);
    if (minSum >= total) return minimum.map((m) => (m / minSum) * total);
    const free = total - minSum;
    const extra = natural.map((n, i) => Math.max(0, n - minimum[i]));
    const extraSum = sum(extra);
    if (extraSum <= free) {
      const naturalSum = sum(natural);
      return natural.map((n) => n + ((total - naturalSum) * n) / naturalSum);
    }
    return minimum.map((m, i) => m + (extra[i] / extraSum) * free);
  }

  // ---- tasks ---------------------------------------------------------------------------

  /** A task with room to answer; quiz answer keys and explanations are never drawn. */
  task(task: Task, area: Area, label: string = this.copy.task): void {
    this.space(8);
    this.ensure(this.measure(task.prompt, area.width - 14) + 5 * this.lineHeight());
    this.framed('bar', COLORS.task, area, (inner) => {
      this.text(`${label} · ${this.copy.taskKinds[task.kind]}`, inner, { size: SIZES.small + 0.5, face: 'semibold', color: COLORS.task });
      this.space(1);
      this.text(task.title, inner, { size: SIZES.taskTitle, face: 'semibold' });
      this.space(3);
      this.text(task.prompt, inner);
      this.space(6);
      switch (task.kind) {
        case 'quiz':
          this.text(this.copy.quizIntro, inner, { size: SIZES.small + 0.5, face: 'italic', color: COLORS.muted });
          this.space(5);
          this.questions(task.questions, inner);
          break;
        case 'reflection':
          this.ensure(this.lineHeight(SIZES.small) + 2 * WRITING_LINE);
          this.text(`${this.copy.yourAnswer} – ${this.copy.minWords(task.minWords)}`, inner, { size: SIZES.small + 0.5, face: 'semibold', color: COLORS.muted });
          this.writingLines(Math.min(18, Math.max(6, Math.round(task.minWords / 10) + 4)), inner);
          break;
        case 'practice':
          if (task.submission !== 'link') {
            this.ensure(this.lineHeight(SIZES.small) + 2 * WRITING_LINE);
            this.text(this.copy.yourWork, inner, { size: SIZES.small + 0.5, face: 'semibold', color: COLORS.muted });
            this.writingLines(12, inner);
          }
          if (task.submission !== 'text') this.labelledLine(this.copy.linkToWork, inner);
          break;
        case 'checklist':
          this.checklist(task.items, inner);
          break;
      }
    });
    this.space(12);
  }

  private questionAreas(area: Area) {
    const numberWidth = 20;
    const promptArea = { x: area.x + numberWidth, width: area.width - numberWidth };
    const optionArea = { x: promptArea.x + 16, width: promptArea.width - 16 };
    return { numberWidth, promptArea, optionArea };
  }

  /** Room a question needs before its first option, so that it is not separated from its prompt. */
  questionHeight(question: QuizQuestion | undefined, area: Area): number {
    if (!question) return 0;
    const { promptArea, optionArea } = this.questionAreas(area);
    const first = question.options[printOrder(question.prompt, question.options.length)[0]];
    const firstOption = first ? this.measure(first.text, optionArea.width) : 0;
    return this.measure(question.prompt, promptArea.width, SIZES.body, 'semibold') + this.lineHeight(SIZES.small) + 2 + firstOption;
  }

  /** Quiz or assessment questions: each option with an empty box, all boxes alike. */
  questions(questions: QuizQuestion[], area: Area): void {
    const doc = this.doc;
    const { numberWidth, promptArea, optionArea } = this.questionAreas(area);
    questions.forEach((question, index) => {
      // Whether one or several answers are right is part of the question (the site shows radio buttons or checkboxes); which ones is not.
      const several = question.options.filter((o) => o.correct).length > 1;
      this.ensure(this.questionHeight(question, area));
      const y = doc.y;
      doc.font('semibold').fontSize(SIZES.body);
      this.setFill(COLORS.text);
      doc.text(`${index + 1}.`, area.x, y, { width: numberWidth - 5, lineGap: LINE_GAP });
      doc.y = y;
      this.text(question.prompt, promptArea, { face: 'semibold' });
      this.text(several ? this.copy.tickAll : this.copy.tickOne, promptArea, { size: SIZES.small, face: 'italic', color: COLORS.muted });
      this.space(2);
      // A neutral order, the same for everyone: never the author's order, which could hint at the key.
      for (const option of printOrder(question.prompt, question.options.length).map((i) => question.options[i])) {
        this.ensure(this.measure(option.text, optionArea.width));
        this.tickBox(promptArea.x, doc.y, several ? 'square' : 'circle');
        this.text(option.text, optionArea);
        this.space(2);
      }
      this.space(7);
    });
  }

  private checklist(items: string[], area: Area): void {
    const itemArea = { x: area.x + 16, width: area.width - 16 };
    for (const item of items) {
      this.ensure(this.measure(item, itemArea.width));
      this.tickBox(area.x, this.doc.y, 'square');
      this.text(item, itemArea);
      this.space(4);
    }
    this.space(2);
  }
}

/**
 * Text as the embedded font can print it: emoji are not in Noto Sans and would come out as empty
 * boxes (and as NUL characters for anyone copying the text), so they are left out of the PDF.
 */
export function printable(text: string): string {
  return text.replace(/ ?\p{Extended_Pictographic}\uFE0F?/gu, '');
}

function faceOf(run: TextRun, base: FontFace): FontFace {
  if (run.bold) return 'bold';
  // There is no bold italic face; in a bold context the weight matters more than the slant.
  if (run.italic && base === 'regular') return 'italic';
  return base;
}

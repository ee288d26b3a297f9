/**
 * The certificate a learner downloads after passing a course: one A4 landscape page, worded in
 * the course's language, with the embedded Noto Sans (so å, ä, ö, ü and ß print everywhere) and
 * a QR code to the public verification page. The verification address is printed in text too,
 * so an employer holding only a paper copy can still check it.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Language } from '../courses/schema.ts';
import { formatDate, formatLocale } from '../i18n/ui.ts';
import { fillCertificateCopy } from './certificate-copy.ts';
import { registerFonts, type FontFace } from './fonts.ts';
import { collectPdf } from './pdf-output.ts';

export interface CertificatePdfInput {
  /** Public certificate id (unguessable, ~22-26 url-safe chars). */
  id: string;
  learnerName: string;
  courseTitle: string;
  /** Language of the course; the certificate is worded in it. */
  language: Language;
  /** Hours of study, may be fractional, e.g. 7.5. */
  hours: number;
  /** Taken as a supervised course: a tutor reviewed and accepted the practice work. */
  supervised?: boolean;
  completedAt: Date;
  /** Final assessment score 0-100. */
  finalPercent: number;
  courseVersion: number;
  /** E.g. "Channelwise". */
  issuerName: string;
  /** Absolute URL of the public verification page. */
  verifyUrl: string;
}

const COLOR = { ink: '#1b1f2a', muted: '#4a5263', brand: '#0b4f8a', line: '#d5dae3' } as const;

/** Left and right edge of the text area; the frame sits well outside so printers never clip it. */
const CONTENT_INSET = 70;
const QR_SIZE = 100;

/** Vertical zones of the page (pt from the top of A4 landscape, 595 pt high). */
const ZONE = {
  issuerTop: 56,
  titleTop: 80,
  ruleY: 136,
  middleTop: 152,
  middleBottom: 386,
  factsTop: 400,
  separatorY: 452,
  footerTop: 466,
  qrTop: 456,
} as const;

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const { language } = input;
  const date = formatDate(input.completedAt, language, 'long');
  const copy = (key: Parameters<typeof fillCertificateCopy>[1], vars?: Record<string, string | number>) => fillCertificateCopy(language, key, vars);

  const qrPng = await QRCode.toBuffer(input.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    // Zero margins: every element is placed explicitly, and PDFKit's automatic page break
    // (triggered by text crossing the bottom margin) must never fire on a one-page certificate.
    margin: 0,
    lang: language,
    displayTitle: true,
    info: {
      Title: copy('documentTitle', { course: input.courseTitle }),
      Author: input.issuerName,
      Subject: copy('documentSubject', { id: input.id, learner: input.learnerName, date }),
      Creator: input.issuerName,
      // The completion date instead of "now": rendering the same certificate twice gives the same file.
      CreationDate: input.completedAt,
    },
  });
  doc.on('pageAdded', () => {
    throw new Error('Certificate layout overflowed onto a second page');
  });
  const finished = collectPdf(doc);
  registerFonts(doc);

  const pageWidth = doc.page.width;
  const pageHeight = doc.page.height;
  const left = CONTENT_INSET;
  const width = pageWidth - 2 * CONTENT_INSET;

  drawFrame(doc, pageWidth, pageHeight);

  line(doc, input.issuerName, { face: 'semibold', size: 13, color: COLOR.brand, x: left, y: ZONE.issuerTop, width, align: 'center' });
  line(doc, copy('title'), { face: 'bold', size: 34, color: COLOR.ink, x: left, y: ZONE.titleTop, width, align: 'center' });
  doc.save().moveTo(pageWidth / 2 - 40, ZONE.ruleY).lineTo(pageWidth / 2 + 40, ZONE.ruleY).lineWidth(1.5).strokeColor(COLOR.brand).stroke().restore();

  drawMiddle(doc, { certifies: copy('certifies'), learner: input.learnerName, completed: copy('completed'), course: input.courseTitle }, left, width);

  const locale = formatLocale(language);
  const hours = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 2 }).format(input.hours);
  const score = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(input.finalPercent / 100);
  drawFacts(
    doc,
    [
      [copy('completedOn'), date],
      [copy('hours'), hours],
      ...(input.supervised ? [[copy('format'), copy('supervised')] as [string, string]] : []),
      [copy('finalAssessment'), copy('finalAssessmentValue', { score })],
      [copy('courseVersion'), new Intl.NumberFormat(locale).format(input.courseVersion)],
    ],
    left,
    width,
  );

  doc.save().moveTo(left, ZONE.separatorY).lineTo(left + width, ZONE.separatorY).lineWidth(0.5).strokeColor(COLOR.line).stroke().restore();

  const qrLeft = left + width - QR_SIZE;
  const footerWidth = width - QR_SIZE - 24;
  let y: number = ZONE.footerTop;
  y = line(doc, copy('issuedBy', { issuer: input.issuerName }), { face: 'semibold', size: 11, color: COLOR.ink, x: left, y, width: footerWidth });
  y = line(doc, `${copy('certificateId')}: ${input.id}`, { face: 'regular', size: 11, color: COLOR.ink, x: left, y, width: footerWidth });
  y += 6;
  doc.font('regular').fontSize(9).fillColor(COLOR.muted).text(copy('verify'), left, y, { width: footerWidth });
  y = doc.y;
  line(doc, input.verifyUrl, { face: 'semibold', size: 10, color: COLOR.brand, x: left, y, width: footerWidth, link: input.verifyUrl });

  doc.image(qrPng, qrLeft, ZONE.qrTop, { width: QR_SIZE, height: QR_SIZE });
  doc.link(qrLeft, ZONE.qrTop, QR_SIZE, QR_SIZE, input.verifyUrl);

  doc.end();
  return finished;
}

function drawFrame(doc: PDFKit.PDFDocument, pageWidth: number, pageHeight: number): void {
  doc.save();
  doc.rect(22, 22, pageWidth - 44, pageHeight - 44).lineWidth(2).strokeColor(COLOR.brand).stroke();
  doc.rect(29, 29, pageWidth - 58, pageHeight - 58).lineWidth(0.6).strokeColor(COLOR.brand).stroke();
  doc.restore();
}

interface LineOptions {
  face: FontFace;
  size: number;
  color: string;
  x: number;
  y: number;
  width: number;
  align?: 'left' | 'center';
  link?: string;
}

/**
 * Draws text that must stay on one line (ids, addresses, headings): it shrinks instead of
 * wrapping, because a line break inside an id or URL makes it impossible to type in correctly.
 * Returns the y below the line.
 */
function line(doc: PDFKit.PDFDocument, text: string, options: LineOptions): number {
  doc.font(options.face).fontSize(options.size);
  const natural = doc.widthOfString(text);
  const size = natural > options.width ? (options.size * options.width) / natural : options.size;
  doc.fontSize(size);
  const textWidth = doc.widthOfString(text);
  const x = options.align === 'center' ? options.x + (options.width - textWidth) / 2 : options.x;
  // No `width` option: with one PDFKit runs its line wrapper, which could still break the line.
  doc.fillColor(options.color).text(text, x, options.y, { lineBreak: false, link: options.link });
  return options.y + doc.currentLineHeight(true);
}

interface MiddleText {
  certifies: string;
  learner: string;
  completed: string;
  course: string;
}

/**
 * The sentence "This certifies that <name> has completed <course>", centred in its zone. Names
 * (up to 100 characters) and course titles (up to 120) vary a lot, so the name and title shrink
 * step by step until both fit their line limits and the whole block fits the zone.
 */
function drawMiddle(doc: PDFKit.PDFDocument, text: MiddleText, left: number, width: number): void {
  const zoneHeight = ZONE.middleBottom - ZONE.middleTop;
  const gap = 10;
  const leadSize = 13;

  const measure = (face: FontFace, size: number, value: string) => {
    doc.font(face).fontSize(size);
    return { height: doc.heightOfString(value, { width, align: 'center' }), lineHeight: doc.currentLineHeight(true) };
  };

  const lead = measure('regular', leadSize, text.certifies);
  const trail = measure('regular', leadSize, text.completed);

  let nameSize = 30;
  let courseSize = 20;
  for (;;) {
    const name = measure('bold', nameSize, text.learner);
    const course = measure('semibold', courseSize, text.course);
    const total = lead.height + name.height + trail.height + course.height + 3 * gap;
    // Line limits keep the typography calm; below the readable minimum they are dropped and
    // only the zone height counts, so even unexpected lengths stay on the page.
    const atMinimum = nameSize <= 16 && courseSize <= 12;
    const withinLines = name.height <= name.lineHeight * 2.5 && course.height <= course.lineHeight * 3.5;
    if (total <= zoneHeight && (withinLines || atMinimum)) {
      let y = ZONE.middleTop + (zoneHeight - total) / 2;
      const block = (face: FontFace, size: number, color: string, value: string, height: number) => {
        doc.font(face).fontSize(size).fillColor(color).text(value, left, y, { width, align: 'center' });
        y += height + gap;
      };
      block('regular', leadSize, COLOR.muted, text.certifies, lead.height);
      block('bold', nameSize, COLOR.ink, text.learner, name.height);
      block('regular', leadSize, COLOR.muted, text.completed, trail.height);
      block('semibold', courseSize, COLOR.ink, text.course, course.height);
      return;
    }
    if (nameSize <= 6 && courseSize <= 6) throw new Error('Learner name and course title are too long for the certificate');
    nameSize = Math.max(6, nameSize - 1);
    courseSize = Math.max(6, courseSize - 0.5);
  }
}

/** The row of facts under the sentence: a small label above each value, in equal columns. */
function drawFacts(doc: PDFKit.PDFDocument, facts: [label: string, value: string][], left: number, width: number): void {
  const columnWidth = width / facts.length;
  facts.forEach(([label, value], index) => {
    const x = left + index * columnWidth;
    const labelBottom = line(doc, label, { face: 'regular', size: 9, color: COLOR.muted, x, y: ZONE.factsTop, width: columnWidth - 8, align: 'center' });
    line(doc, value, { face: 'semibold', size: 13, color: COLOR.ink, x, y: labelBottom + 2, width: columnWidth - 8, align: 'center' });
  });
}

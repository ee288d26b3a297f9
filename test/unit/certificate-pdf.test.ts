/**
 * The certificate PDF read back with real tools: pdf.js for the text layer and metadata, jsQR
 * for the printed QR code. What a person or an employer's scanner gets out of the file is what
 * counts, not what we passed in.
 */
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/lib/courses/schema.ts';
import { formatDate } from '../../src/lib/i18n/ui.ts';
import { certificateCopy } from '../../src/lib/pdf/certificate-copy.ts';
import { renderCertificatePdf, type CertificatePdfInput } from '../../src/lib/pdf/certificate-pdf.ts';
import { decodePdfQrCodes, extractPdfText, pdfInfo } from '../support/pdf.ts';

const ID = 'q7Hk2mZp9xW4vN1sR8tL0cYb';
const VERIFY_URL = `https://channelwise.example/certificates/${ID}`;

function input(overrides: Partial<CertificatePdfInput> = {}): CertificatePdfInput {
  return {
    id: ID,
    learnerName: 'Åsa Öberg-Müller',
    courseTitle: 'Community management',
    language: 'en',
    hours: 7.5,
    completedAt: new Date('2025-03-14T10:30:00Z'),
    finalPercent: 92,
    courseVersion: 3,
    issuerName: 'Channelwise',
    verifyUrl: VERIFY_URL,
    ...overrides,
  };
}

/** Line breaks from wrapping and no-break spaces from Intl become single spaces. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

const cases: { language: Language; courseTitle: string; hours: string; score: string }[] = [
  { language: 'en', courseTitle: 'Community management for public-sector accounts', hours: '7.5 hours', score: 'Passed with 92%' },
  { language: 'de', courseTitle: 'Größere Reichweite für Behörden: Beiträge planen, prüfen und veröffentlichen', hours: '7,5 Stunden', score: 'Bestanden mit 92 %' },
  { language: 'sv', courseTitle: 'Kundtjänst i sociala medier: svåra frågor, klagomål och ärenden på löpande band', hours: '7,5 timmar', score: 'Godkänt med 92 %' },
];

describe('certificate PDF', () => {
  for (const { language, courseTitle, hours, score } of cases) {
    it(`prints learner, course, date, hours, id and verification address (${language})`, async () => {
      const pdf = await renderCertificatePdf(input({ language, courseTitle }));
      if (language === 'de') await writeFile('/tmp/certificate-sample-de.pdf', pdf);

      const pages = await extractPdfText(pdf);
      expect(pages).toHaveLength(1);
      const text = normalise(pages[0]);
      const copy = certificateCopy[language];
      expect(text).toContain('Åsa Öberg-Müller');
      expect(text).toContain(courseTitle);
      expect(text).toContain(formatDate(new Date('2025-03-14T10:30:00Z'), language, 'long'));
      expect(text).toContain(hours);
      expect(text).toContain(score);
      expect(text).toContain(copy.title);
      expect(text).toContain(copy.certifies);
      expect(text).toContain(`${copy.certificateId}: ${ID}`);
      expect(text).toContain(normalise(copy.verify));
      expect(text).toContain(VERIFY_URL);
      expect(text).toContain('Channelwise');

      // The id and the address must each sit unbroken on one line, or nobody can type them in.
      const lines = pages[0].split('\n');
      expect(lines.some((line) => line.includes(ID))).toBe(true);
      expect(lines.some((line) => line.includes(VERIFY_URL))).toBe(true);

      const info = await pdfInfo(pdf);
      expect(info.pages).toBe(1);
      expect(info.language).toBe(language);
      expect(info.title).toContain(courseTitle);
    });
  }

  it('has a QR code that decodes to exactly the verification URL', async () => {
    const pdf = await renderCertificatePdf(input({ language: 'sv' }));
    expect(await decodePdfQrCodes(pdf)).toEqual([VERIFY_URL]);
  });

  it('keeps a very long name and course title on one page, in full', async () => {
    const learnerName = 'Maximiliane Charlotte Åkesson-Öhrström von Würtemberg-Hohenlohe Schönfeld-Bärenklau'; // ~85 chars
    const courseTitle =
      'Strategische Kommunikation in sozialen Medien für öffentliche Verwaltungen, Hochschulen und gemeinnützige Organisationen: Planung, Prüfung und Berichte';
    expect(courseTitle.length).toBeGreaterThanOrEqual(140);
    const pdf = await renderCertificatePdf(input({ language: 'de', learnerName, courseTitle }));

    expect((await pdfInfo(pdf)).pages).toBe(1);
    const text = normalise((await extractPdfText(pdf)).join('\n'));
    expect(text).toContain(learnerName);
    expect(text).toContain(courseTitle);
    expect(text).toContain(VERIFY_URL);
    expect(await decodePdfQrCodes(pdf)).toEqual([VERIFY_URL]);
  });

  it('stays on one page even for a name without any space to break at', async () => {
    const learnerName = 'Å'.repeat(100);
    const pdf = await renderCertificatePdf(input({ learnerName }));
    expect((await pdfInfo(pdf)).pages).toBe(1);
    expect(normalise((await extractPdfText(pdf))[0]).replace(/ /g, '')).toContain(learnerName);
  });

  it('embeds its own font instead of relying on the reader’s standard fonts', async () => {
    const raw = (await renderCertificatePdf(input({ language: 'de' }))).toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/(Helvetica|Times-Roman|Courier)\b/);
  });

  it('renders the same certificate to the same bytes', async () => {
    const [first, second] = await Promise.all([renderCertificatePdf(input()), renderCertificatePdf(input())]);
    expect(first.equals(second)).toBe(true);
  });

  it('words German and Swedish with every key English has', () => {
    const keys = Object.keys(certificateCopy.en).sort();
    for (const language of ['de', 'sv'] as const) {
      expect(Object.keys(certificateCopy[language]).sort()).toEqual(keys);
      for (const value of Object.values(certificateCopy[language])) expect(value.trim()).not.toBe('');
    }
  });
});

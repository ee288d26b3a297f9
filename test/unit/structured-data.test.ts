/**
 * The schema.org data we publish, checked against the shapes schema.org defines for each type
 * (https://schema.org/Course, /CourseInstance, /Offer, /Syllabus, /Organization,
 * /EducationalOccupationalCredential) and the properties Google requires for course rich results.
 * Strict objects: a property schema.org does not define for the type fails.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { courseJsonLd, certificateJsonLd, isoDuration } from '../../src/lib/seo/structured-data.ts';
import { shippedCourses } from '../support/content.ts';
import type { Certificate } from '../../src/lib/certificates/certificates.ts';

const url = z.url();
const duration = z.string().regex(/^PT(\d+H)?(\d+M)?$/);
const language = z.enum(['en', 'de', 'sv']);
const organization = z.strictObject({ '@type': z.literal('Organization'), name: z.string().min(1), url });
const offer = z.strictObject({ '@type': z.literal('Offer'), category: z.enum(['Free', 'Paid', 'Partially Free', 'Subscription']), price: z.number().nonnegative(), priceCurrency: z.literal('EUR'), url });
const courseInstance = z.strictObject({ '@type': z.literal('CourseInstance'), courseMode: z.enum(['Online', 'Onsite', 'Blended']), courseWorkload: duration });
const syllabus = z.strictObject({ '@type': z.literal('Syllabus'), name: z.string().min(1), timeRequired: duration });
const thing = z.strictObject({ '@type': z.literal('Thing'), name: z.string().min(1) });

/** What every top-level CreativeWork we publish carries: its own URL as id, a name, a description, an image and a language. */
const creativeWork = {
  '@context': z.literal('https://schema.org'),
  '@id': url,
  url,
  name: z.string().min(1),
  description: z.string().min(1).max(600),
  image: url,
  inLanguage: language,
};

const courseSchema = z.strictObject({
  ...creativeWork,
  '@type': z.literal('Course'),
  provider: organization,
  educationalLevel: z.string(),
  teaches: z.array(z.string().min(1)).min(1),
  about: z.array(thing),
  timeRequired: duration,
  educationalCredentialAwarded: z.string(),
  syllabusSections: z.array(syllabus).min(2),
  offers: z.array(offer).min(1),
  hasCourseInstance: z.array(courseInstance).min(1),
});

const credentialSchema = z.strictObject({
  ...creativeWork,
  '@type': z.literal('EducationalOccupationalCredential'),
  identifier: z.string().min(10),
  credentialCategory: z.string().min(1),
  dateCreated: z.iso.date(),
  recognizedBy: organization,
  about: z.strictObject({ '@type': z.literal('Course'), name: z.string().min(1), url: url.optional() }),
});

describe('schema.org data', () => {
  it('describes every shipped course as a Course with provider, offers and an online course instance', async () => {
    for (const course of await shippedCourses()) {
      const data = courseJsonLd({
        meta: course.meta,
        url: `https://academy.example/courses/${course.slug}`,
        base: 'https://academy.example',
        image: `https://academy.example/og/courses/${course.slug}.png`,
        lessons: [...course.lessons, course.final].map((l) => ({ title: l.meta.title, minutes: l.meta.minutes })),
        topics: ['Strategy and planning'],
      });
      const parsed = courseSchema.safeParse(data);
      expect(parsed.success ? [] : parsed.error.issues.map((i) => `${course.slug}: ${i.path.join('.')}: ${i.message}`)).toEqual([]);
      expect(data.syllabusSections).toHaveLength(course.lessons.length + 1);
      expect(data.offers.every((o) => (o.category === 'Free') === (o.price === 0))).toBe(true);
    }
  });

  it('describes a certificate as an EducationalOccupationalCredential recognised by the issuer', () => {
    const certificate = { id: 'Q2VydGlmaWNhdGUxMjM0', courseTitle: 'Strategie', courseLanguage: 'de', completedAt: new Date('2026-11-20T10:00:00Z'), courseSlug: 'strategie' } as Certificate;
    const data = certificateJsonLd({ certificate, url: 'https://academy.example/de/certificates/Q2VydGlmaWNhdGUxMjM0', base: 'https://academy.example', image: 'https://academy.example/og/certificates/Q2VydGlmaWNhdGUxMjM0.png', description: 'Åsa completed Strategie.', courseUrl: 'https://academy.example/courses/strategie' });
    const parsed = credentialSchema.safeParse(data);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
    expect(data.dateCreated).toBe('2026-11-20');
    // A shape that schema.org does not define is refused: the check itself can fail.
    expect(credentialSchema.safeParse({ ...data, recipient: 'Åsa' }).success).toBe(false);
    expect(courseSchema.safeParse({ ...data, '@type': 'Course' }).success).toBe(false);
  });

  it('writes durations as ISO 8601', () => {
    expect(isoDuration(45)).toBe('PT45M');
    expect(isoDuration(60)).toBe('PT1H');
    expect(isoDuration(90)).toBe('PT1H30M');
    expect(isoDuration(0)).toBe('PT0M');
  });
});

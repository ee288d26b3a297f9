/**
 * schema.org data for search engines: `Course` on course pages, `EducationalOccupationalCredential`
 * on certificate pages. Only properties schema.org defines for these types (the unit test checks
 * the shapes), with Google's required ones for course rich results (name, description, provider,
 * offers, hasCourseInstance).
 */
import type { CourseMeta } from '../courses/schema.ts';
import type { Certificate } from '../certificates/certificates.ts';
import { ISSUER_NAME } from '../certificates/certificates.ts';

const CONTEXT = 'https://schema.org';
const LEVELS: Record<CourseMeta['level'], string> = { beginner: 'Beginner', intermediate: 'Intermediate', advanced: 'Advanced' };

/** ISO 8601 duration of whole minutes, e.g. PT1H30M. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

function organisation(base: string) {
  return { '@type': 'Organization', name: ISSUER_NAME, url: `${base}/` };
}

export interface CourseFacts {
  meta: CourseMeta;
  url: string;
  base: string;
  image: string;
  lessons: { title: string; minutes: number }[];
  /** Titles of the course's specializations, in the course language. */
  topics: string[];
}

export function courseJsonLd({ meta, url, base, image, lessons, topics }: CourseFacts) {
  return {
    '@context': CONTEXT,
    '@type': 'Course',
    '@id': url,
    url,
    name: meta.title,
    description: meta.summary,
    inLanguage: meta.language,
    image,
    provider: organisation(base),
    educationalLevel: LEVELS[meta.level],
    teaches: meta.objectives,
    about: topics.map((name) => ({ '@type': 'Thing', name })),
    timeRequired: isoDuration(meta.estimatedHours * 60),
    educationalCredentialAwarded: 'Certificate of completion',
    syllabusSections: lessons.map((lesson) => ({ '@type': 'Syllabus', name: lesson.title, timeRequired: isoDuration(lesson.minutes) })),
    offers: meta.offers
      .filter((offer) => offer.kind !== 'consulting')
      .map((offer) => ({ '@type': 'Offer', category: offer.kind === 'free' ? 'Free' : 'Paid', price: offer.price ?? 0, priceCurrency: 'EUR', url })),
    hasCourseInstance: [{ '@type': 'CourseInstance', courseMode: 'Online', courseWorkload: isoDuration(meta.estimatedHours * 60) }],
  };
}

export interface CertificateFacts {
  certificate: Certificate;
  url: string;
  base: string;
  image: string;
  description: string;
  /** The course page, when the course is still published. */
  courseUrl?: string;
}

export function certificateJsonLd({ certificate, url, base, image, description, courseUrl }: CertificateFacts) {
  return {
    '@context': CONTEXT,
    '@type': 'EducationalOccupationalCredential',
    '@id': url,
    url,
    identifier: certificate.id,
    name: `Certificate of completion: ${certificate.courseTitle}`,
    description,
    image,
    inLanguage: certificate.courseLanguage,
    credentialCategory: 'certificate',
    dateCreated: certificate.completedAt.toISOString().slice(0, 10),
    recognizedBy: { ...organisation(base), url: `${base}/issuer` },
    about: { '@type': 'Course', name: certificate.courseTitle, ...(courseUrl ? { url: courseUrl } : {}) },
  };
}

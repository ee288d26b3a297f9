/**
 * What can be bought, and for how much: always read from the content on the server (a course's
 * `offers` in course.yaml, site-wide offers in src/content/offers/), never from a form.
 */
import { getCollection } from 'astro:content';
import type { Language } from '../i18n/language.ts';
import { translator } from '../i18n/ui.ts';
import { getCourseOutline, locateLesson } from '../courses/content.ts';
import { lessonSlug } from '../courses/catalogue.ts';

export type OrderKind = 'ecourse' | 'lesson-pdf' | 'supervised' | 'consulting' | 'seats';

export interface Purchasable {
  kind: OrderKind;
  /** The course slug for course offers, the offer file name for site-wide offers. */
  offerId: string;
  courseSlug: string | null;
  lessonSlug: string | null;
  /** Name on the checkout page and invoice. */
  title: string;
  description: string | null;
  /** Price per unit in cents, VAT included. */
  unitAmount: number;
  minQuantity: number;
  maxQuantity: number;
}

export interface OfferRequest {
  course?: string | null;
  kind?: string | null;
  lesson?: string | null;
  offer?: string | null;
  /** Seats: the organisation (slug) they are bought for. */
  org?: string | null;
}

/** Seats for one course are sold at the course's eCourse price, 1 to this many per order. */
export const MAX_COURSE_SEATS = 500;

const cents = (euros: number) => Math.round(euros * 100);

/** The offer a request names, with its price from the content; null when there is no such offer. */
export async function findPurchasable(request: OfferRequest, lang: Language): Promise<Purchasable | null> {
  if (request.offer) {
    const entry = (await getCollection('offers')).find((o) => o.id === request.offer);
    if (!entry) return null;
    const data = entry.data;
    return { kind: data.kind, offerId: entry.id, courseSlug: null, lessonSlug: null, title: data.title[lang], description: data.description[lang], unitAmount: cents(data.price), minQuantity: data.minQuantity, maxQuantity: data.maxQuantity };
  }
  if (!request.course || !['ecourse', 'lesson-pdf', 'supervised', 'seats'].includes(request.kind ?? '')) return null;
  const outline = await getCourseOutline(request.course);
  if (request.kind === 'seats') {
    // Seats for one course: as many places in that course, each at the course's eCourse price.
    const ecourse = outline?.course.data.offers.find((o) => o.kind === 'ecourse');
    if (!outline || !ecourse || ecourse.price === undefined) return null;
    const course = outline.course.data;
    return { kind: 'seats', offerId: outline.course.id, courseSlug: outline.course.id, lessonSlug: null, title: translator(lang)('org.seats.courseSeatsTitle', { course: course.title }), description: course.summary, unitAmount: cents(ecourse.price), minQuantity: 1, maxQuantity: MAX_COURSE_SEATS };
  }
  const offer = outline?.course.data.offers.find((o) => o.kind === request.kind);
  if (!outline || !offer || offer.price === undefined) return null;
  const kind = offer.kind as 'ecourse' | 'lesson-pdf' | 'supervised';
  const course = outline.course.data;
  if (kind === 'lesson-pdf') {
    const lesson = request.lesson ? locateLesson(outline, request.lesson) : null;
    if (!lesson || lessonSlug(lesson.lesson.id) === 'final') return null;
    return { kind, offerId: outline.course.id, courseSlug: outline.course.id, lessonSlug: lessonSlug(lesson.lesson.id), title: `${lesson.lesson.data.title} (PDF) – ${course.title}`, description: lesson.lesson.data.summary, unitAmount: cents(offer.price), minQuantity: 1, maxQuantity: 1 };
  }
  return { kind, offerId: outline.course.id, courseSlug: outline.course.id, lessonSlug: null, title: offer.label ? `${course.title}: ${offer.label}` : course.title, description: course.summary, unitAmount: cents(offer.price), minQuantity: 1, maxQuantity: 1 };
}

/** Site-wide offers, for the pages that list them. */
export async function siteOffers() {
  return getCollection('offers');
}

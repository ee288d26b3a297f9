/**
 * Pure functions over course metadata for the catalogue and course pages. No Astro imports,
 * so unit tests can call them directly.
 */
import { LEVELS, type CourseMeta, type Offer, type FinalLessonMeta, type Language, type LessonMeta, type Level } from './schema.ts';
import { isLanguage } from '../i18n/language.ts';

export interface CatalogueFilters {
  language?: Language;
  /** A specialization id on any axis. */
  specialization?: string;
  level?: Level;
}

export interface CourseLike {
  id: string;
  data: CourseMeta;
}

/** Reads filters from the query string; unknown values are dropped and reported by name. */
export function parseCatalogueFilters(params: URLSearchParams, knownSpecializations: Set<string>): { filters: CatalogueFilters; ignored: string[] } {
  const filters: CatalogueFilters = {};
  const ignored: string[] = [];
  const language = params.get('language') || '';
  const specialization = params.get('specialization') || '';
  const level = params.get('level') || '';
  if (language) {
    if (isLanguage(language)) filters.language = language;
    else ignored.push('language');
  }
  if (specialization) {
    if (knownSpecializations.has(specialization)) filters.specialization = specialization;
    else ignored.push('specialization');
  }
  if (level) {
    if ((LEVELS as readonly string[]).includes(level)) filters.level = level as Level;
    else ignored.push('level');
  }
  return { filters, ignored };
}

export function courseSpecializationIds(meta: CourseMeta): string[] {
  return [...meta.specializations, ...meta.platforms, ...meta.industries];
}

/** Courses matching every filter; courses in the reader's language first, then by title. */
export function filterCourses<T extends CourseLike>(courses: T[], filters: CatalogueFilters, readerLanguage?: Language): T[] {
  return courses
    .filter((c) => !filters.language || c.data.language === filters.language)
    .filter((c) => !filters.level || c.data.level === filters.level)
    .filter((c) => !filters.specialization || courseSpecializationIds(c.data).includes(filters.specialization))
    .sort((a, b) => {
      const own = Number(b.data.language === readerLanguage) - Number(a.data.language === readerLanguage);
      return own || a.data.title.localeCompare(b.data.title, a.data.language);
    });
}

export function isFinalLesson(meta: LessonMeta | FinalLessonMeta): meta is FinalLessonMeta {
  return 'assessment' in meta;
}

/** Lesson slug from a lesson entry id `<course>/<lesson>`. */
export function lessonSlug(entryId: string): string {
  return entryId.slice(entryId.indexOf('/') + 1);
}

/** Orders lessons 01, 02 … and the final lesson last. */
export function compareLessonIds(a: string, b: string): number {
  const fa = lessonSlug(a) === 'final';
  const fb = lessonSlug(b) === 'final';
  if (fa !== fb) return fa ? 1 : -1;
  return a.localeCompare(b);
}

/** The offer a catalogue card shows: the whole course on demand if sold, else the cheapest offer. */
export function headlineOffer(meta: CourseMeta): Offer {
  const courseOffers = meta.offers.filter((o) => o.kind !== 'consulting' && o.kind !== 'lesson-pdf');
  const candidates = courseOffers.length ? courseOffers : meta.offers;
  return candidates.find((o) => o.kind === 'free') ?? [...candidates].sort((a, b) => (a.price ?? 0) - (b.price ?? 0))[0];
}

export function totalMinutes(lessons: { data: { minutes: number } }[]): number {
  return lessons.reduce((sum, lesson) => sum + lesson.data.minutes, 0);
}

/**
 * Queries over the content collections. Pages call these instead of `getCollection` so
 * that ordering, draft handling and the course/lesson relationship live in one place.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { compareLessonIds, isFinalLesson, lessonSlug } from './catalogue.ts';
import type { FinalLessonMeta, Language, LessonMeta } from './schema.ts';
import { buildStructure, type CourseStructure } from './structure.ts';

export type CourseEntry = CollectionEntry<'courses'>;
export type LessonEntry = CollectionEntry<'lessons'>;
export type SpecializationEntry = CollectionEntry<'specializations'>;

export interface CourseOutline {
  course: CourseEntry;
  /** Regular lessons in order. */
  lessons: (LessonEntry & { data: LessonMeta })[];
  final: LessonEntry & { data: FinalLessonMeta };
}

/** Drafts are visible while authors preview with `npm run dev`, never in a build. */
const showDrafts = import.meta.env.DEV;

export async function listCourses(): Promise<CourseEntry[]> {
  return (await getCollection('courses')).filter((c) => showDrafts || !c.data.draft);
}

export async function listSpecializations(): Promise<SpecializationEntry[]> {
  return getCollection('specializations');
}

/**
 * Outlines found, per process: a build's content never changes while it runs, and gathering a
 * course's lessons from the collection walks every lesson of the library. Callers must not change
 * what they get. `astro dev` reads afresh, since files change under it.
 */
const outlines = new Map<string, Promise<CourseOutline | null>>();

/** A published course with its lessons, or null when there is none under that slug. */
export function getCourseOutline(slug: string): Promise<CourseOutline | null> {
  if (import.meta.env.DEV) return readCourseOutline(slug);
  const known = outlines.get(slug);
  if (known) return known;
  const outline = readCourseOutline(slug);
  // Only courses that exist are kept, so made-up slugs cannot grow the map.
  void outline.then((found) => found && outlines.set(slug, outline), () => {});
  return outline;
}

async function readCourseOutline(slug: string): Promise<CourseOutline | null> {
  // getCollection rather than getEntry: an unknown slug (a typo, a bot) is not worth a warning in the log.
  const course = (await getCollection('courses', (c) => c.id === slug))[0];
  if (!course || (course.data.draft && !showDrafts)) return null;
  const entries = (await getCollection('lessons', (l) => l.id.startsWith(`${slug}/`))).sort((a, b) => compareLessonIds(a.id, b.id));
  const final = entries.find((l) => isFinalLesson(l.data));
  if (!final) return null; // validation guarantees one; this keeps the types honest
  return {
    course,
    lessons: entries.filter((l) => !isFinalLesson(l.data)) as CourseOutline['lessons'],
    final: final as CourseOutline['final'],
  };
}

/** Finds a lesson within an outline, with its neighbours for previous/next navigation. */
export function locateLesson(outline: CourseOutline, slug: string) {
  const ordered: LessonEntry[] = [...outline.lessons, outline.final];
  const index = ordered.findIndex((l) => lessonSlug(l.id) === slug);
  if (index === -1) return null;
  return { lesson: ordered[index], index, previous: ordered[index - 1] ?? null, next: ordered[index + 1] ?? null, count: ordered.length };
}

/** Specialization titles in the given language, by id. */
export async function specializationTitles(language: Language): Promise<Map<string, string>> {
  return new Map((await listSpecializations()).map((s) => [s.id, s.data.title[language]]));
}

/** The other language versions of a course that readers can open. */
export async function listTranslations(course: CourseEntry): Promise<CourseEntry[]> {
  const wanted = new Set(course.data.translations);
  return (await listCourses()).filter((c) => wanted.has(c.id));
}

const structures = new WeakMap<CourseOutline, CourseStructure>();

/** The plain structure progress is computed against (once per outline; outlines are kept per process). */
export function courseStructure(outline: CourseOutline): CourseStructure {
  let structure = structures.get(outline);
  if (!structure) {
    structure = buildStructure(outline.course.id, outline.course.data, outline.lessons.map((l) => ({ slug: lessonSlug(l.id), meta: l.data })), outline.final.data);
    structures.set(outline, structure);
  }
  return structure;
}

/** Every published course with its lessons. */
export async function listCourseOutlines(): Promise<CourseOutline[]> {
  const outlines = await Promise.all((await listCourses()).map((c) => getCourseOutline(c.id)));
  return outlines.filter((o): o is CourseOutline => o !== null);
}

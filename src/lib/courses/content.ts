/**
 * Queries over the content collections. Pages call these instead of `getCollection` so
 * that ordering, draft handling and the course/lesson relationship live in one place.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { compareLessonIds, isFinalLesson, lessonSlug } from './catalogue.ts';
import type { FinalLessonMeta, Language, LessonMeta } from './schema.ts';
import { buildStructure, type CourseStructure } from '../progress/structure.ts';
import type { AssessmentContext, AssessmentItem } from '../assessment/schema.ts';
import type { AchievementDetails } from '../certificates/credential.ts';
import type { CoursePdfInput } from '../pdf/course-pdf.ts';

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

/** A published course with its lessons, or null when there is none under that slug. */
export async function getCourseOutline(slug: string): Promise<CourseOutline | null> {
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

/** The plain structure progress is computed against. */
export function courseStructure(outline: CourseOutline): CourseStructure {
  return buildStructure(outline.course.id, outline.course.data, outline.lessons.map((l) => ({ slug: lessonSlug(l.id), meta: l.data })), outline.final.data);
}

/** Every published course with its lessons. */
export async function listCourseOutlines(): Promise<CourseOutline[]> {
  const outlines = await Promise.all((await listCourses()).map((c) => getCourseOutline(c.id)));
  return outlines.filter((o): o is CourseOutline => o !== null);
}

/** The self-assessment content: items by function id, and the context questions. */
export async function loadAssessmentContent() {
  const entries = await getCollection('assessment');
  const items = new Map<string, AssessmentItem>();
  let context: AssessmentContext | null = null;
  for (const entry of entries) {
    if ('roles' in entry.data) context = entry.data;
    else items.set(entry.id, entry.data);
  }
  if (!context) throw new Error('src/content/assessment/context.yaml is missing');
  return { items, context };
}

/**
 * What an Open Badges achievement says about a course: its lessons as criteria and its
 * specializations (all three axes) as alignments, titled in the course's language.
 */
export async function achievementDetails(slug: string): Promise<AchievementDetails | null> {
  const outline = await getCourseOutline(slug);
  if (!outline) return null;
  const meta = outline.course.data;
  const titles = await specializationTitles(meta.language);
  const ids = [...new Set([...meta.specializations, ...meta.platforms, ...meta.industries])];
  return {
    summary: meta.summary,
    lessonTitles: outline.lessons.map((l) => l.data.title),
    finalLessonTitle: outline.final.data.title,
    passMark: courseStructure(outline).certificate.passMark,
    alignments: ids.map((id) => ({ id, title: titles.get(id) ?? id })),
  };
}

/** A course as the PDF typesetter reads it: metadata and every lesson's raw MDX body. */
export function coursePdfInput(outline: CourseOutline, courseUrl: string): CoursePdfInput {
  return {
    slug: outline.course.id,
    meta: outline.course.data,
    lessons: outline.lessons.map((l, i) => ({ slug: lessonSlug(l.id), number: i + 1, meta: l.data, body: l.body ?? '' })),
    final: { slug: 'final', number: null, meta: outline.final.data, body: outline.final.body ?? '' },
    courseUrl,
  };
}

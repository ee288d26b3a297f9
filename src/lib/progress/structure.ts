import type { CourseMeta, FinalLessonMeta, LessonMeta } from '../courses/schema.ts';
import type { ValidatedCourse } from '../courses/validate.ts';

/** The shape of a course that progress is computed against: plain data, no Astro imports. */
export interface CourseStructure {
  slug: string;
  version: number;
  /** True when anyone may enrol without buying. */
  free: boolean;
  lessons: { slug: string; taskIds: string[] }[];
  final: { slug: 'final'; taskIds: string[]; passMark: number };
}

/** Builds the structure from course metadata and lessons, wherever they were read from. */
export function buildStructure(slug: string, meta: CourseMeta, lessons: { slug: string; meta: LessonMeta }[], final: FinalLessonMeta): CourseStructure {
  return {
    slug,
    version: meta.version,
    free: meta.offers.some((o) => o.kind === 'free'),
    lessons: lessons.map((l) => ({ slug: l.slug, taskIds: l.meta.tasks.map((t) => t.id) })),
    final: { slug: 'final', taskIds: [final.closingTask.id], passMark: final.assessment.passMark },
  };
}

/** The structure of a validated course (scripts and tests, which run outside Astro). */
export function structureFromValidated(course: ValidatedCourse): CourseStructure {
  return buildStructure(course.slug, course.meta, course.lessons as { slug: string; meta: LessonMeta }[], course.final.meta);
}

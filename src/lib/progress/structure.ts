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

/** The same structure from a validated course (scripts and tests, which run outside Astro). */
export function structureFromValidated(course: ValidatedCourse): CourseStructure {
  return {
    slug: course.slug,
    version: course.meta.version,
    free: course.meta.offers.some((o) => o.kind === 'free'),
    lessons: course.lessons.map((l) => ({ slug: l.slug, taskIds: 'tasks' in l.meta ? l.meta.tasks.map((t) => t.id) : [] })),
    final: { slug: 'final', taskIds: [course.final.meta.closingTask.id], passMark: course.final.meta.assessment.passMark },
  };
}

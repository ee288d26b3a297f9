import type { CourseMeta, FinalLessonMeta, Language, LessonMeta } from './schema.ts';
import type { ValidatedCourse } from './validate.ts';

/** The shape of a course that progress is computed against: plain data, no Astro imports. */
export interface CourseStructure {
  slug: string;
  version: number;
  /** True when anyone may enrol without buying. */
  free: boolean;
  lessons: { slug: string; taskIds: string[] }[];
  final: { slug: 'final'; taskIds: string[]; passMark: number; attempts: { max: number; cooldownHours: number } };
  /** Percent right each quiz needs to count as done, by task id. */
  quizPassMarks: Record<string, number>;
  /** What a certificate for this course records, and the score it needs (never below the final pass mark). */
  certificate: { title: string; language: Language; hours: number; passMark: number };
}

/** Builds the structure from course metadata and lessons, wherever they were read from. */
export function buildStructure(slug: string, meta: CourseMeta, lessons: { slug: string; meta: LessonMeta }[], final: FinalLessonMeta): CourseStructure {
  return {
    slug,
    version: meta.version,
    free: meta.offers.some((o) => o.kind === 'free'),
    lessons: lessons.map((l) => ({ slug: l.slug, taskIds: l.meta.tasks.map((t) => t.id) })),
    final: { slug: 'final', taskIds: [final.closingTask.id], passMark: final.assessment.passMark, attempts: final.assessment.attempts },
    quizPassMarks: Object.fromEntries(lessons.flatMap((l) => l.meta.tasks.flatMap((t) => (t.kind === 'quiz' ? [[t.id, t.passMark ?? meta.quizPassMark]] : [])))),
    certificate: {
      title: meta.title,
      language: meta.language,
      hours: meta.estimatedHours,
      passMark: Math.max(final.assessment.passMark, meta.certificate.passMark ?? 0),
    },
  };
}

/**
 * Lessons anyone may read without an account or a purchase: the first lesson of every course is
 * an open preview; free courses are open throughout (the final lesson still opens only after the
 * regular lessons are done).
 */
export function openToVisitors(course: CourseStructure, lessonSlug: string): boolean {
  return course.lessons[0]?.slug === lessonSlug || (course.free && lessonSlug !== 'final');
}

/** The structure of a validated course (scripts and tests, which run outside Astro). */
export function structureFromValidated(course: ValidatedCourse): CourseStructure {
  return buildStructure(course.slug, course.meta, course.lessons as { slug: string; meta: LessonMeta }[], course.final.meta);
}

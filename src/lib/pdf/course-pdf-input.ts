/**
 * Builds the PDF input from course files read from disk and validated (`readCourseTree` +
 * `validateCourses`), for scripts and tests. Pages and routes build the same shape from the
 * content collections instead; this module must not import `astro:content`.
 */
import type { CourseSource } from '../courses/source.ts';
import { splitFrontmatter, type ValidatedCourse, type ValidatedLesson } from '../courses/validate.ts';
import type { CoursePdfInput, CoursePdfLesson } from './course-pdf.ts';
import type { FinalLessonMeta } from '../courses/schema.ts';

/** The PDF input of a validated course; `source` is the same course as read from disk. */
export function coursePdfInputFromSources(course: ValidatedCourse, source: CourseSource, courseUrl?: string): CoursePdfInput {
  if (source.slug !== course.slug) throw new Error(`source "${source.slug}" is not course "${course.slug}"`);
  const lesson = (validated: ValidatedLesson): CoursePdfLesson => {
    const file = source.lessons.find((candidate) => candidate.file === validated.file);
    if (!file) throw new Error(`no source file for ${validated.file}`);
    return { slug: validated.slug, number: validated.number, meta: validated.meta, body: splitFrontmatter(file.text)?.body ?? '' };
  };
  return {
    slug: course.slug,
    meta: course.meta,
    lessons: course.lessons.map(lesson),
    final: { ...lesson(course.final), meta: course.final.meta as FinalLessonMeta },
    ...(courseUrl ? { courseUrl } : {}),
  };
}

/**
 * The "course as PDF" and "lesson as PDF" downloads: only for readers with access to the course,
 * typeset on the server and cached per course version (and content), so a second download is a
 * file read.
 */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { requireUser } from '../auth/guards.ts';
import { AppError } from '../http/errors.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { courseState } from './lesson-actions.ts';
import { boughtLessonPdfs } from './progress.ts';
import { finalOpenTo } from './final-lesson.ts';
import { cachedPdf, coursePdfCacheFamily, coursePdfCacheKey } from '../pdf/pdf-cache.ts';
import { renderCoursePdf, renderLessonPdf } from '../pdf/course-pdf.ts';
import { courseStructure, getCourseOutline, locateLesson, type CourseOutline } from '../courses/content.ts';
import { lessonSlug } from '../courses/catalogue.ts';
import type { CoursePdfInput } from '../pdf/course-pdf.ts';

export interface PdfDownload {
  pdf: Buffer;
  filename: string;
}

/**
 * The whole course (no `lessonSlug`) or one lesson as PDF. Throws AppError 404 for an unknown
 * course or lesson, 401 when not signed in, 403 without access.
 */
export async function coursePdfDownload(db: Db, user: SessionUser | null, courseSlug: string, lessonSlug?: string): Promise<PdfDownload> {
  const outline = await getCourseOutline(courseSlug);
  if (!outline || (lessonSlug !== undefined && !locateLesson(outline, lessonSlug))) throw new AppError(404, 'error.notFound');
  const reader = requireUser(user);
  const { access, progress } = courseState(db, reader, courseStructure(outline));
  // A lesson bought on its own as PDF may be downloaded without the course.
  if (!access && !(lessonSlug !== undefined && boughtLessonPdfs(db, reader, courseSlug).has(lessonSlug))) throw new AppError(403, 'error.noAccess');
  // The final assessment stays closed on paper as long as it is closed on the site.
  const finalOpen = finalOpenTo(reader, progress);
  if (lessonSlug === 'final' && !finalOpen) throw new AppError(403, 'error.finalLocked');
  const input = coursePdfInput(outline, `${publicBaseUrl()}/courses/${courseSlug}`);
  const version = `v${outline.course.data.version}`;
  if (lessonSlug === undefined) {
    const kind = finalOpen ? 'course' : 'course-locked';
    const pdf = await cachedPdf(coursePdfCacheKey(input, kind), () => renderCoursePdf(input, { assessmentQuestions: finalOpen }), coursePdfCacheFamily(input, kind));
    return { pdf, filename: `${courseSlug}-${version}.pdf` };
  }
  return {
    pdf: await cachedPdf(coursePdfCacheKey(input, `lesson-${lessonSlug}`), () => renderLessonPdf(input, lessonSlug), coursePdfCacheFamily(input, `lesson-${lessonSlug}`)),
    filename: `${courseSlug}-${lessonSlug}-${version}.pdf`,
  };
}

/** A course as the PDF typesetter reads it: metadata and every lesson's raw MDX body. */
function coursePdfInput(outline: CourseOutline, courseUrl: string): CoursePdfInput {
  return {
    slug: outline.course.id,
    meta: outline.course.data,
    lessons: outline.lessons.map((l, i) => ({ slug: lessonSlug(l.id), number: i + 1, meta: l.data, body: l.body ?? '' })),
    final: { slug: 'final', number: null, meta: outline.final.data, body: outline.final.body ?? '' },
    courseUrl,
  };
}

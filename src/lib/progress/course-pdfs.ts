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
import { cachedPdf, cachedPdfExists, coursePdfCacheFamily, coursePdfCacheKey, removeStaleTemporaries } from '../pdf/pdf-cache.ts';
import { randomUUID } from 'node:crypto';
import { renderPdf, rendersInWorkers } from '../pdf/render-pool.ts';
import { courseStructure, getCourseOutline, listCourseOutlines, locateLesson, type CourseOutline } from '../courses/content.ts';
import { holdLease, releaseLease } from '../db/leases.ts';
import { log } from '../log/log.ts';
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
  const input = coursePdfInput(outline);
  const version = `v${outline.course.data.version}`;
  if (lessonSlug === undefined) {
    const pdf = await cachedCoursePdf(input, finalOpen);
    return { pdf, filename: `${courseSlug}-${version}.pdf` };
  }
  return {
    pdf: await cachedPdf(cacheKeyOf(input, `lesson-${lessonSlug}`), () => renderPdf({ kind: 'lesson', input, lessonSlug }), coursePdfCacheFamily(input, `lesson-${lessonSlug}`)),
    filename: `${courseSlug}-${lessonSlug}-${version}.pdf`,
  };
}

/** The whole course from the cache, typeset first when missing; `finalOpen` false leaves out the final questions. */
function cachedCoursePdf(input: CoursePdfInput, finalOpen: boolean): Promise<Buffer> {
  const kind = finalOpen ? 'course' : 'course-locked';
  return cachedPdf(cacheKeyOf(input, kind), () => renderPdf({ kind: 'course', input, options: { assessmentQuestions: finalOpen } }), coursePdfCacheFamily(input, kind));
}

/**
 * Typesets every published course's PDF (with and without the final questions) that is not in
 * the cache yet, one after another, so the first reader downloads a file instead of waiting for
 * the typesetter. Returns how many were typeset.
 */
export async function prepareCoursePdfs(beforeEach: () => boolean = () => true): Promise<number> {
  let made = 0;
  for (const outline of await listCourseOutlines()) {
    if (!beforeEach()) break;
    const input = coursePdfInput(outline);
    for (const finalOpen of [true, false]) {
      if (cachedPdfExists(cacheKeyOf(input, finalOpen ? 'course' : 'course-locked'))) continue;
      try {
        await cachedCoursePdf(input, finalOpen);
        made++;
      } catch (error) {
        // One course that cannot be typeset must not keep the others from being prepared.
        log.error({ course: outline.course.id, finalOpen, err: (error as Error).message }, 'course PDF could not be typeset');
      }
    }
  }
  return made;
}

let preparing: Promise<void> | null = null;
const PREPARE_LEASE_MS = 2 * 60_000;

/**
 * Starts `prepareCoursePdfs` once per process, in the background, after a server starts (the
 * first request), unless PDF_PREPARE=off (tests). A lease keeps several server processes from
 * typesetting the same courses at once; the one that holds it does the work.
 */
export function ensureCoursePdfsPrepared(db: Db): void {
  // Only off the server thread: typesetting two dozen courses inline would stall the pages for a minute.
  if (preparing || process.env.PDF_PREPARE === 'off' || !rendersInWorkers()) return;
  preparing = (async () => {
    const holder = `${process.pid}-${randomUUID()}`;
    // Renewed before each course; should this process die, another start can take over in two minutes.
    const hold = () => holdLease(db, 'pdf-prepare', holder, PREPARE_LEASE_MS);
    if (!hold()) {
      // Another process is at it, or one that stopped still holds the lease: look again once it has expired.
      setTimeout(() => {
        preparing = null;
        ensureCoursePdfsPrepared(db);
      }, PREPARE_LEASE_MS + 1000).unref();
      return;
    }
    await removeStaleTemporaries();
    const started = performance.now();
    try {
      const made = await prepareCoursePdfs(hold);
      if (made > 0) log.info({ made, ms: Math.round(performance.now() - started) }, 'course PDFs prepared');
    } finally {
      releaseLease(db, 'pdf-prepare', holder);
    }
  })().catch((error) => {
    log.error({ err: (error as Error).message }, 'preparing course PDFs failed');
  });
}

/**
 * The typesetter's input per kept outline, and its cache keys per input: a key hashes the whole
 * course, which cost milliseconds on every download of a file long in the cache.
 */
const pdfInputs = new WeakMap<CourseOutline, CoursePdfInput>();
const pdfKeys = new WeakMap<CoursePdfInput, Map<string, string>>();

/** A course as the PDF typesetter reads it: metadata and every lesson's raw MDX body. */
function coursePdfInput(outline: CourseOutline): CoursePdfInput {
  let input = pdfInputs.get(outline);
  if (!input) {
    input = readPdfInput(outline, `${publicBaseUrl()}/courses/${outline.course.id}`);
    pdfInputs.set(outline, input);
  }
  return input;
}

/** The cache key of one document of a course, worked out once per input. */
function cacheKeyOf(input: CoursePdfInput, kind: Parameters<typeof coursePdfCacheKey>[1]): string {
  let keys = pdfKeys.get(input);
  if (!keys) {
    keys = new Map();
    pdfKeys.set(input, keys);
  }
  let key = keys.get(kind);
  if (!key) {
    key = coursePdfCacheKey(input, kind);
    keys.set(kind, key);
  }
  return key;
}

function readPdfInput(outline: CourseOutline, courseUrl: string): CoursePdfInput {
  return {
    slug: outline.course.id,
    meta: outline.course.data,
    lessons: outline.lessons.map((l, i) => ({ slug: lessonSlug(l.id), number: i + 1, meta: l.data, body: l.body ?? '' })),
    final: { slug: 'final', number: null, meta: outline.final.data, body: outline.final.body ?? '' },
    courseUrl,
  };
}

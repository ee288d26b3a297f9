/** What a course overview shows a reader: the course, their access and progress, certificate and translations. */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Language } from '../i18n/language.ts';
import { courseStructure, getCourseOutline, listTranslations, specializationTitles } from '../courses/content.ts';
import { learnerCertificate } from '../certificates/pages.ts';
import { courseState } from './lesson-actions.ts';
import { continueHref } from './summary.ts';
import { courseSeo } from '../seo/pages.ts';

export async function coursePage(db: Db, user: SessionUser | null, slug: string, lang: Language) {
  const outline = await getCourseOutline(slug);
  if (!outline) return null;
  const structure = courseStructure(outline);
  const state = courseState(db, user, structure);
  return {
    outline,
    course: outline.course.data,
    base: `/courses/${outline.course.id}`,
    contentLang: outline.course.data.language !== lang ? outline.course.data.language : undefined,
    titles: await specializationTitles(lang),
    translations: await listTranslations(outline.course),
    state,
    passMark: structure.certificate.passMark,
    certificate: user ? learnerCertificate(db, user.id, outline.course.id) : null,
    nextHref: state.progress?.next ? continueHref(outline.course.id, state.progress.next) : null,
    /** The reader's progress in a lesson (or the final lesson), for the syllabus marks. */
    seo: await courseSeo(outline, lang),
    lessonMark: (lessonSlug: string) => state.progress?.lessons.find((l) => l.slug === lessonSlug) ?? (lessonSlug === 'final' ? state.progress?.final : undefined),
  };
}

export type CoursePage = NonNullable<Awaited<ReturnType<typeof coursePage>>>;

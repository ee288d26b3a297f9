/** What a self-assessment result page shows: the stored answers scored, gaps with courses, the learning path. */
import type { Db } from '../db/client.ts';
import type { Language } from '../i18n/language.ts';
import { formatScore } from '../i18n/ui.ts';
import { courseStructure, listCourseOutlines, listCourses, listSpecializations } from '../courses/content.ts';
import { headlineOffer } from '../courses/catalogue.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { completedCourseSlugs, hasAccess } from './progress.ts';
import type { CourseLike } from '../courses/catalogue.ts';
import { loadAssessmentContent } from '../assessment/content.ts';
import { getAssessment } from '../assessment/store.ts';
import { scoringInput } from '../assessment/answers.ts';
import { scoreAssessment } from '../assessment/scoring.ts';
import { gapViews, learningPath } from '../assessment/view.ts';

/**
 * `viewer`: the person reading the result, when signed in. Their completed courses leave the
 * learning path, and each course in it says how to take it (enrol, or its price and offers).
 */
export async function assessmentResultPage(db: Db, id: string, lang: Language, viewer: SessionUser | null) {
  const record = getAssessment(db, id);
  if (!record) return null;
  const { items } = await loadAssessmentContent();
  const byId = new Map((await listSpecializations()).map((s) => [s.id, s.data]));
  const courses = await listCourses();
  const outlines = new Map((await listCourseOutlines()).map((outline) => [outline.course.id, courseStructure(outline)]));
  const result = scoreAssessment(scoringInput(record.answers, items));
  return {
    result,
    gaps: gapViews(result, courses, lang),
    path: learningPath(result, courses, lang, viewer ? new Set(completedCourseSlugs(db, viewer.id)) : new Set()).map((course) => {
      const outline = outlines.get(course.id);
      return { course, open: Boolean(outline && (outline.free || hasAccess(db, viewer, outline))), offer: headlineOffer(course.data) };
    }),
    title: (specializationId: string) => byId.get(specializationId)?.title[lang] ?? specializationId,
    description: (specializationId: string) => byId.get(specializationId)?.description[lang],
    fmt: (n: number) => formatScore(n, lang),
    /** `lang` for a course title in another language than the interface. */
    courseLang: (c: CourseLike) => (c.data.language !== lang ? c.data.language : undefined),
  };
}

export type AssessmentResultPage = NonNullable<Awaited<ReturnType<typeof assessmentResultPage>>>;

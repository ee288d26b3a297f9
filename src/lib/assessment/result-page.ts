/** What a self-assessment result page shows: the stored answers scored, gaps with courses, the learning path. */
import type { Db } from '../db/client.ts';
import type { Language } from '../i18n/language.ts';
import { formatScore } from '../i18n/ui.ts';
import { listCourses, listSpecializations } from '../courses/content.ts';
import type { CourseLike } from '../courses/catalogue.ts';
import { loadAssessmentContent } from './content.ts';
import { getAssessment } from './store.ts';
import { scoringInput } from './answers.ts';
import { scoreAssessment } from './scoring.ts';
import { gapViews, learningPath } from './view.ts';

export async function assessmentResultPage(db: Db, id: string, lang: Language) {
  const record = getAssessment(db, id);
  if (!record) return null;
  const { items } = await loadAssessmentContent();
  const byId = new Map((await listSpecializations()).map((s) => [s.id, s.data]));
  const courses = await listCourses();
  const result = scoreAssessment(scoringInput(record.answers, items));
  return {
    result,
    gaps: gapViews(result, courses, lang),
    path: learningPath(result, courses, lang),
    title: (specializationId: string) => byId.get(specializationId)?.title[lang] ?? specializationId,
    description: (specializationId: string) => byId.get(specializationId)?.description[lang],
    fmt: (n: number) => formatScore(n, lang),
    /** `lang` for a course title in another language than the interface. */
    courseLang: (c: CourseLike) => (c.data.language !== lang ? c.data.language : undefined),
  };
}

export type AssessmentResultPage = NonNullable<Awaited<ReturnType<typeof assessmentResultPage>>>;

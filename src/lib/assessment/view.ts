/**
 * What the results page shows, from the scored assessment and the catalogue: the courses that
 * close each gap (in the learner's language first, saying so honestly when there is none),
 * the recommended specializations and a learning path. Pure: no Astro, no database.
 */
import type { CourseLike } from '../courses/catalogue.ts';
import { courseSpecializationIds } from '../courses/catalogue.ts';
import type { Language } from '../courses/schema.ts';
import type { AssessmentResult, FunctionScore } from './scoring.ts';

export interface GapView {
  score: FunctionScore;
  /** Courses in the learner's language that build the function. */
  courses: CourseLike[];
  /** When there are none in the learner's language: the ones in other languages. */
  otherLanguages: CourseLike[];
}

export function coursesFor(functionId: string, courses: CourseLike[], language: Language) {
  const building = courses.filter((c) => !c.data.draft && courseSpecializationIds(c.data).includes(functionId));
  const own = building.filter((c) => c.data.language === language);
  return { courses: own, otherLanguages: own.length ? [] : building };
}

export function gapViews(result: AssessmentResult, courses: CourseLike[], language: Language): GapView[] {
  return result.gaps.map((score) => ({ score, ...coursesFor(score.id, courses, language) }));
}

/** A learning path: courses for the largest gaps first, then for the recommended function; each once, leaving out courses already completed. */
export function learningPath(result: AssessmentResult, courses: CourseLike[], language: Language, completed: ReadonlySet<string> = new Set()): CourseLike[] {
  const order = [...result.gaps.map((g) => g.id), ...result.recommendations.filter((r) => r.axis === 'function').map((r) => r.id)];
  const path: CourseLike[] = [];
  for (const id of order) {
    const { courses: own, otherLanguages } = coursesFor(id, courses, language);
    for (const course of own.length ? own : otherLanguages) if (!completed.has(course.id) && !path.some((c) => c.id === course.id)) path.push(course);
  }
  return path;
}

/** Skill change per function between two results (newer minus older). */
export function compareResults(older: AssessmentResult, newer: AssessmentResult) {
  return newer.functions.map((f) => {
    const before = older.functions.find((o) => o.id === f.id)!;
    return { id: f.id, before: before.skill, after: f.skill, change: Math.round((f.skill - before.skill) * 10) / 10 };
  });
}

import { courseStructure, getCourseOutline, specializationTitles } from '../courses/content.ts';
import type { AchievementDetails } from './credential.ts';

/**
 * What an Open Badges achievement says about a course: its lessons as criteria and its
 * specializations (all three axes) as alignments, titled in the course's language.
 */
export async function achievementDetails(slug: string): Promise<AchievementDetails | null> {
  const outline = await getCourseOutline(slug);
  if (!outline) return null;
  const meta = outline.course.data;
  const titles = await specializationTitles(meta.language);
  const ids = [...new Set([...meta.specializations, ...meta.platforms, ...meta.industries])];
  return {
    summary: meta.summary,
    lessonTitles: outline.lessons.map((l) => l.data.title),
    finalLessonTitle: outline.final.data.title,
    passMark: courseStructure(outline).certificate.passMark,
    alignments: ids.map((id) => ({ id, title: titles.get(id) ?? id })),
  };
}

/**
 * The one rule for when the final lesson opens. Pages, PDFs and the writes that save a closing
 * task or a final attempt all ask here, so they can never disagree.
 */
import type { SessionUser } from '../auth/sessions.ts';
import type { CourseStructure } from '../courses/structure.ts';

/** The final lesson opens when every task of every regular lesson is done, or once the course was completed. */
export function finalUnlocked(doneTaskIds: ReadonlySet<string>, course: CourseStructure, completed: boolean): boolean {
  return completed || course.lessons.every((lesson) => lesson.taskIds.every((id) => doneTaskIds.has(id)));
}

/** Who may read the final lesson: a learner for whom it is unlocked; a site admin always (to check the content). */
export function finalOpenTo(user: SessionUser | null, progress: { finalUnlocked: boolean } | null): boolean {
  return Boolean(progress?.finalUnlocked) || Boolean(user?.roles.includes('admin'));
}

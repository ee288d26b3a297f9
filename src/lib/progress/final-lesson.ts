/**
 * The one rule for when the final lesson opens. Pages, PDFs and the writes that save a closing
 * task or a final attempt all ask here, so they can never disagree.
 */
import type { SessionUser } from '../auth/sessions.ts';
import type { CourseStructure } from '../courses/structure.ts';

/** What is stored about a task answer that decides whether the task is done. */
export interface ResponseFacts {
  taskId: string;
  kind: string;
  bestScore: number | null;
  total: number | null;
  /** Supervised courses: practice and reflection work counts once a tutor accepted it. */
  awaitingReview?: boolean;
}

/**
 * The one rule for "done": a reflection, practice or checklist once a valid answer is saved (in a
 * supervised course, practice and reflection once a tutor accepted them); a quiz once its best
 * attempt reached the quiz's pass mark (a quarter right is not done).
 */
export function doneTaskIds(course: CourseStructure, responses: ResponseFacts[]): Set<string> {
  const done = new Set<string>();
  for (const response of responses) {
    if (response.awaitingReview) continue;
    if (response.kind !== 'quiz') done.add(response.taskId);
    else if (response.total && ((response.bestScore ?? 0) * 100) / response.total >= (course.quizPassMarks[response.taskId] ?? 0)) done.add(response.taskId);
  }
  return done;
}

/** The final lesson opens when every task of every regular lesson is done, or once the course was completed. */
export function finalUnlocked(doneTaskIds: ReadonlySet<string>, course: CourseStructure, completed: boolean): boolean {
  return completed || course.lessons.every((lesson) => lesson.taskIds.every((id) => doneTaskIds.has(id)));
}

/** Who may read the final lesson: a learner for whom it is unlocked; a site admin always (to check the content). */
export function finalOpenTo(user: SessionUser | null, progress: { finalUnlocked: boolean } | null): boolean {
  return Boolean(progress?.finalUnlocked) || Boolean(user?.roles.includes('admin'));
}

/**
 * Where a learner stands in a course, computed from the current course structure and the stored
 * responses. Progress is keyed on stable task ids: a task removed from a lesson no longer counts,
 * a new one shows as open, and a completed course stays completed.
 */
import type { Db } from '../db/client.ts';
import { completionOf, enrolmentsOf, responsesOf } from './progress.ts';
import type { CourseStructure } from '../courses/structure.ts';
import { doneTaskIds, finalUnlocked, type ResponseFacts } from './final-lesson.ts';

export interface LessonProgress {
  slug: string;
  done: number;
  total: number;
  complete: boolean;
  /** Task ids still open, in lesson order. */
  openTaskIds: string[];
}

export interface CourseProgress {
  lessons: LessonProgress[];
  final: LessonProgress;
  tasksDone: number;
  tasksTotal: number;
  /** 0-100, for the progress bar. */
  percent: number;
  finalUnlocked: boolean;
  completed: boolean;
  /** Where "continue" leads: the first open task, or the final assessment. */
  next: { lessonSlug: string; taskId: string | null } | null;
}

export function summarizeProgress(course: CourseStructure, responses: ResponseFacts[], completed: boolean): CourseProgress {
  const done = doneTaskIds(course, responses);
  const lessonProgress = (slug: string, taskIds: string[]): LessonProgress => {
    const openTaskIds = taskIds.filter((id) => !done.has(id));
    return { slug, done: taskIds.length - openTaskIds.length, total: taskIds.length, complete: openTaskIds.length === 0, openTaskIds };
  };
  const lessons = course.lessons.map((l) => lessonProgress(l.slug, l.taskIds));
  const final = lessonProgress('final', course.final.taskIds);
  // The final assessment counts as one more step next to the closing task.
  const tasksTotal = lessons.reduce((n, l) => n + l.total, 0) + final.total + 1;
  const tasksDone = completed ? tasksTotal : lessons.reduce((n, l) => n + l.done, 0) + final.done;
  const firstOpen = lessons.find((l) => !l.complete);
  const next = completed
    ? final.complete ? null : { lessonSlug: 'final', taskId: final.openTaskIds[0] ?? null }
    : firstOpen
      ? { lessonSlug: firstOpen.slug, taskId: firstOpen.openTaskIds[0] }
      : { lessonSlug: 'final', taskId: null };
  return {
    lessons,
    final,
    tasksDone,
    tasksTotal,
    percent: Math.round((tasksDone / tasksTotal) * 100),
    finalUnlocked: finalUnlocked(done, course, completed),
    completed,
    next,
  };
}

/** Progress of one learner in one course, read from the database. */
export function progressOf(db: Db, userId: string, course: CourseStructure): CourseProgress & { completion: ReturnType<typeof completionOf> } {
  const completion = completionOf(db, userId, course.slug);
  return { ...summarizeProgress(course, responsesOf(db, userId, course.slug), Boolean(completion)), completion };
}

/** Every enrolled course with its progress, for the dashboard. */
export function dashboardOf(db: Db, userId: string, courses: CourseStructure[]) {
  const bySlug = new Map(courses.map((c) => [c.slug, c]));
  return enrolmentsOf(db, userId)
    .filter((e) => bySlug.has(e.courseSlug))
    .map((e) => ({ slug: e.courseSlug, enrolledAt: e.createdAt, progress: progressOf(db, userId, bySlug.get(e.courseSlug)!) }));
}

/** Where "continue" leads: the first open task, the final assessment, or the course page. */
export function continueHref(courseSlug: string, next: CourseProgress['next']): string {
  if (!next) return `/courses/${courseSlug}`;
  const anchor = next.taskId ? `#task-${next.taskId}` : next.lessonSlug === 'final' ? '#final-assessment' : '';
  return `/courses/${courseSlug}/${next.lessonSlug}${anchor}`;
}

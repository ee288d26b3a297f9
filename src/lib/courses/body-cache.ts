/**
 * Lesson bodies rendered once per process. A body's HTML depends only on the lesson file and the
 * interface language (components label things in it); what is personal in it is the tasks. So
 * the body is rendered with a marker where each task goes, kept, and composed per request with
 * the reader's task forms.
 */
import { LRUCache } from 'lru-cache';

/** A piece of a rendered body: fixed HTML, or the place of a task. */
export type BodySegment = { html: string } | { taskId: string };

const TASK_MARKER = /<!--cw-task:([A-Za-z0-9_-]+)-->/g;

/** The marker a task leaves in the body while it is rendered for the cache. */
export function taskMarker(taskId: string): string {
  return `<!--cw-task:${taskId}-->`;
}

/** Splits rendered HTML at the task markers. */
export function splitAtTasks(html: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let last = 0;
  for (const match of html.matchAll(TASK_MARKER)) {
    if (match.index > last) segments.push({ html: html.slice(last, match.index) });
    segments.push({ taskId: match[1] });
    last = match.index + match[0].length;
  }
  if (last < html.length) segments.push({ html: html.slice(last) });
  return segments;
}

/**
 * Least recently used first out: a few hundred bodies (about 20 KB each) cover the lessons that
 * are read, without holding every lesson in every language in every process.
 */
export class BodyCache extends LRUCache<string, BodySegment[]> {
  constructor(limit = 400) {
    super({ max: Math.max(1, limit) });
  }
}

/** The bodies of this process. */
export const lessonBodies = new BodyCache(Number(process.env.LESSON_BODY_CACHE ?? 400) || 400);

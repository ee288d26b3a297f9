/** The discussion parts of pages, as data: the thread under a lesson, the posting form's answer, and /moderate. */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { AppError } from '../http/errors.ts';
import { attempt } from '../http/forms.ts';
import { publicBaseUrl, readForm } from '../http/requests.ts';
import { courseStructure, getCourseOutline, locateLesson } from '../courses/content.ts';
import { lessonState } from '../progress/lesson-actions.ts';
import { commentsOfLesson, moderate, moderationQueue, postComment, reportComment, type ModerationAction } from './comments.ts';
import { renderMarkdown } from '../http/markdown.ts';
import { isModerator } from './visibility.ts';

/** The thread under a lesson for this reader: what they may see, and whether they may write. */
export function lessonDiscussion(db: Db, viewer: SessionUser | null, courseSlug: string, lessonSlug: string, state: { canRead: boolean; access: boolean; enrolled: boolean }) {
  if (!state.canRead) return null;
  const { threads, count } = commentsOfLesson(db, viewer, courseSlug, lessonSlug);
  return { threads, count, canComment: Boolean(viewer?.emailVerified && state.access && state.enrolled), signedIn: Boolean(viewer), render: renderMarkdown };
}

/**
 * POST /courses/<course>/<lesson>/discuss: a comment, a reply or a report. On success back to the
 * lesson; on a refusal the page shows the text again with the reason, so nothing typed is lost.
 */
export async function discussPage(db: Db, user: SessionUser | null, request: Request, courseSlug: string, lessonSlug: string) {
  const outline = await getCourseOutline(courseSlug);
  const located = outline ? locateLesson(outline, lessonSlug) : null;
  if (!outline || !located) throw new AppError(404, 'error.notFound');
  const lessonUrl = `/courses/${courseSlug}/${lessonSlug}`;
  if (request.method !== 'POST') return { redirect: `${lessonUrl}#comments` } as const;
  const form = await readForm(request);
  const state = lessonState(db, user, courseStructure(outline), lessonSlug);
  const place = { courseSlug, lessonSlug, canComment: state.access && state.enrolled };
  const body = String(form.get('body') ?? '');
  const parentId = Number(form.get('parent') ?? 0) || null;
  const outcome = await attempt(() => {
    if (form.get('intent') === 'report') {
      reportComment(db, user, place, Number(form.get('comment') ?? 0), String(form.get('reason') ?? ''));
      return `${lessonUrl}?notice=reported#comments`;
    }
    const id = postComment(db, user, place, { body, parentId });
    return `${lessonUrl}?notice=comment-pending#comment-${id}`;
  });
  if (outcome.ok) return { redirect: outcome.result } as const;
  if (outcome.error.status === 401) throw outcome.error;
  return { redirect: null, error: outcome.error, body, parentId, lessonUrl, lessonTitle: located.lesson.data.title, status: outcome.error.status } as const;
}

/** /moderate: pending and reported comments, and the decisions. */
export async function moderatePage(db: Db, user: SessionUser | null, request: Request) {
  const queue = moderationQueue(db, user);
  let failed: { commentId: number; error: AppError } | undefined;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const commentId = Number(form.get('comment') ?? 0);
    const intent = String(form.get('intent') ?? '');
    const action: ModerationAction = intent === 'reject' ? { kind: 'reject', reason: String(form.get('reason') ?? '') } : intent === 'keep' ? { kind: 'keep' } : { kind: 'approve' };
    const outcome = await attempt(() => moderate(db, user, commentId, action, publicBaseUrl()));
    if (outcome.ok) return { redirect: `/moderate?notice=${intent || 'approve'}` } as const;
    failed = { commentId, error: outcome.error };
  }
  return { redirect: null, ...queue, failed, render: renderMarkdown, isModerator: isModerator(user), status: failed?.error.status ?? 200 } as const;
}

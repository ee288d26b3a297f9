/**
 * Everything the lesson page shows, in one call: the lesson and its neighbours, what the reader
 * may see, what they sent and whether it was saved, the syllabus with their marks, and what the
 * `<Task>` components placed in the lesson body need. The page only renders it.
 */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { UiKey } from '../i18n/ui.ts';
import type { Language } from '../i18n/language.ts';
import { localizePath } from '../i18n/routing.ts';
import { formatPrice } from '../i18n/ui.ts';
import { boughtLessonPdfs } from './progress.ts';
import { readForm } from '../http/requests.ts';
import { courseStructure, getCourseOutline, locateLesson, type LessonEntry } from '../courses/content.ts';
import { isFinalLesson, lessonSlug } from '../courses/catalogue.ts';
import { findTaskPlacements } from '../courses/validate.ts';
import { tasksOf } from '../courses/lesson-submission.ts';
import { evaluateTask, formFromValues } from '../courses/task-answers.ts';
import { certificateLinks, signNewCredential } from '../certificates/pages.ts';
import { handleLessonPost, lessonState, storedFinalOutcome, type LessonPostOutcome } from './lesson-actions.ts';
import type { LessonContext } from './lesson-context.ts';
import { attemptHistory, attemptWindow, currentQuestions } from './final-attempts.ts';
import { optionSeed } from '../courses/option-order.ts';
import type { LessonProgress } from './summary.ts';

/** One line of the syllabus beside the lesson. */
export interface SyllabusEntry {
  slug: string;
  /** The lesson's URL in the reader's language. */
  href: string;
  title: string;
  /** 1-based position of a regular lesson; null for the final lesson. */
  number: number | null;
  current: boolean;
  progress?: LessonProgress;
}

/** Task ids a lesson body places with <Task>, worked out once per lesson entry (entries are kept per process). */
const placements = new WeakMap<LessonEntry, Set<string>>();
function placedTaskIds(lesson: LessonEntry): Set<string> {
  let placed: Set<string> | undefined = placements.get(lesson);
  if (!placed) {
    placed = new Set(findTaskPlacements(lesson.body ?? '').flatMap((p) => (p.id ? [p.id] : [])));
    placements.set(lesson, placed);
  }
  return placed;
}

export async function lessonPage(db: Db, user: SessionUser | null, request: Request, courseSlug: string, slug: string, lang: Language) {
  const outline = await getCourseOutline(courseSlug);
  const located = outline ? locateLesson(outline, slug) : null;
  if (!outline || !located) return null;
  const { course, lessons } = outline;
  const { lesson } = located;
  const meta = lesson.data;
  const structure = courseStructure(outline);
  const final = isFinalLesson(meta) ? meta : null;
  let state = lessonState(db, user, structure, slug);
  const locked = Boolean(final) && !state.finalOpen;
  const readable = state.canRead && !locked;

  // The questions of this reader's current attempt, drawn before grading so the page shows what was graded.
  let finalQuestions = final && readable ? currentQuestions(db, user && state.enrolled ? user.id : null, course.id, final.assessment) : [];
  let outcome: LessonPostOutcome | undefined;
  const base = `/courses/${course.id}`;
  // Links and the form target stay in the reader's language (the /de or /sv URL of each lesson).
  const link = (path: string) => localizePath(path, lang);
  const action = link(`${base}/${slug}`);
  const tasks = tasksOf(meta);
  let redirectTo: string | null = null;
  if (readable && request.method === 'POST') {
    outcome = handleLessonPost(db, user, structure, slug, meta, await readForm(request));
    if (outcome.certificateId) await signNewCredential(db, outcome.certificateId);
    // Post/redirect/get: a saved answer is shown by a GET, so reloading never sends it twice (nor
    // records a second quiz attempt). Refused answers come back at once, with what was entered.
    if (outcome.saved && outcome.submission.type === 'task') {
      const taskId = outcome.submission.evaluation.taskId;
      redirectTo = `${action}?saved=${encodeURIComponent(taskId)}#task-${taskId}`;
    }
    // A recorded final attempt too: reloading must never spend another of the limited attempts.
    if (outcome.saved && outcome.submission.type === 'assessment' && outcome.attemptId) redirectTo = `${action}?attempt=${outcome.attemptId}#final-assessment`;
    // The page shown at once (not after a redirect) reflects what was just saved.
    if (outcome.saved && !redirectTo) state = lessonState(db, user, structure, slug);
  }
  // After that redirect: the attempt's result, graded again from what was stored, with its questions.
  const attemptParam = request.method === 'GET' && final && readable && user ? Number(new URL(request.url).searchParams.get('attempt')) : NaN;
  if (final && user && Number.isInteger(attemptParam) && attemptParam > 0) {
    const stored = storedFinalOutcome(db, user, structure, final, attemptParam);
    if (stored) {
      outcome = stored.outcome;
      finalQuestions = stored.questions;
    }
  }
  const submission = outcome?.submission;
  // After that redirect: the saved answer's feedback, computed again from what was stored.
  const savedTaskId = request.method === 'GET' ? new URL(request.url).searchParams.get('saved') : null;
  const savedTask = savedTaskId && readable && state.stored[savedTaskId] ? tasks.find((t) => t.id === savedTaskId) : undefined;
  const shown = savedTask ? evaluateTask(savedTask, formFromValues(savedTask, state.stored[savedTask.id].values)) : undefined;
  const saveHint: UiKey | undefined = !user ? 'enrol.signInFirst' : !state.enrolled ? 'enrol.toSave' : outcome?.error?.key;
  const lessonContext: LessonContext = {
    action,
    contentLanguage: course.data.language,
    tasks,
    evaluation: submission?.type === 'task' ? submission.evaluation : shown,
    saved: Boolean(outcome?.saved) || Boolean(shown),
    stored: state.stored,
    saveHint,
    quizPassMarks: structure.quizPassMarks,
    optionSeed: optionSeed(user?.id, course.id),
  };
  const enrolledLearner = user && state.enrolled ? user : null;
  const lessonTitle = new Map([...lessons, outline.final].map((entry) => [lessonSlug(entry.id), entry.data.title]));
  // What is still missing before the final lesson opens: each lesson with its open tasks, by title.
  const missing = (state.progress?.lessons ?? [])
    .filter((progress) => !progress.complete)
    .map((progress) => {
      const entry = lessons.find((l) => lessonSlug(l.id) === progress.slug)!;
      return { title: entry.data.title, href: link(`${base}/${progress.slug}`), tasks: entry.data.tasks.filter((t) => progress.openTaskIds.includes(t.id)).map((t) => ({ title: t.title, href: `${link(`${base}/${progress.slug}`)}#task-${t.id}` })) };
    });
  const finalAttempts =
    final && enrolledLearner
      ? {
          window: attemptWindow(db, enrolledLearner.id, structure),
          history: attemptHistory(db, enrolledLearner.id, course.id),
          revisit: (outcome?.revisit ?? []).map((slug) => ({ title: lessonTitle.get(slug) ?? slug, href: link(`${base}/${slug}`) })),
        }
      : null;
  // Tasks the author did not place with <Task> are shown after the lesson body.
  const placed = placedTaskIds(lesson);
  const progressOf = (entrySlug: string) => (entrySlug === 'final' ? state.progress?.final : state.progress?.lessons.find((l) => l.slug === entrySlug));
  const syllabus: SyllabusEntry[] = [...lessons, outline.final].map((entry, index) => {
    const entrySlug = lessonSlug(entry.id);
    return { slug: entrySlug, href: link(`${base}/${entrySlug}`), title: entry.data.title, number: entrySlug === 'final' ? null : index + 1, current: entry.id === lesson.id, progress: progressOf(entrySlug) };
  });
  const neighbour = (entry: LessonEntry | null) => (entry ? { href: link(`${base}/${lessonSlug(entry.id)}`), title: entry.data.title } : null);
  return {
    /** Set after a saved answer: the page answers with a redirect to itself (post/redirect/get). */
    redirectTo,
    status: outcome?.status ?? (readable ? 200 : 403),
    /** Seconds until another attempt, while a learner pauses after failed final attempts. */
    retryAfter: outcome?.error?.retryAfterSeconds,
    course,
    /** Language of the course content when it differs from the interface (for `lang` attributes). */
    contentLang: course.data.language !== lang ? course.data.language : undefined,
    lesson,
    meta,
    slug,
    final,
    state,
    locked,
    readable,
    outcome,
    base,
    action,
    lessonCount: lessons.length,
    /** Price of this lesson as a PDF on its own, when the course sells lessons so (regular lessons only). */
    pdfOffer: !final && course.data.offers.find((o) => o.kind === 'lesson-pdf')?.price !== undefined ? formatPrice(course.data.offers.find((o) => o.kind === 'lesson-pdf')!.price!, lang) : null,
    pdfBought: boughtLessonPdfs(db, user, course.id).has(slug),
    number: located.index + 1,
    certificatePassMark: structure.certificate.passMark,
    certificate: state.certificate ? { certificate: state.certificate, links: certificateLinks(state.certificate) } : null,
    assessment: submission?.type === 'assessment' ? submission.evaluation : undefined,
    finalQuestions,
    finalAttempts,
    missing,
    unknownTask: submission?.type === 'unknown-task',
    saveHint,
    lessonContext,
    unplaced: tasks.filter((task) => !placed.has(task.id)),
    syllabus,
    previous: neighbour(located.previous),
    next: neighbour(located.next),
  };
}

export type LessonPage = NonNullable<Awaited<ReturnType<typeof lessonPage>>>;

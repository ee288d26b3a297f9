/** The tutoring pages as data: the tutor queue, the learner's e-mail course settings, unsubscribe, and the admin overview. */
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { requireUser } from '../auth/guards.ts';
import { AppError } from '../http/errors.ts';
import { attempt } from '../http/forms.ts';
import { publicBaseUrl, readForm } from '../http/requests.ts';
import { listCourseOutlines } from '../courses/content.ts';
import { claimSubmission, reviewSubmission, waitingSubmissions } from './reviews.ts';
import { grantSupervision, listSupervisions, reassignTutor, setPaused, supervisionsOf, tutorsList, unsubscribe } from './supervision.ts';

/** Lesson and task titles, and review targets, from the content. */
async function courseFacts() {
  const outlines = await listCourseOutlines();
  const titles = new Map<string, string>();
  const reviewHours = new Map<string, number>();
  const tasks = new Map<string, { title: string; prompt: string; lesson: string }>();
  for (const outline of outlines) {
    titles.set(outline.course.id, outline.course.data.title);
    reviewHours.set(outline.course.id, outline.course.data.supervision.reviewHours);
    for (const lesson of outline.lessons) for (const task of lesson.data.tasks) tasks.set(`${outline.course.id}/${task.id}`, { title: task.title, prompt: task.prompt, lesson: lesson.data.title });
  }
  return { titles, reviewHours, tasks, slugs: outlines.map((o) => o.course.id), supervised: outlines.filter((o) => o.course.data.offers.some((x) => x.kind === 'supervised')) };
}

const key = (form: FormData) => ({ learnerId: String(form.get('learner') ?? ''), courseSlug: String(form.get('course') ?? ''), taskId: String(form.get('task') ?? '') });

/** /tutor: what waits, oldest first; claim and answer. */
export async function tutorPage(db: Db, user: SessionUser | null, request: Request) {
  let failed: { id: string; error: AppError; feedback: string } | undefined;
  if (request.method === 'POST') {
    const form = await readForm(request);
    const k = key(form);
    const outcome = await attempt(() => {
      if (form.get('intent') === 'claim') claimSubmission(db, user, k);
      else reviewSubmission(db, user, { ...k, version: Number(form.get('version') ?? 0), verdict: String(form.get('verdict') ?? ''), feedback: String(form.get('feedback') ?? '') }, publicBaseUrl());
      return `/tutor?notice=${form.get('intent') === 'claim' ? 'claimed' : 'answered'}`;
    });
    if (outcome.ok) return { redirect: outcome.result } as const;
    if (outcome.error.status === 401) throw outcome.error;
    failed = { id: `${k.learnerId}/${k.courseSlug}/${k.taskId}`, error: outcome.error, feedback: String(form.get('feedback') ?? '') };
  }
  const waiting = waitingSubmissions(db, user);
  const facts = await courseFacts();
  const now = Date.now();
  const items = waiting.map((s) => {
    const task = facts.tasks.get(`${s.courseSlug}/${s.taskId}`);
    const dueAt = new Date(s.submittedAt.getTime() + (facts.reviewHours.get(s.courseSlug) ?? 48) * 3_600_000);
    return { ...s, id: `${s.learnerId}/${s.courseSlug}/${s.taskId}`, courseTitle: facts.titles.get(s.courseSlug) ?? s.courseSlug, taskTitle: task?.title ?? s.taskId, prompt: task?.prompt ?? '', lessonTitle: task?.lesson ?? s.lessonSlug, waitedHours: Math.floor((now - s.submittedAt.getTime()) / 3_600_000), dueAt, late: dueAt.getTime() < now };
  });
  return { redirect: null, items, failed, status: failed?.error.status ?? 200 } as const;
}

/** /account/email-courses: the learner's supervised courses, pause, resume, stop the mails. */
export async function emailCoursesPage(db: Db, actor: SessionUser | null, request: Request) {
  const user = requireUser(actor);
  if (request.method === 'POST') {
    const form = await readForm(request);
    const course = String(form.get('course') ?? '');
    const intent = String(form.get('intent') ?? '');
    if (intent === 'pause' || intent === 'resume') setPaused(db, user, course, intent === 'pause');
    else if (intent === 'stop') {
      const own = supervisionsOf(db, user.id).find((s) => s.courseSlug === course);
      if (!own) throw new AppError(404, 'error.notFound');
      unsubscribe(db, own.unsubscribeToken);
    } else throw new AppError(400, 'error.invalid');
    return { redirect: `/account/email-courses?notice=${intent}` } as const;
  }
  const facts = await courseFacts();
  return { redirect: null, supervisions: supervisionsOf(db, user.id).map((s) => ({ ...s, title: facts.titles.get(s.courseSlug) ?? s.courseSlug })) } as const;
}

/** /email-course/unsubscribe?token=…: GET asks, POST (a person, or a mail provider's one-click request) stops the mails. */
export async function unsubscribePage(db: Db, request: Request, url: URL) {
  const token = url.searchParams.get('token') ?? '';
  // Unsubscribing twice, or with a link already used, ends the same way: no more mails from it.
  if (request.method === 'POST') {
    unsubscribe(db, token);
    return { done: true, token } as const;
  }
  return { done: false, token } as const;
}

/** /admin/tutoring: every supervised enrolment, reassign tutors, grant a supervised course. */
export async function adminTutoringPage(db: Db, user: SessionUser | null, request: Request) {
  const facts = await courseFacts();
  let failed: AppError | undefined;
  let values = { email: '', course: '', reason: '' };
  if (request.method === 'POST') {
    const form = await readForm(request);
    const outcome = await attempt(() => {
      if (form.get('intent') === 'reassign') reassignTutor(db, user, String(form.get('learner') ?? ''), String(form.get('course') ?? ''), String(form.get('tutor') ?? ''));
      else {
        values = { email: String(form.get('email') ?? ''), course: String(form.get('course') ?? ''), reason: String(form.get('reason') ?? '') };
        grantSupervision(db, user, values.email, values.course, facts.supervised.map((o) => o.course.id), values.reason);
      }
      return '/admin/tutoring?notice=saved';
    });
    if (outcome.ok) return { redirect: outcome.result } as const;
    failed = outcome.error;
  }
  return {
    redirect: null,
    rows: listSupervisions(db, user).map((row) => ({ ...row, title: facts.titles.get(row.supervision.courseSlug) ?? row.supervision.courseSlug })),
    tutors: tutorsList(db),
    courses: facts.supervised.map((o) => ({ slug: o.course.id, title: o.course.data.title, lessons: o.lessons.length + 1 })),
    failed,
    values,
    status: failed?.status ?? 200,
  } as const;
}

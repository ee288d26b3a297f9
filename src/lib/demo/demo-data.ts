/**
 * Demo data for local use: one account per role and a learner who is part-way through a course.
 * The passwords are for a local machine only; never run the seed against a real database.
 */
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { organisationMembers, taskResponses, users } from '../db/schema.ts';
import { createUser } from '../auth/accounts.ts';
import { enrol, saveTaskResponse, submitFinalAssessment } from '../progress/progress.ts';
import { gradeQuestions } from '../courses/task-answers.ts';
import type { QuizQuestion } from '../courses/schema.ts';
import { loadSessionUser } from '../auth/sessions.ts';
import { structureFromValidated } from '../courses/structure.ts';
import type { ValidatedCourse } from '../courses/validate.ts';
import type { Task } from '../courses/schema.ts';
import { evaluateTask } from '../courses/task-answers.ts';
import { createOrganisation } from '../orgs/organisations.ts';
import { adjustSeats, POOL_SEAT, useSeat } from '../orgs/seats.ts';
import { organisationBySlug, requireOrgAdmin } from '../orgs/access.ts';
import { assignCourse } from '../orgs/assignments.ts';
import { moderate, postComment } from '../discussions/comments.ts';
import { grantSupervision } from '../tutoring/supervision.ts';
import { reviewSubmission } from '../tutoring/reviews.ts';

export const DEMO_PASSWORD = 'demo-password-123';

export const DEMO_ACCOUNTS = [
  { name: 'Lea Learner', email: 'learner@example.com', roles: [] },
  { name: 'Greta Graduate', email: 'graduate@example.com', roles: [] },
  { name: 'Tom Tutor', email: 'tutor@example.com', roles: ['tutor'] },
  { name: 'Mia Moderator', email: 'moderator@example.com', roles: ['moderator'] },
  { name: 'Ada Admin', email: 'admin@example.com', roles: ['admin'] },
  { name: 'Olga Orgadmin', email: 'org-admin@example.com', roles: [] },
  { name: 'Sam Service', email: 'sam@example.com', roles: [] },
  { name: 'Kim Content', email: 'kim@example.com', roles: [] },
] as const;

/** The demo organisation's address: /org/<slug>. */
export const DEMO_ORG_NAME = 'Nordlicht Stadtwerke';

export function isEmpty(db: Db): boolean {
  return (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
}

/** Ticks the options of each question: the right ones, or one wrong one for the last `missed` questions. */
function answerQuestions(form: FormData, questions: QuizQuestion[], missed = 0): FormData {
  questions.forEach((q, n) => {
    const wrong = n >= questions.length - missed;
    const chosen = wrong ? [q.options.findIndex((o) => !o.correct)] : q.options.flatMap((o, i) => (o.correct ? [i] : []));
    for (const i of chosen) form.append(`q.${q.id}`, String(i));
  });
  return form;
}

/** A complete, valid answer to a task, as the form would send it (also used by tests). */
export function sampleAnswerForm(task: Task): FormData {
  const form = new FormData();
  form.set('task', task.id);
  if (task.kind === 'quiz') {
    answerQuestions(form, task.questions);
  } else if (task.kind === 'checklist') {
    task.items.forEach((_, i) => form.append('item', String(i)));
  } else {
    const words = Array.from({ length: (task.kind === 'reflection' ? task.minWords : 10) + 5 }, (_, i) => `thought${i}`).join(' ');
    form.set('text', `Demo answer: ${words}`);
    if (task.kind === 'practice') form.set('link', 'https://example.com/demo-work');
  }
  return form;
}

/** Answers to final-assessment questions as the form sends them: right, except for the last `missed` questions. */
export function finalAnswerForm(questions: QuizQuestion[], missed = 0): FormData {
  const form = new FormData();
  form.set('task', 'final-assessment');
  return answerQuestions(form, questions, missed);
}

/**
 * Creates the demo accounts. The learner is enrolled in the first free course with its first
 * lesson done; the graduate has finished it, passed the final assessment and holds a certificate.
 */
export async function seedDemoData(db: Db, validated: ValidatedCourse[]): Promise<void> {
  const ids: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    ids[account.email] = await createUser(db, { name: account.name, email: account.email, password: DEMO_PASSWORD, roles: [...account.roles] });
  }
  const source = validated.find((c) => c.meta.offers.some((o) => o.kind === 'free'));
  if (!source) return;
  seedDemoOrganisation(db, ids, validated);
  const course = structureFromValidated(source);
  const learner = loadSessionUser(db, ids['learner@example.com'])!;
  enrol(db, learner, course);
  const [first, second] = source.lessons;
  const tasks = (lesson: typeof first) => ('tasks' in lesson.meta ? lesson.meta.tasks : []);
  for (const task of tasks(first)) saveTaskResponse(db, learner, course, first.slug, evaluateTask(task, sampleAnswerForm(task)));
  if (second) {
    const [task] = tasks(second);
    saveTaskResponse(db, learner, course, second.slug, evaluateTask(task, sampleAnswerForm(task)));
  }

  const graduate = loadSessionUser(db, ids['graduate@example.com'])!;
  enrol(db, graduate, course);
  for (const lesson of source.lessons) for (const task of tasks(lesson)) saveTaskResponse(db, graduate, course, lesson.slug, evaluateTask(task, sampleAnswerForm(task)));
  const final = source.final.meta;
  saveTaskResponse(db, graduate, course, 'final', evaluateTask(final.closingTask, sampleAnswerForm(final.closingTask)));
  // One question missed, so the demo certificate shows a realistic score (all right if that would fail).
  let graded = gradeQuestions(final.assessment.questions, finalAnswerForm(final.assessment.questions, 1));
  if (graded.result.percent < course.certificate.passMark) graded = gradeQuestions(final.assessment.questions, finalAnswerForm(final.assessment.questions));
  submitFinalAssessment(db, graduate, course, graded.result, graded.answers);
  seedDemoDiscussion(db, ids, source.slug, first.slug);
  seedDemoSupervision(db, ids, validated);
}

/**
 * The learner takes a supervised course: the first lesson's work is saved, the tutor accepted the
 * reflection, and the practice task waits on /tutor (the e-mail course sends lesson 1 on start).
 */
function seedDemoSupervision(db: Db, ids: Record<string, string>, validated: ValidatedCourse[]): void {
  const source = validated.find((c) => c.meta.language === 'en' && c.meta.offers.some((o) => o.kind === 'supervised'));
  if (!source) return;
  const admin = loadSessionUser(db, ids['admin@example.com'])!;
  grantSupervision(db, admin, 'learner@example.com', source.slug, [source.slug], 'Demo: a supervised course for local use');
  const learner = loadSessionUser(db, ids['learner@example.com'])!;
  const course = structureFromValidated(source);
  const lesson = source.lessons[0];
  const tasks = 'tasks' in lesson.meta ? lesson.meta.tasks : [];
  for (const task of tasks) saveTaskResponse(db, learner, course, lesson.slug, evaluateTask(task, sampleAnswerForm(task)));
  const reflection = tasks.find((t) => t.kind === 'reflection');
  const response = reflection && db.select().from(taskResponses).where(and(eq(taskResponses.userId, learner.id), eq(taskResponses.courseSlug, source.slug), eq(taskResponses.taskId, reflection.id))).get();
  if (!reflection || !response) return;
  const tutor = loadSessionUser(db, ids['tutor@example.com'])!;
  reviewSubmission(db, tutor, { learnerId: learner.id, courseSlug: source.slug, taskId: reflection.id, version: Math.floor(response.updatedAt.getTime() / 1000), verdict: 'accepted', feedback: 'Clear and honest. Next step: name **one** channel you would drop first, and why.' }, 'http://localhost:4321');
}

/**
 * A discussion under the free course's first lesson: one approved comment, a reply and a new
 * comment that wait for the demo moderator (so /moderate has something to do).
 */
function seedDemoDiscussion(db: Db, ids: Record<string, string>, courseSlug: string, lessonSlug: string): void {
  const place = { courseSlug, lessonSlug, canComment: true };
  const learner = loadSessionUser(db, ids['learner@example.com'])!;
  const graduate = loadSessionUser(db, ids['graduate@example.com'])!;
  const moderator = loadSessionUser(db, ids['moderator@example.com'])!;
  const now = Date.now();
  const first = postComment(db, learner, place, { body: 'Our team posts on four networks but only **two** bring inquiries. Is it fine to pause the other two for a quarter and measure what changes?' }, new Date(now - 3 * 3600_000));
  moderate(db, moderator, first, { kind: 'approve' }, 'http://localhost:4321', new Date(now - 2 * 3600_000));
  postComment(db, graduate, place, { body: 'We did exactly that with our Facebook page. Tell your audience where to find you instead, and write down the baseline first: reach, inquiries and visits from each network.', parentId: first }, new Date(now - 3600_000));
  postComment(db, graduate, place, { body: 'A tip for the task: the editorial plan got much easier once we fixed two posting slots per week and filled them first.' }, new Date(now - 1800_000));
}

/**
 * A demo organisation run by org-admin@example.com: ten pool seats (a platform adjustment, no
 * payment), five members in two teams using five of them, the free course assigned to everyone
 * with a due date, and a customer-care course assigned to the customer-care team. The graduate's
 * completion shows up as "strong" in the coverage map; the rest is gaps to act on.
 */
export function seedDemoOrganisation(db: Db, ids: Record<string, string>, validated: ValidatedCourse[], now = new Date()): string {
  const orgAdmin = loadSessionUser(db, ids['org-admin@example.com'])!;
  const slug = createOrganisation(db, orgAdmin, { name: DEMO_ORG_NAME, note: 'Two hours a week inside working hours, Tuesday mornings; tell your team lead when you take them.' });
  const org = organisationBySlug(db, slug)!;
  adjustSeats(db, loadSessionUser(db, ids['admin@example.com']), org.id, POOL_SEAT, 10, 'Demo seats for local use');
  const members: [string, string][] = [
    ['org-admin@example.com', 'Communications'],
    ['learner@example.com', 'Communications'],
    ['graduate@example.com', 'Communications'],
    ['sam@example.com', 'Customer care'],
    ['kim@example.com', 'Customer care'],
  ];
  db.transaction((tx) => {
    for (const [email, team] of members) {
      tx.insert(organisationMembers).values({ organisationId: org.id, userId: ids[email], role: email === 'org-admin@example.com' ? 'admin' : 'member', team }).onConflictDoUpdate({ target: [organisationMembers.organisationId, organisationMembers.userId], set: { team } }).run();
      useSeat(tx, org.id, POOL_SEAT, ids[email], orgAdmin.id);
    }
  });
  const access = requireOrgAdmin(db, orgAdmin, slug);
  const slugs = validated.map((c) => c.slug);
  const due = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const free = validated.find((c) => c.meta.offers.some((o) => o.kind === 'free'));
  if (free) assignCourse(db, access, { courseSlug: free.slug, target: 'everyone', due: due(21), offsets: '7, 1, -1' }, slugs, now);
  const care = validated.find((c) => c.meta.language === 'en' && c.meta.specializations.includes('social-customer-care'));
  if (care) assignCourse(db, access, { courseSlug: care.slug, target: 'team:Customer care', due: due(45), offsets: '14, 3' }, slugs, now);
  return slug;
}

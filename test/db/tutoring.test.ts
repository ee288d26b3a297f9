/**
 * Supervised courses on a real database: tutors by round robin; practice and reflection work
 * counts as done only once accepted; tutors see and answer only their own learners' work; claims
 * and newer versions are respected; the e-mail course clock sends each lesson once, after its
 * interval, and stops on pause, unsubscribe, completion and lost access.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { person, refusal } from '../support/people.ts';
import { freshDb, freshDbPath } from '../support/db.ts';
import { queuedMails } from '../support/mail.ts';
import { shippedCourses } from '../support/content.ts';
import type { SessionUser } from '../../src/lib/auth/sessions.ts';
import { createDb, type Db } from '../../src/lib/db/client.ts';
import { accessGrants, courseCompletions, orders, supervisedEnrolments, taskResponses } from '../../src/lib/db/schema.ts';
import { fulfil } from '../../src/lib/commerce/fulfil.ts';
import { structureFromValidated, type CourseStructure } from '../../src/lib/courses/structure.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';
import { evaluateTask } from '../../src/lib/courses/task-answers.ts';
import { sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import { saveTaskResponse } from '../../src/lib/progress/progress.ts';
import { lessonState } from '../../src/lib/progress/lesson-actions.ts';
import { progressOf } from '../../src/lib/progress/summary.ts';
import { grantSupervision, setPaused, supervisionsOf, unsubscribe } from '../../src/lib/tutoring/supervision.ts';
import { claimSubmission, queueTutorDigests, reviewSubmission, waitingSubmissions } from '../../src/lib/tutoring/reviews.ts';
import { processEmailCourses, type EmailCourse } from '../../src/lib/tutoring/email-course.ts';

let source: ValidatedCourse;
let course: CourseStructure;
let emailCourses: Map<string, EmailCourse>;
const DAY = 86_400_000;

beforeAll(async () => {
  source = (await shippedCourses()).find((c) => c.meta.language === 'en' && c.meta.offers.some((o) => o.kind === 'supervised'))!;
  course = structureFromValidated(source);
  emailCourses = new Map([[source.slug, { structure: course, title: source.meta.title, intervalDays: source.meta.supervision.lessonIntervalDays, lessons: [...source.lessons, source.final].map((l) => ({ slug: l.slug, title: l.meta.title, summary: l.meta.summary })) }]]);
});


async function setup(db: Db) {
  const admin = await person(db, 'Admin', ['admin']);
  const [tutorA, tutorB] = [await person(db, 'TutorA', ['tutor']), await person(db, 'TutorB', ['tutor'])];
  const [one, two] = [await person(db, 'One'), await person(db, 'Two')];
  grantSupervision(db, admin, one.email, source.slug, [source.slug], 'test');
  grantSupervision(db, admin, two.email, source.slug, [source.slug], 'test');
  const tutorOf = (learner: SessionUser) => db.select().from(supervisedEnrolments).where(eq(supervisedEnrolments.userId, learner.id)).get()!.tutorId;
  return { admin, tutorA, tutorB, one, two, tutorOf };
}

function saveLesson(db: Db, learner: SessionUser, lessonIndex = 0) {
  const lesson = source.lessons[lessonIndex];
  const tasks = 'tasks' in lesson.meta ? lesson.meta.tasks : [];
  for (const task of tasks) saveTaskResponse(db, learner, course, lesson.slug, evaluateTask(task, sampleAnswerForm(task)));
  return { lesson, practice: tasks.find((t) => t.kind === 'practice' || t.kind === 'reflection')! };
}

const version = (db: Db, learner: SessionUser, taskId: string) =>
  Math.floor(db.select().from(taskResponses).where(and(eq(taskResponses.userId, learner.id), eq(taskResponses.taskId, taskId))).get()!.updatedAt.getTime() / 1000);

describe('tutor reviews', () => {
  it('assign tutors in turn, and let each see and answer only their own learners', async () => {
    const db = freshDb();
    const { tutorA, tutorB, one, two, tutorOf } = await setup(db);
    expect(new Set([tutorOf(one), tutorOf(two)])).toEqual(new Set([tutorA.id, tutorB.id]));
    saveLesson(db, one);
    saveLesson(db, two);
    const [ofOne, ofTwo] = [tutorOf(one) === tutorA.id ? tutorA : tutorB, tutorOf(two) === tutorA.id ? tutorA : tutorB];
    expect(new Set(waitingSubmissions(db, ofOne).map((s) => s.learnerId))).toEqual(new Set([one.id]));
    expect(new Set(waitingSubmissions(db, ofTwo).map((s) => s.learnerId))).toEqual(new Set([two.id]));
    const foreign = waitingSubmissions(db, ofTwo)[0];
    expect(refusal(() => reviewSubmission(db, ofOne, { ...foreign, version: foreign.version, verdict: 'accepted', feedback: 'Looks good to me.' }, 'http://site.test'))).toBe('404 tutoring.unknownSubmission');
    expect(refusal(() => waitingSubmissions(db, one))).toBe('403 error.forbidden');
    expect(refusal(() => waitingSubmissions(db, null))).toBe('401 error.signInRequired');
  });

  it('count supervised work as done only once accepted, with the feedback on the lesson and in a mail', async () => {
    const db = freshDb();
    const { one, tutorA, tutorB, tutorOf, admin } = await setup(db);
    const tutor = tutorOf(one) === tutorA.id ? tutorA : tutorB;
    const { lesson, practice } = saveLesson(db, one);
    const doneBefore = progressOf(db, one.id, course).lessons[0].done;
    expect(doneBefore).toBeLessThan(4);
    const key = { learnerId: one.id, courseSlug: source.slug, taskId: practice.id };
    claimSubmission(db, tutor, key);
    // Someone else (an admin sees every queue) cannot answer while the tutor holds it.
    expect(refusal(() => reviewSubmission(db, admin, { ...key, version: version(db, one, practice.id), verdict: 'accepted', feedback: 'Fine by me, thanks.' }, 'http://site.test'))).toBe('409 tutoring.claimedByOther');
    expect(refusal(() => reviewSubmission(db, tutor, { ...key, version: version(db, one, practice.id) - 5, verdict: 'accepted', feedback: 'An old version.' }, 'http://site.test'))).toBe('409 tutoring.changedMeanwhile');
    reviewSubmission(db, tutor, { ...key, version: version(db, one, practice.id), verdict: 'needs-revision', feedback: 'Add <script>x</script> **one** concrete example.' }, 'http://site.test');
    expect(progressOf(db, one.id, course).lessons[0].done).toBe(doneBefore);
    let stored = lessonState(db, one, course, lesson.slug).stored[practice.id];
    expect(stored.review).toMatchObject({ verdict: 'needs-revision' });
    expect(stored.review!.feedbackHtml).toContain('<strong>one</strong>');
    expect(stored.review!.feedbackHtml).not.toContain('<script>');
    expect(stored.awaitingReview).toBe(false);
    expect(queuedMails(db, one.email)[0]).toMatchObject({ kind: 'review' });
    // The learner revises: the new version waits again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    saveTaskResponse(db, one, course, lesson.slug, evaluateTask(practice, sampleAnswerForm(practice)));
    expect(lessonState(db, one, course, lesson.slug).stored[practice.id].awaitingReview).toBe(true);
    expect(waitingSubmissions(db, tutor).some((s) => s.taskId === practice.id)).toBe(true);
    reviewSubmission(db, tutor, { ...key, version: version(db, one, practice.id), verdict: 'accepted', feedback: 'Much better, accepted.' }, 'http://site.test');
    expect(progressOf(db, one.id, course).lessons[0].done).toBe(doneBefore + 1);
    stored = lessonState(db, one, course, lesson.slug).stored[practice.id];
    expect([stored.done, stored.review?.verdict, stored.awaitingReview]).toEqual([true, 'accepted', false]);
    expect(waitingSubmissions(db, tutor).some((s) => s.taskId === practice.id)).toBe(false);
  });

  it('show feedback only to the learner it is for', async () => {
    const db = freshDb();
    const { one, two, tutorA, tutorB, tutorOf } = await setup(db);
    const { lesson, practice } = saveLesson(db, one);
    saveLesson(db, two);
    const tutor = tutorOf(one) === tutorA.id ? tutorA : tutorB;
    reviewSubmission(db, tutor, { learnerId: one.id, courseSlug: source.slug, taskId: practice.id, version: version(db, one, practice.id), verdict: 'accepted', feedback: 'Only for learner one.' }, 'http://site.test');
    expect(lessonState(db, one, course, lesson.slug).stored[practice.id].review?.feedbackHtml).toContain('Only for learner one.');
    expect(lessonState(db, two, course, lesson.slug).stored[practice.id].review).toBeUndefined();
    expect(queuedMails(db, two.email).filter((m) => m.kind === 'review')).toHaveLength(0);
  });

  it('start when a supervised course is paid for', async () => {
    const db = freshDb();
    await person(db, 'Tutor', ['tutor']);
    const buyer = await person(db, 'Buyer');
    db.insert(orders).values({ id: 'order-supervised', userId: buyer.id, email: buyer.email, kind: 'supervised', offerId: source.slug, courseSlug: source.slug, unitAmount: 14900, mode: 'test', consentAt: new Date(), consentVersion: 'v', purchaseKey: 'k', checkoutSessionId: 'cs_test_local_supervised' }).run();
    await fulfil(db, 'cs_test_local_supervised', { testPaid: true });
    await fulfil(db, 'cs_test_local_supervised', { testPaid: true });
    const rows = supervisionsOf(db, buyer.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orderId: 'order-supervised', status: 'active' });
    expect(rows[0].tutorId).not.toBeNull();
  });

  it('send each tutor one digest a day about waiting work', async () => {
    const db = freshDb();
    const { one } = await setup(db);
    saveLesson(db, one);
    const now = new Date();
    expect(queueTutorDigests(db, 'http://site.test', now)).toBe(1);
    expect(queueTutorDigests(db, 'http://site.test', new Date(now.getTime() + 3_600_000 * 0.5))).toBe(0);
  });
});

describe('the e-mail course clock', () => {
  it('mails lesson 1 at once and lesson 2 only after the interval, each once, even with two workers', async () => {
    const file = freshDbPath();
    const db = createDb(file, { migrate: false });
    const { one } = await setup(db);
    const other = createDb(file, { migrate: false });
    const t0 = new Date();
    const runs = [processEmailCourses(db, emailCourses, 'http://site.test', t0), processEmailCourses(other, emailCourses, 'http://site.test', t0)];
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(2);
    const lessonMails = () => queuedMails(db, one.email).filter((m) => m.kind === 'email-course-lesson');
    expect(lessonMails()).toHaveLength(1);
    expect(lessonMails()[0].headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const interval = source.meta.supervision.lessonIntervalDays * DAY;
    processEmailCourses(db, emailCourses, 'http://site.test', new Date(t0.getTime() + interval - 60_000));
    expect(lessonMails()).toHaveLength(1);
    processEmailCourses(db, emailCourses, 'http://site.test', new Date(t0.getTime() + interval + 60_000));
    expect(lessonMails()).toHaveLength(2);
    expect(lessonMails()[0].subject).toContain(source.lessons[1].meta.title);
  });

  it('waits while paused (resuming shifts the clock) and stops on unsubscribe, completion and lost access', async () => {
    const db = freshDb();
    const { one, two, admin } = await setup(db);
    const t0 = new Date();
    processEmailCourses(db, emailCourses, 'http://site.test', t0);
    const interval = source.meta.supervision.lessonIntervalDays * DAY;
    setPaused(db, one, source.slug, true, new Date(t0.getTime() + DAY / 2));
    processEmailCourses(db, emailCourses, 'http://site.test', new Date(t0.getTime() + interval + 60_000));
    expect(supervisionsOf(db, one.id)[0]).toMatchObject({ status: 'paused', lessonsSent: 1 });
    setPaused(db, one, source.slug, false, new Date(t0.getTime() + 5 * DAY));
    const next = supervisionsOf(db, one.id)[0].nextLessonAt!.getTime();
    expect(Math.round((next - t0.getTime()) / 60_000)).toBe(Math.round((interval + 4.5 * DAY) / 60_000));
    expect(unsubscribe(db, supervisionsOf(db, one.id)[0].unsubscribeToken)).toBe(true);
    expect(supervisionsOf(db, one.id)[0]).toMatchObject({ status: 'stopped', stopReason: 'unsubscribed' });
    // Completion stops it; so does losing access (a refund, a withdrawn grant).
    const three = await person(db, 'Three');
    grantSupervision(db, admin, three.email, source.slug, [source.slug], 'test');
    db.insert(courseCompletions).values({ userId: two.id, courseSlug: source.slug, courseVersion: 1, finalPercent: 90, completedAt: t0 }).run();
    db.delete(accessGrants).where(eq(accessGrants.userId, three.id)).run();
    const later = new Date(t0.getTime() + 30 * DAY);
    expect(processEmailCourses(db, emailCourses, 'http://site.test', later)).toEqual({ sent: 0, stopped: 2 });
    expect([supervisionsOf(db, two.id)[0].stopReason, supervisionsOf(db, three.id)[0].stopReason]).toEqual(['completed', 'access-ended']);
    expect(refusal(() => setPaused(db, two, source.slug, true))).toBe('409 tutoring.stopped');
  });
});

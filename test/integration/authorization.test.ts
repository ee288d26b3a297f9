/**
 * Every protected route refuses every role that must be refused and allows the ones that may,
 * over HTTP against the built server. Roles: anonymous, signed up but unverified, verified
 * learner (enrolled or not, with or without access), tutor, moderator, admin.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shippedCourses } from '../support/content.ts';
import { tasksOf } from '../support/journey.ts';
import { extractPdfText } from '../support/pdf.ts';
import { Client, newVerifiedLearner, uniqueEmail, type Page } from '../support/http.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';
import { sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import { createDb } from '../../src/lib/db/client.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

const FREE = 'social-media-strategy';
let free: ValidatedCourse;
let paid: ValidatedCourse;
let admin: Client;


beforeAll(async () => {
  const courses = await shippedCourses();
  free = courses.find((c) => c.slug === FREE)!;
  expect(free.meta.offers.some((o) => o.kind === 'free')).toBe(true);
  const paidCourses = courses.filter((c) => !c.meta.offers.some((o) => o.kind === 'free'));
  expect(paidCourses.length).toBeGreaterThan(0);
  paid = paidCourses[0];
  admin = new Client();
  await admin.signIn(TEST_ACCOUNTS.admin, TEST_PASSWORD);
});

/** Asserts a redirect to the sign-in page that returns to `next` afterwards. */
function expectSignInRedirect(page: Page, next: string) {
  expect([302, 303]).toContain(page.status);
  expect(page.location).toBeTruthy();
  const target = new URL(page.location!, 'http://site.invalid');
  expect(target.pathname).toBe('/sign-in');
  expect(target.searchParams.get('next')).toBe(next);
}

async function signedIn(email: string): Promise<Client> {
  const client = new Client();
  await client.signIn(email, TEST_PASSWORD);
  return client;
}

/** A signed-up account whose e-mail address is not confirmed yet. */
async function unverifiedLearner(): Promise<{ client: Client; email: string }> {
  const client = new Client();
  const email = uniqueEmail('unverified');
  const page = await client.post('/sign-up', [['name', 'Unverified Learner'], ['email', email], ['password', 'a-long-password-1']]);
  expect(page.status).toBe(303);
  await client.signIn(email, 'a-long-password-1');
  return { client, email };
}

async function exportOf(client: Client) {
  const page = await client.get('/account/export.json');
  expect(page.status).toBe(200);
  return { page, data: JSON.parse(page.html) as { account: { id: string; email: string; name: string }; roles: string[]; taskResponses: { answer: unknown }[] } };
}

async function userIdOf(client: Client): Promise<string> {
  return (await exportOf(client)).data.account.id;
}

/** The `<section class="task" id="task-…">` of one task on a lesson page. */
function taskSection(html: string, taskId: string): string {
  const start = html.indexOf(`<section class="task" id="task-${taskId}"`);
  if (start < 0) throw new Error(`no task ${taskId} on the page`);
  return html.slice(start, html.indexOf('</section>', start));
}

function dbQuery<T>(sql: string, ...params: unknown[]): T {
  const db = createDb(inject('dbPath'), { migrate: false });
  try {
    return db.$client.prepare(sql).get(...params) as T;
  } finally {
    db.$client.close();
  }
}

const storedAnswersOf = (email: string) =>
  dbQuery<{ n: number }>('select count(*) as n from task_responses r join users u on u.id = r.user_id where u.email = ?', email).n;
const allStoredAnswers = () => dbQuery<{ n: number }>('select count(*) as n from task_responses').n;

describe('signed-in pages', () => {
  it('sends anonymous readers of /dashboard and /account to sign-in, and shows them to a learner', async () => {
    const anonymous = new Client();
    expectSignInRedirect(await anonymous.get('/dashboard'), '/dashboard');
    expectSignInRedirect(await anonymous.get('/account'), '/account');

    const { client, email } = await newVerifiedLearner('Dash Learner');
    const dashboard = await client.get('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain('<h1>My learning</h1>');
    expect(dashboard.html).toContain('You are not enrolled in a course yet.');
    const account = await client.get('/account');
    expect(account.status).toBe(200);
    expect(account.html).toContain(`value="${email}"`);
    expect(account.html).toContain('value="Dash Learner"');
  });

  it('answers an anonymous data export with 401 and gives a learner only their own data', async () => {
    const anonymous = await new Client().get('/account/export.json');
    expect(anonymous.status).toBe(401);
    expect(anonymous.html).not.toContain('@test.example');

    // Learner A has an answer stored; B's export must carry none of A's data.
    const a = await newVerifiedLearner('Export Alice');
    expect((await a.client.post(`/courses/${FREE}/enrol`, [])).status).toBe(303);
    const lesson = free.lessons[0];
    const reflection = tasksOf(lesson).find((t) => t.kind === 'reflection')!;
    const answer = sampleAnswerForm(reflection);
    answer.set('text', `${answer.get('text')} alice-export-marker`);
    expect((await a.client.post(`/courses/${FREE}/${lesson.slug}`, answer)).status).toBe(303);
    const aExport = await exportOf(a.client);
    expect(aExport.page.html).toContain('alice-export-marker');

    const b = await newVerifiedLearner('Export Bob');
    const { page, data } = await exportOf(b.client);
    expect(page.headers.get('content-type')).toMatch(/^application\/json/);
    expect(data.account.email).toBe(b.email);
    expect(data.account.name).toBe('Export Bob');
    expect(page.html).not.toContain(a.email);
    expect(page.html).not.toContain(aExport.data.account.id);
    expect(page.html).not.toContain('Export Alice');
    expect(page.html).not.toContain('alice-export-marker');
    expect(data.taskResponses).toEqual([]);
  });
});

describe('active sessions', () => {
  it('lists a learner\'s sessions on /account; only the owner can sign one out, anonymous readers are refused', async () => {
    const { client: laptop, email } = await newVerifiedLearner('Session Sara');
    const phone = new Client();
    await phone.signIn(email, 'a-long-password-1');
    const account = await laptop.get('/account');
    expect(account.status).toBe(200);
    const ids = [...account.html.matchAll(/name="session" value="([0-9a-f]{64})"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(1); // the phone's; this browser has no sign-out button of its own
    expect(account.html).not.toContain(laptop.cookies.get('session'));

    const anonymous = await new Client().post('/account/sessions', [['session', ids[0]]]);
    expect(anonymous.status).toBe(303);
    expect(new URL(anonymous.location!, 'http://site.invalid').pathname).toBe('/sign-in');
    const stranger = await newVerifiedLearner('Session Stranger');
    expect((await stranger.client.post('/account/sessions', [['session', ids[0]]])).status).toBe(303);
    expect((await phone.get('/account')).status).toBe(200);
    expect((await laptop.post('/account/sessions', [['session', 'not-a-session']])).status).toBe(400);

    expect((await laptop.post('/account/sessions', [['session', ids[0]]])).status).toBe(303);
    expectSignInRedirect(await phone.get('/account'), '/account');
    expect((await laptop.get('/account')).status).toBe(200);
  });
});

describe('/admin/users', () => {
  it('sends anonymous readers to sign-in, refuses learner, tutor and moderator with 403, and opens for admins', async () => {
    expectSignInRedirect(await new Client().get('/admin/users'), '/admin/users');

    const { client: learner } = await newVerifiedLearner();
    const refused = [learner, await signedIn(TEST_ACCOUNTS.tutor), await signedIn(TEST_ACCOUNTS.moderator)];
    for (const client of refused) {
      const page = await client.get('/admin/users');
      expect(page.status).toBe(403);
      expect(page.html).toContain('You do not have access to this page.');
      // The refused page lists nobody.
      expect(page.html).not.toContain(TEST_ACCOUNTS.admin);
      expect(page.html).not.toContain('name="intent"');
    }

    const page = await admin.get('/admin/users');
    expect(page.status).toBe(200);
    expect(page.html).toContain(TEST_ACCOUNTS.tutor);
    expect(page.html).toContain('name="intent" value="roles"');
  });

  it('lets only admins grant roles', async () => {
    const target = await newVerifiedLearner('Role Target');
    const targetId = await userIdOf(target.client);
    const roleForm = (userId: string): [string, string][] => [['intent', 'roles'], ['userId', userId], ['role', 'admin']];

    // Anonymous: sent to sign in, nothing changes.
    expectSignInRedirect(await new Client().post('/admin/users', roleForm(targetId)), '/admin/users');

    const { client: learner } = await newVerifiedLearner();
    const learnerId = await userIdOf(learner);
    const attackers = [learner, await signedIn(TEST_ACCOUNTS.tutor), await signedIn(TEST_ACCOUNTS.moderator)];
    for (const attacker of attackers) {
      const page = await attacker.post('/admin/users', roleForm(targetId));
      expect(page.status).toBe(403);
      expect(page.location).toBeNull();
    }
    // Nor can a learner make themselves admin.
    expect((await learner.post('/admin/users', roleForm(learnerId))).status).toBe(403);
    expect((await learner.get('/admin/users')).status).toBe(403);
    expect((await exportOf(learner)).data.roles).toEqual([]);

    expect((await target.client.get('/admin/users')).status).toBe(403);
    expect((await exportOf(target.client)).data.roles).toEqual([]);

    const granted = await admin.post('/admin/users', roleForm(targetId));
    expect(granted.status).toBe(303);
    expect(granted.location).toBe('/admin/users?notice=saved');
    expect((await target.client.get('/admin/users')).status).toBe(200);
    expect((await exportOf(target.client)).data.roles).toEqual(['admin']);
  });
  it('answers an admin’s change for an account that does not exist with a client error, not a server error', async () => {
    const forms: [string, string][][] = [
      [['intent', 'roles'], ['userId', 'no-such-user'], ['role', 'tutor']],
      [['intent', 'access'], ['userId', 'no-such-user'], ['course', paid.slug], ['reason', 'integration test']],
    ];
    const statuses = [];
    for (const form of forms) statuses.push((await admin.post('/admin/users', form)).status);
    expect(statuses.map((status) => status >= 400 && status < 500)).toEqual([true, true]);
    // The admin page still works afterwards.
    expect((await admin.get('/admin/users')).status).toBe(200);
  });
});

describe('enrolment', () => {
  it('sends anonymous readers to sign-in, refuses unverified accounts and enrols verified learners in the free course', async () => {
    const anonymous = await new Client().post(`/courses/${FREE}/enrol`, []);
    expectSignInRedirect(anonymous, `/courses/${FREE}`);

    const unverified = await unverifiedLearner();
    const refused = await unverified.client.post(`/courses/${FREE}/enrol`, []);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Please confirm your e-mail address first.');
    expect((await unverified.client.get(`/courses/${FREE}`)).html).not.toContain('<progress');
    expect((await unverified.client.get('/dashboard')).html).not.toContain('<progress');

    const { client } = await newVerifiedLearner();
    expect((await client.get(`/courses/${FREE}`)).html).not.toContain('<progress');
    const enrolled = await client.post(`/courses/${FREE}/enrol`, []);
    expect(enrolled.status).toBe(303);
    expect(enrolled.location).toBe(`/courses/${FREE}?notice=enrolled`);
    const overview = await client.get(enrolled.location!);
    expect(overview.html).toMatch(/<progress max="100" value="0"/);
    expect(overview.html).toContain('You are enrolled.');
    expect(overview.html).not.toContain(`action="/courses/${FREE}/enrol"`);
    expect((await client.get('/dashboard')).html).toMatch(/<progress max="100" value="0"/);
  });

  it('keeps paid lessons closed until an admin gives access, and only an admin can give it', async () => {
    const [first, second] = paid.lessons;
    const anonymous = new Client();
    expect((await anonymous.get(`/courses/${paid.slug}/${first.slug}`)).status).toBe(200);
    const closed = await anonymous.get(`/courses/${paid.slug}/${second.slug}`);
    expect(closed.status).toBe(403);
    // Nothing of the lesson's tasks is sent with the refusal.
    expect(closed.html).not.toContain('name="task"');
    expect((await anonymous.get(`/courses/${paid.slug}/final`)).status).toBe(403);

    const { client } = await newVerifiedLearner();
    const userId = await userIdOf(client);
    const refused = await client.post(`/courses/${paid.slug}/enrol`, []);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('You do not have access to this course yet.');
    expect((await client.get(`/courses/${paid.slug}/${second.slug}`)).status).toBe(403);

    const accessForm: [string, string][] = [['intent', 'access'], ['userId', userId], ['course', paid.slug], ['reason', 'integration test']];
    // A learner, tutor or moderator cannot give access, not even to themselves.
    for (const attacker of [client, await signedIn(TEST_ACCOUNTS.tutor), await signedIn(TEST_ACCOUNTS.moderator)]) {
      expect((await attacker.post('/admin/users', accessForm)).status).toBe(403);
    }
    expect((await client.post(`/courses/${paid.slug}/enrol`, [])).status).toBe(403);
    expect((await client.get(`/courses/${paid.slug}/${second.slug}`)).status).toBe(403);

    // An admin must give a reason.
    const noReason = await admin.post('/admin/users', [['intent', 'access'], ['userId', userId], ['course', paid.slug], ['reason', ' ']]);
    expect(noReason.status).toBe(422);
    expect((await client.post(`/courses/${paid.slug}/enrol`, [])).status).toBe(403);

    const granted = await admin.post('/admin/users', accessForm);
    expect(granted.status).toBe(303);
    const enrolled = await client.post(`/courses/${paid.slug}/enrol`, []);
    expect(enrolled.status).toBe(303);
    expect(enrolled.location).toBe(`/courses/${paid.slug}?notice=enrolled`);
    const open = await client.get(`/courses/${paid.slug}/${second.slug}`);
    expect(open.status).toBe(200);
    expect(open.html).toContain(`name="task" value="${tasksOf(second)[0].id}"`);
    // The final lesson stays closed until every lesson is complete (admins may always look).
    expect((await client.get(`/courses/${paid.slug}/final`)).status).toBe(403);
    expect((await admin.get(`/courses/${paid.slug}/final`)).status).toBe(200);
  });
});

describe('lesson tasks', () => {
  it('stores an answer only for a learner enrolled in the course', async () => {
    const lesson = free.lessons[0];
    const task = tasksOf(lesson).find((t) => t.kind === 'checklist') ?? tasksOf(lesson)[0];
    const path = `/courses/${FREE}/${lesson.slug}`;

    const before = allStoredAnswers();
    const anonymous = await new Client().post(path, sampleAnswerForm(task));
    expect(anonymous.status).toBe(401);
    expect(anonymous.html).toContain('Sign in or create an account to enrol');
    expect(anonymous.html).not.toContain('Saved. Your progress is updated.');
    expect(allStoredAnswers()).toBe(before);

    const unverified = await unverifiedLearner();
    const unverifiedPost = await unverified.client.post(path, sampleAnswerForm(task));
    expect(unverifiedPost.status).toBe(403);
    expect(storedAnswersOf(unverified.email)).toBe(0);

    const { client, email } = await newVerifiedLearner();
    const notEnrolled = await client.post(path, sampleAnswerForm(task));
    expect(notEnrolled.status).toBe(403);
    expect(notEnrolled.html).toContain('Enrol in this course to save your answers.');
    expect(storedAnswersOf(email)).toBe(0);
    expect(taskSection((await client.get(path)).html, task.id)).not.toContain('✓ Done');

    expect((await client.post(`/courses/${FREE}/enrol`, [])).status).toBe(303);
    expect(taskSection((await client.get(path)).html, task.id)).not.toContain('✓ Done');
    const saved = await client.answer(path, sampleAnswerForm(task));
    expect([saved.postStatus, saved.status]).toEqual([303, 200]);
    expect(saved.html).toContain('Saved. Your progress is updated.');
    expect(storedAnswersOf(email)).toBe(1);
    const after = await client.get(path);
    expect(taskSection(after.html, task.id)).toContain('✓ Done');
    // Only the task that was sent is done.
    for (const other of tasksOf(lesson).filter((t) => t.id !== task.id)) expect(taskSection(after.html, other.id)).not.toContain('✓ Done');
  });

  it('refuses task answers for paid lessons without access, before evaluating them', async () => {
    const second = paid.lessons[1];
    const task = tasksOf(second)[0];
    const { client, email } = await newVerifiedLearner();
    for (const reader of [new Client(), client]) {
      const page = await reader.post(`/courses/${paid.slug}/${second.slug}`, sampleAnswerForm(task));
      expect(page.status).toBe(403);
      expect(page.html).not.toContain('Saved. Your progress is updated.');
      expect(page.html).not.toContain(`id="task-${task.id}"`);
    }
    expect(storedAnswersOf(email)).toBe(0);
  });

  it('never shows or exports one learner’s answers to another, and one learner cannot change another’s', async () => {
    const lesson = free.lessons[0];
    const reflection = tasksOf(lesson).find((t) => t.kind === 'reflection')!;
    const path = `/courses/${FREE}/${lesson.slug}`;
    const withMarker = (marker: string) => {
      const form = sampleAnswerForm(reflection);
      form.set('text', `${form.get('text')} ${marker}`);
      return form;
    };
    const aliceMarker = `alice-secret-${Date.now()}`;
    const bobMarker = `bob-words-${Date.now()}`;

    const alice = await newVerifiedLearner('Alice Answers');
    const aliceId = await userIdOf(alice.client);
    expect((await alice.client.post(`/courses/${FREE}/enrol`, [])).status).toBe(303);
    expect((await alice.client.post(path, withMarker(aliceMarker))).status).toBe(303);
    expect((await alice.client.get(path)).html).toContain(`${aliceMarker}</textarea>`);

    const bob = await newVerifiedLearner('Bob Answers');
    expect((await bob.client.post(`/courses/${FREE}/enrol`, [])).status).toBe(303);
    const bobView = await bob.client.get(path);
    expect(bobView.status).toBe(200);
    expect(bobView.html).not.toContain(aliceMarker);
    expect(taskSection(bobView.html, reflection.id)).not.toContain('✓ Done');
    expect((await exportOf(bob.client)).page.html).not.toContain(aliceMarker);

    // Bob sends the same task, naming Alice's account in extra fields: only Bob's answer changes.
    const forged = withMarker(bobMarker);
    forged.set('userId', aliceId);
    forged.set('user', aliceId);
    expect((await bob.client.post(path, forged)).status).toBe(303);
    const aliceAfter = await alice.client.get(path);
    expect(aliceAfter.html).toContain(`${aliceMarker}</textarea>`);
    expect(aliceAfter.html).not.toContain(bobMarker);
    const bobAfter = await bob.client.get(path);
    expect(bobAfter.html).toContain(`${bobMarker}</textarea>`);
    expect(bobAfter.html).not.toContain(aliceMarker);
    const aliceExport = await exportOf(alice.client);
    expect(aliceExport.page.html).toContain(aliceMarker);
    expect(aliceExport.page.html).not.toContain(bobMarker);
  });
});

describe('/admin/certificates', () => {
  it('sends anonymous readers to sign-in, refuses learner, tutor and moderator with 403 (listing nothing), and opens for admins', async () => {
    expectSignInRedirect(await new Client().get('/admin/certificates'), '/admin/certificates');
    expectSignInRedirect(await new Client().post('/admin/certificates', [['certificateId', 'x'], ['reason', 'no right to do this']]), '/admin/certificates');
    const { client: learner } = await newVerifiedLearner();
    for (const client of [learner, await signedIn(TEST_ACCOUNTS.tutor), await signedIn(TEST_ACCOUNTS.moderator)]) {
      const page = await client.get('/admin/certificates');
      expect(page.status).toBe(403);
      expect(page.html).toContain('You do not have access to this page.');
      expect(page.html).not.toContain('name="certificateId"');
      expect((await client.post('/admin/certificates', [['certificateId', 'x'], ['reason', 'no right to do this']])).status).toBe(403);
    }
    expect((await admin.get('/admin/certificates')).status).toBe(200);
  });

  it('answers an admin’s revocation of an unknown certificate with 404, not a server error', async () => {
    const page = await admin.post('/admin/certificates', [['certificateId', 'AAAAAAAAAAAAAAAAAAAAAA'], ['reason', 'Does not exist']]);
    expect(page.status).toBe(404);
  });
});

describe('course PDFs', () => {
  it('send anonymous readers to sign-in and refuse a learner without access to a paid course', async () => {
    const visitor = await new Client().get(`/courses/${paid.slug}/pdf/course.pdf`);
    expectSignInRedirect(visitor, `/courses/${paid.slug}/pdf/course.pdf`);
    const { client: learner } = await newVerifiedLearner();
    expect((await learner.get(`/courses/${paid.slug}/pdf/course.pdf`)).status).toBe(403);
    expect((await learner.get(`/courses/${paid.slug}/pdf/${paid.lessons[0].slug}.pdf`)).status).toBe(403);
    const tutor = await signedIn(TEST_ACCOUNTS.tutor);
    expect((await tutor.get(`/courses/${paid.slug}/pdf/course.pdf`)).status).toBe(403);
    expect((await admin.download(`/courses/${paid.slug}/pdf/${paid.lessons[0].slug}.pdf`)).status).toBe(200);
  });

  it('keep the final assessment closed on paper while it is closed on the site', async () => {
    const { client } = await newVerifiedLearner();
    expect((await client.post(`/courses/${FREE}/enrol`, [])).status).toBe(303);
    expect((await client.get(`/courses/${FREE}/pdf/final.pdf`)).status).toBe(403);
    const course = await client.download(`/courses/${FREE}/pdf/course.pdf`);
    expect(course.status).toBe(200);
    const text = (await extractPdfText(course.body)).join('').replace(/\s+/g, '');
    expect(text).toContain(free.final.meta.title.replace(/\s+/g, ''));
    expect(text).not.toContain(free.final.meta.assessment.questions[0].prompt.replace(/\s+/g, ''));
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-site POST to /sign-in and signs nobody in', async () => {
    const client = new Client();
    const page = await client.post('/sign-in', [['email', TEST_ACCOUNTS.admin], ['password', TEST_PASSWORD]], { Origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(client.cookies.has('session')).toBe(false);
    expectSignInRedirect(await client.get('/dashboard'), '/dashboard');
  });

  it('refuses a cross-site POST to a lesson and stores nothing', async () => {
    const lesson = free.lessons[0];
    const task = tasksOf(lesson)[0];
    const { client, email } = await newVerifiedLearner();
    expect((await client.post(`/courses/${FREE}/enrol`, [])).status).toBe(303);
    const page = await client.post(`/courses/${FREE}/${lesson.slug}`, sampleAnswerForm(task), { Origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(storedAnswersOf(email)).toBe(0);
    // The same post from the site itself is stored, so the refusal was the origin check.
    expect((await client.post(`/courses/${FREE}/${lesson.slug}`, sampleAnswerForm(task))).status).toBe(303);
    expect(storedAnswersOf(email)).toBe(1);
  });

  it('refuses a cross-site revocation even from an admin session', async () => {
    const page = await admin.post('/admin/certificates', [['certificateId', 'AAAAAAAAAAAAAAAAAAAAAA'], ['reason', 'Forged by another site']], { Origin: 'https://evil.example' });
    expect(page.status).toBe(403);
  });

  it('refuses cross-site role changes even from an admin session', async () => {
    const target = await newVerifiedLearner();
    const targetId = await userIdOf(target.client);
    const page = await admin.post('/admin/users', [['intent', 'roles'], ['userId', targetId], ['role', 'admin']], { Origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect((await exportOf(target.client)).data.roles).toEqual([]);
  });
});

/**
 * The progress digests behind the organisation reports (docs/decisions/0016), on real SQLite files
 * from the real migrations: after every kind of write (enrolment, progress save, completion,
 * certificate issued and revoked, team change, removal, assessment shared and withdrawn,
 * assignments, a deleted account) each learner's digest equals a recount from the base tables, and
 * the dashboard, its filters, the CSV export and the coverage map equal what a recount of every
 * member-course pair gives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { person } from '../support/people.ts';
import { freshDb, freshDbPath } from '../support/db.ts';
import { tokenFromQueuedMail } from '../support/mail.ts';
import { createDb, migrationsFolder, type Db } from '../../src/lib/db/client.ts';
import type { SessionUser } from '../../src/lib/auth/sessions.ts';
import type { CourseStructure } from '../../src/lib/courses/structure.ts';
import { assessments, certificates, courseCompletions, enrolments, organisationAssignments, organisationMembers, progressDigests } from '../../src/lib/db/schema.ts';
import { requireOrgAdmin, requireOrgMember, type OrgAccess } from '../../src/lib/orgs/access.ts';
import { changeMember, createOrganisation, setAssessmentSharing } from '../../src/lib/orgs/organisations.ts';
import { acceptInvitation, parseInviteRows, sendInvitations } from '../../src/lib/orgs/invitations.ts';
import { adjustSeats, POOL_SEAT } from '../../src/lib/orgs/seats.ts';
import { assignCourse, removeAssignment, targets } from '../../src/lib/orgs/assignments.ts';
import { dashboardCsv, orgDashboard, parseDashboardFilters, PAGE_SIZE, type RowStatus } from '../../src/lib/orgs/dashboard.ts';
import { INTERESTED_INCLINATION, STRONG_SKILL, teamCoverage, type Cell } from '../../src/lib/orgs/coverage.ts';
import { completeCourse, enrolAfterPurchase, saveTaskResponse } from '../../src/lib/progress/progress.ts';
import { issueCertificate, revokeCertificate } from '../../src/lib/certificates/certificates.ts';
import { deleteAccount } from '../../src/lib/account/personal-data.ts';
import { saveAssessment } from '../../src/lib/assessment/store.ts';
import { parseAssessmentForm } from '../../src/lib/assessment/answers.ts';
import { functionNumbers, saveScoredAssessment, scoringFingerprint } from '../../src/lib/assessment/stored-scores.ts';
import { answerFields, assessmentItems } from '../support/assessment.ts';
import { scoringInput, type StoredAnswers } from '../../src/lib/assessment/answers.ts';
import { FUNCTION_IDS, scoreFunctions, type FunctionId } from '../../src/lib/assessment/scoring.ts';
import type { TaskEvaluation } from '../../src/lib/courses/task-answers.ts';

const structure = (slug: string, title: string): CourseStructure => ({
  slug,
  version: 1,
  free: true,
  lessons: [
    { slug: '01-a', taskIds: ['a1', 'a2'] },
    { slug: '02-b', taskIds: ['b1', 'b2'] },
  ],
  final: { slug: 'final', taskIds: ['plan'], passMark: 60, attempts: { max: 3, cooldownHours: 24 } },
  quizPassMarks: {},
  certificate: { title, language: 'en', hours: 2, passMark: 60 },
});
const STRUCTURES = [structure('care-course', 'Customer care'), structure('community-course', 'Community, "live"'), structure('crisis-course', 'Crisis')];
const COURSES = [
  { slug: 'care-course', title: 'Customer care', steps: 6, functions: ['social-customer-care'] },
  { slug: 'community-course', title: 'Community, "live"', steps: 6, functions: ['community-management', 'social-customer-care'] },
  { slug: 'crisis-course', title: 'Crisis', steps: 6, functions: ['crisis-reputation'] },
];
const SLUGS = COURSES.map((c) => c.slug);
const TASKS = ['01-a/a1', '01-a/a2', '02-b/b1', '02-b/b2'];
const reflection = (taskId: string): TaskEvaluation => ({ taskId, kind: 'reflection', ok: true, errors: {}, values: { text: 'some words here' } });

/** A seeded random number generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

// ---- the recount: every member-course pair read from the base tables, as the reports were built before the digests ----

/** What each learner's digest must be, from enrolments, completions and valid certificates. */
function recountDigests(db: Db): Map<string, string> {
  const courses = new Map<string, Map<string, { done: number; e: boolean; c: boolean; k: boolean }>>();
  const at = (userId: string, slug: string) => {
    const mine = courses.get(userId) ?? new Map();
    courses.set(userId, mine);
    const state = mine.get(slug) ?? { done: 0, e: false, c: false, k: false };
    mine.set(slug, state);
    return state;
  };
  for (const e of db.select().from(enrolments).all()) Object.assign(at(e.userId, e.courseSlug), { done: e.tasksDone, e: true });
  for (const c of db.select().from(courseCompletions).all()) at(c.userId, c.courseSlug).c = true;
  for (const k of db.select().from(certificates).all()) if (k.userId && !k.revokedAt) at(k.userId, k.courseSlug).k = true;
  const digests = new Map<string, string>();
  for (const [userId, mine] of courses) {
    const entries = [...mine].sort(([a], [b]) => (a < b ? -1 : 1)).map(([slug, s]) => `${slug}:${s.done}:${s.e ? 'e' : ''}${s.c ? 'c' : ''}${s.k ? 'k' : ''}`);
    digests.set(userId, entries.join(' '));
  }
  return digests;
}

interface RecountRow {
  slug: string;
  assigned: boolean;
  dueAt: Date | null;
  status: RowStatus;
  percent: number;
  overdue: boolean;
  completedAt: Date | null;
  certificateId: string | null;
}

/** Every active member with every course row, from the base tables. */
function recountRows(db: Db, orgId: string, now: Date) {
  const active = db.$client
    .prepare('select m.user_id as userId, m.team, u.name, u.email, m.assessment_shared_at as sharedAt from organisation_members m join users u on u.id = m.user_id where m.organisation_id = ? and m.removed_at is null order by u.name')
    .all(orgId) as { userId: string; team: string | null; name: string; email: string | null; sharedAt: number | null }[];
  const enrolled = db.select().from(enrolments).all();
  const completed = db.select().from(courseCompletions).all();
  const certs = db.select().from(certificates).all().filter((k) => !k.revokedAt);
  const assignments = db.select().from(organisationAssignments).all().filter((a) => a.organisationId === orgId);
  return active.map((m) => {
    const rows: RecountRow[] = [];
    for (const course of COURSES) {
      const mine = assignments.filter((a) => a.courseSlug === course.slug && targets(a.target, m));
      const enrolment = enrolled.find((e) => e.userId === m.userId && e.courseSlug === course.slug);
      if (!enrolment && mine.length === 0) continue;
      const dues = mine.map((a) => a.dueAt).filter((d): d is Date => Boolean(d));
      const dueAt = dues.length ? new Date(Math.min(...dues.map((d) => d.getTime()))) : null;
      const completion = completed.find((c) => c.userId === m.userId && c.courseSlug === course.slug);
      const done = enrolment?.tasksDone ?? 0;
      rows.push({
        slug: course.slug,
        assigned: mine.length > 0,
        dueAt,
        status: completion ? 'completed' : done > 0 ? 'in-progress' : 'not-started',
        percent: completion ? 100 : Math.min(99, Math.round((done / course.steps) * 100)),
        overdue: Boolean(dueAt && !completion && dueAt < now),
        completedAt: completion?.completedAt ?? null,
        certificateId: certs.find((k) => k.userId === m.userId && k.courseSlug === course.slug)?.id ?? null,
      });
    }
    return { ...m, email: m.email ?? '', rows };
  });
}

function recountTotals(members: ReturnType<typeof recountRows>) {
  return COURSES.map((course) => {
    const rows = members.flatMap((m) => m.rows.filter((r) => r.slug === course.slug));
    return {
      slug: course.slug,
      title: course.title,
      assigned: rows.filter((r) => r.assigned).length,
      learning: rows.filter((r) => r.status === 'in-progress').length,
      completed: rows.filter((r) => r.status === 'completed').length,
      overdue: rows.filter((r) => r.overdue).length,
      certificates: rows.filter((r) => r.certificateId).length,
      averagePercent: rows.length ? Math.round(rows.reduce((n, r) => n + r.percent, 0) / rows.length) : -1,
      counted: rows.length,
    };
  })
    .filter((t) => t.counted > 0)
    .map(({ counted, ...t }) => t)
    .sort((a, b) => b.assigned - a.assigned || a.title.localeCompare(b.title));
}

/** Each member's cell per function: completion (certificate first), shared self-rating, assignment, enrolment, inclination. */
function recountCells(db: Db, orgId: string, now: Date): Map<string, Record<FunctionId, Cell>> {
  const members = recountRows(db, orgId, now);
  const enrolled = db.select().from(enrolments).all();
  const completed = db.select().from(courseCompletions).all();
  const certs = db.select().from(certificates).all().filter((k) => !k.revokedAt);
  const assignments = db.select().from(organisationAssignments).all().filter((a) => a.organisationId === orgId);
  const cells = new Map<string, Record<FunctionId, Cell>>();
  for (const m of members) {
    const latest = m.sharedAt ? db.select().from(assessments).all().filter((a) => a.userId === m.userId).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] : undefined;
    const scores = latest ? scoreFunctions(scoringInput(latest.answers as StoredAnswers, new Map())) : [];
    const courseOf = (f: FunctionId) => COURSES.filter((c) => c.functions.includes(f)).map((c) => c.slug);
    cells.set(
      m.userId,
      Object.fromEntries(
        FUNCTION_IDS.map((f): [FunctionId, Cell] => {
          const slugs = courseOf(f);
          const done = completed.filter((c) => c.userId === m.userId && slugs.includes(c.courseSlug));
          const score = scores.find((s) => s.id === f);
          if (done.length) return [f, { state: 'strong', evidence: done.some((c) => certs.some((k) => k.userId === m.userId && k.courseSlug === c.courseSlug)) ? 'certificate' : 'completed' }];
          if (score && score.skill >= STRONG_SKILL) return [f, { state: 'strong', evidence: 'self-assessed' }];
          if (assignments.some((a) => slugs.includes(a.courseSlug) && targets(a.target, m))) return [f, { state: 'learning', evidence: 'assigned' }];
          if (enrolled.some((e) => e.userId === m.userId && slugs.includes(e.courseSlug))) return [f, { state: 'learning', evidence: 'enrolled' }];
          if (score && score.inclination >= INTERESTED_INCLINATION) return [f, { state: 'interested', evidence: 'inclination' }];
          return [f, { state: 'none', evidence: null }];
        }),
      ) as Record<FunctionId, Cell>,
    );
  }
  return cells;
}

// ---- the comparison ----

const storedDigests = (db: Db) => new Map(db.select().from(progressDigests).all().map((d) => [d.userId, d.digest]));

function expectReportsMatchRecount(db: Db, access: OrgAccess, now: Date, step: string) {
  expect(storedDigests(db), `digests after ${step}`).toEqual(recountDigests(db));
  const members = recountRows(db, access.org.id, now);
  const dashboard = orgDashboard(db, access, COURSES, parseDashboardFilters(new URLSearchParams()), now);
  expect(dashboard.courses, `totals after ${step}`).toEqual(recountTotals(members));
  expect(dashboard.overdue, `overdue after ${step}`).toBe(members.reduce((n, m) => n + m.rows.filter((r) => r.overdue).length, 0));
  expect(dashboard.totalMembers).toBe(members.length);
  expect(dashboard.teams).toEqual([...new Set(members.map((m) => m.team).filter(Boolean))].sort());
  // Shown rows carry the dates and certificate ids of the base tables.
  const shown = (rows: typeof members) =>
    rows.slice(0, PAGE_SIZE).map((m) => ({
      userId: m.userId,
      courses: m.rows
        .sort((a, b) => Number(b.assigned) - Number(a.assigned) || (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || COURSES.find((c) => c.slug === a.slug)!.title.localeCompare(COURSES.find((c) => c.slug === b.slug)!.title))
        .map((r) => ({ courseSlug: r.slug, status: r.status, percent: r.percent, assigned: r.assigned, overdue: r.overdue, dueAt: r.dueAt, completedAt: r.completedAt, certificateId: r.certificateId })),
    }));
  const got = (d: typeof dashboard) => d.members.map((m) => ({ userId: m.userId, courses: m.courses.map((r) => ({ courseSlug: r.courseSlug, status: r.status, percent: r.percent, assigned: r.assigned, overdue: r.overdue, dueAt: r.dueAt, completedAt: r.completedAt, certificateId: r.certificateId })) }));
  expect(got(dashboard), `rows after ${step}`).toEqual(shown(members));
  // Every filter finds the members (and keeps the rows) that a recount finds.
  for (const query of ['status=overdue', 'status=not-started', 'status=in-progress', 'status=completed', 'course=crisis-course', 'course=care-course&status=completed', 'team=Care', 'team=Social&status=in-progress', 'q=ber']) {
    const filters = parseDashboardFilters(new URLSearchParams(query));
    const expected = members
      .filter((m) => (!filters.team || m.team === filters.team) && (!filters.query || m.name.toLowerCase().includes(filters.query) || m.email.includes(filters.query)))
      .map((m) => ({ ...m, rows: m.rows.filter((r) => (!filters.course || r.slug === filters.course) && (filters.status === 'overdue' ? r.overdue : !filters.status || r.status === filters.status)) }))
      .filter((m) => !(filters.course || filters.status) || m.rows.length > 0);
    const filtered = orgDashboard(db, access, COURSES, filters, now);
    expect(filtered.matching, `${query} after ${step}`).toBe(expected.length);
    expect(got(filtered), `${query} rows after ${step}`).toEqual(shown(expected));
  }
  // The export: one line per member and course, with the same facts.
  const csv = parse(dashboardCsv(db, access, COURSES, parseDashboardFilters(new URLSearchParams()), 'http://site.test', now), { bom: true, columns: true }) as Record<string, string>[];
  expect(csv.map((r) => [r.email, r.course, r.status, r.progress_percent, r.completed, r.certificate]), `export after ${step}`).toEqual(
    members.flatMap((m) =>
      m.rows.length === 0
        ? [[m.email, '', '', '', '', '']]
        : m.rows.map((r) => [m.email, r.slug, r.status, String(r.percent), r.completedAt ? r.completedAt.toISOString().slice(0, 10) : '', r.certificateId ? `http://site.test/certificates/${r.certificateId}` : '']),
    ),
  );
  // The coverage map, for everyone and for one team.
  const cells = recountCells(db, access.org.id, now);
  const map = teamCoverage(db, access, COURSES, new Map());
  expect(new Map(map.members.map((m) => [m.userId, m.cells])), `coverage after ${step}`).toEqual(cells);
  expect(map.sharing).toBe(members.filter((m) => m.sharedAt).length);
  for (const f of map.functions) {
    expect(f.strong.map((p) => p.userId)).toEqual(members.filter((m) => cells.get(m.userId)![f.id].state === 'strong').map((m) => m.userId));
    expect(f.learning.map((p) => p.userId)).toEqual(members.filter((m) => cells.get(m.userId)![f.id].state === 'learning').map((m) => m.userId));
    const care = members.filter((m) => m.team === 'Care');
    expect(f.byTeam.get('Care') ?? { strong: 0, learning: 0 }).toEqual({ strong: care.filter((m) => cells.get(m.userId)![f.id].state === 'strong').length, learning: care.filter((m) => cells.get(m.userId)![f.id].state === 'learning').length });
  }
  const careMap = teamCoverage(db, access, COURSES, new Map(), 'Care');
  expect(careMap.members.map((m) => m.userId)).toEqual(members.filter((m) => m.team === 'Care').map((m) => m.userId));
  for (const m of careMap.members) expect(m.cells).toEqual(cells.get(m.userId));
}

// ---- the organisation ----

async function organisation(db: Db, size: number) {
  const owner = await person(db, 'Owner');
  const site = await person(db, 'Site', ['admin']);
  const slug = createOrganisation(db, owner, { name: `Digest Stadtwerke ${Math.random()}`, note: '' });
  const access = requireOrgAdmin(db, owner, slug);
  adjustSeats(db, site, access.org.id, POOL_SEAT, size + 2, 'test seats');
  const people: SessionUser[] = [];
  const names = ['Ana Berg', 'Ola Öberg', 'Jo Åström', 'Kim Bergström', 'Sam Lund', 'Eva Ek', 'Lea Berger', 'Tom Nyberg'];
  for (let i = 0; i < size; i++) {
    const member = await person(db, names[i % names.length]);
    sendInvitations(db, access, parseInviteRows(`${member.email};${member.name};${i % 3 === 0 ? 'Care' : i % 3 === 1 ? 'Social' : ''}`), { courseSlugs: SLUGS, defaultSeat: POOL_SEAT, language: 'en', baseUrl: 'http://site.test' });
    acceptInvitation(db, member, tokenFromQueuedMail(db, member.email, '/org/join'));
    people.push(member);
  }
  return { owner, site, access, people };
}

const answers = (skill: number, inclination: number): StoredAnswers =>
  ({ role: 'team-member', goal: 'career', platforms: [], functions: Object.fromEntries(FUNCTION_IDS.map((id, i) => [id, { skill: (skill + i) % 5 + 1, inclination: (inclination + i) % 5 + 1, scenarios: {} }])) }) as unknown as StoredAnswers;

describe('progress digests', () => {
  it('are written by the migration for learners who had courses before it', () => {
    const file = freshDbPath();
    const db = createDb(file, { migrate: false });
    // Undo what the triggers wrote, as on a database from before migration 0014, then run its backfill again.
    db.$client.exec("insert into users (id, email, name, language) values ('old', 'old@example.com', 'Old', 'en')");
    db.$client.exec("insert into enrolments (user_id, course_slug, tasks_done) values ('old', 'b-course', 3), ('old', 'a-course', 0)");
    db.$client.exec("insert into course_completions (user_id, course_slug, course_version, final_percent, completed_at) values ('old', 'c-course', 1, 90, 1)");
    db.$client.exec('delete from progress_digests');
    const migration = readFileSync(path.join(migrationsFolder(), '0014_progress_digest_triggers.sql'), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint').filter((s) => !/CREATE TRIGGER/.test(s))) db.$client.exec(statement);
    expect(storedDigests(db)).toEqual(new Map([['old', 'a-course:0:e b-course:3:e c-course:0:c']]));
    db.$client.close();
  });

  it('equal a recount after every kind of write, and so do the dashboard, its filters, the export and the coverage map', async () => {
    const db = freshDb();
    const { owner, site, access, people } = await organisation(db, 8);
    const [ana, ola, jo, kim, sam, eva, lea, tom] = people;
    let now = new Date();
    const check = (step: string) => expectReportsMatchRecount(db, access, now, step);
    check('joining');

    enrolAfterPurchase(db, ana.id, 'care-course');
    enrolAfterPurchase(db, ola.id, 'care-course');
    enrolAfterPurchase(db, ola.id, 'crisis-course');
    check('enrolments');

    saveTaskResponse(db, ana, STRUCTURES[0], '01-a', reflection('a1'));
    saveTaskResponse(db, ana, STRUCTURES[0], '01-a', reflection('a2'));
    saveTaskResponse(db, ana, STRUCTURES[0], '01-a', reflection('a2'));
    saveTaskResponse(db, ola, STRUCTURES[2], '02-b', reflection('b1'));
    check('progress saves');

    completeCourse(db, ola.id, STRUCTURES[0], 80, now);
    issueCertificate(db, ola.id, STRUCTURES[0], 80, now);
    completeCourse(db, jo.id, STRUCTURES[1], 70, now);
    check('completions and a certificate (one without enrolment)');

    const past = new Date(now.getTime() - 10 * 86_400_000);
    assignCourse(db, { ...access, user: owner }, { courseSlug: 'crisis-course', target: 'team:Care', due: past.toISOString().slice(0, 10), offsets: '' }, SLUGS, past);
    assignCourse(db, { ...access, user: owner }, { courseSlug: 'community-course', target: `member:${kim.id}`, due: '', offsets: '' }, SLUGS, now);
    assignCourse(db, { ...access, user: owner }, { courseSlug: 'care-course', target: 'everyone', due: new Date(now.getTime() + 5 * 86_400_000).toISOString().slice(0, 10), offsets: '' }, SLUGS, now);
    assignCourse(db, { ...access, user: owner }, { courseSlug: 'care-course', target: `member:${sam.id}`, due: past.toISOString().slice(0, 10), offsets: '' }, SLUGS, past);
    check('assignments to a team, a member and everyone (one overdue)');

    changeMember(db, { ...access, user: owner }, ana.id, { kind: 'team', team: 'Social' });
    changeMember(db, { ...access, user: owner }, eva.id, { kind: 'team', team: 'Care' });
    check('team changes');

    changeMember(db, { ...access, user: owner }, ola.id, { kind: 'remove' });
    check('a removal');

    saveAssessment(db, answers(4, 2), 'en', lea.id, new Date(now.getTime() - 1000));
    saveAssessment(db, answers(1, 3), 'en', lea.id, now);
    saveAssessment(db, answers(4, 4), 'en', tom.id, now);
    check('assessments saved but not shared');
    setAssessmentSharing(db, requireOrgMember(db, lea, access.org.slug), true);
    setAssessmentSharing(db, requireOrgMember(db, tom, access.org.slug), true);
    check('sharing');
    setAssessmentSharing(db, requireOrgMember(db, tom, access.org.slug), false);
    check('withdrawing');

    const revoked = db.select().from(certificates).all()[0];
    revokeCertificate(db, site, revoked.id, 'test');
    check('a revoked certificate');

    await deleteAccount(db, jo.id, 'a-long-password-1');
    check('a deleted account');

    // Then a long run of random writes of every kind, checked after each.
    const pick = random(13);
    // Not the deleted account: it can earn nothing any more.
    const everyone = people.filter((p) => p.id !== jo.id);
    for (let step = 0; step < 40; step++) {
      const who = everyone[pick(everyone.length)];
      const c = pick(STRUCTURES.length);
      const course = STRUCTURES[c];
      const kind = pick(9);
      let label = '';
      if (kind === 0) {
        enrolAfterPurchase(db, who.id, course.slug);
        label = `enrol ${who.name} in ${course.slug}`;
      } else if (kind === 1 || kind === 2) {
        enrolAfterPurchase(db, who.id, course.slug);
        const [lesson, task] = TASKS[pick(TASKS.length)].split('/');
        saveTaskResponse(db, who, course, lesson, reflection(task));
        label = `save ${task} of ${course.slug} for ${who.name}`;
      } else if (kind === 3) {
        completeCourse(db, who.id, course, 90, now);
        if (pick(2)) issueCertificate(db, who.id, course, 90, now);
        label = `complete ${course.slug} for ${who.name}`;
      } else if (kind === 4) {
        const valid = db.select().from(certificates).all().filter((k) => !k.revokedAt);
        if (valid.length) revokeCertificate(db, site, valid[pick(valid.length)].id, 'test');
        label = 'revoke a certificate';
      } else if (kind === 5) {
        const member = db.select().from(organisationMembers).all().find((m) => m.userId === who.id && m.organisationId === access.org.id && !m.removedAt);
        if (member) changeMember(db, { ...access, user: owner }, who.id, pick(4) === 0 ? { kind: 'remove' } : { kind: 'team', team: ['Care', 'Social', ''][pick(3)] });
        label = `change ${who.name}'s membership`;
      } else if (kind === 6) {
        const membership = db.select().from(organisationMembers).all().find((m) => m.userId === who.id && m.organisationId === access.org.id && !m.removedAt);
        if (membership) {
          if (pick(2)) saveAssessment(db, answers(pick(5), pick(5)), 'en', who.id, new Date(now.getTime() + step * 1000));
          setAssessmentSharing(db, requireOrgMember(db, who, access.org.slug), pick(2) === 0);
        }
        label = `${who.name} shares or withdraws`;
      } else if (kind === 7) {
        const target = ['everyone', 'team:Care', 'team:Social', `member:${who.id}`][pick(4)];
        const membership = db.select().from(organisationMembers).all().find((m) => m.userId === who.id && m.organisationId === access.org.id && !m.removedAt);
        if (!target.startsWith('member:') || membership) {
          const when = pick(2) ? past : now;
          assignCourse(db, { ...access, user: owner }, { courseSlug: course.slug, target, due: pick(3) ? when.toISOString().slice(0, 10) : '', offsets: '' }, SLUGS, when);
        }
        label = `assign ${course.slug} to ${target}`;
      } else {
        const list = db.select().from(organisationAssignments).all();
        if (list.length) removeAssignment(db, access, list[pick(list.length)].id);
        label = 'remove an assignment';
      }
      if (pick(5) === 0) now = new Date(now.getTime() + 3 * 86_400_000);
      check(`step ${step}: ${label}`);
    }
  });
});

describe('stored self-assessment numbers', () => {
  it('are stored with a saved assessment, and scored again from the answers when the content or scoring changed', async () => {
    const db = freshDb();
    const { access, people } = await organisation(db, 2);
    const [ana, ola] = people;
    const items = await assessmentItems();
    // Answers as the questionnaire page reads them from the form.
    const sent = async (options: Parameters<typeof answerFields>[0]) => {
      const form = new FormData();
      for (const [name, value] of await answerFields(options)) form.append(name, value);
      const parsed = parseAssessmentForm(form, { items, platforms: new Set(['linkedin-xing']), industries: new Set(['b2b']) });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return parsed.answers;
    };
    const saved = saveScoredAssessment(db, await sent({ weak: ['crisis-reputation'], skill: 4 }), items, 'en', ana.id);
    const stored = () => db.select({ assessmentId: assessments.id, scoredWith: assessments.scoredWith, scores: assessments.scores }).from(assessments).all().filter((a) => a.scores);
    const answersOf = (id: string) => db.select().from(assessments).all().find((a) => a.id === id)!.answers as StoredAnswers;
    // Saving stored the numbers for the real content.
    expect(stored()).toEqual([{ assessmentId: saved.id, scoredWith: scoringFingerprint(items), scores: JSON.stringify(functionNumbers(answersOf(saved.id), items)) }]);
    setAssessmentSharing(db, requireOrgMember(db, ana, access.org.slug), true);
    const cell = (userId: string, f: FunctionId, withItems = items) => teamCoverage(db, access, COURSES, withItems).members.find((m) => m.userId === userId)!.cells[f];
    // Best answers and a self-rating of 4: strong; the weak function (rated 1, wrong answers, inclination 4): interested.
    expect(cell(ana.id, 'community-management')).toEqual({ state: 'strong', evidence: 'self-assessed' });
    expect(cell(ana.id, 'crisis-reputation')).toEqual({ state: 'interested', evidence: 'inclination' });
    // Read with other content (no scenarios: every best answer gone), the numbers are scored again and kept for it.
    expect(cell(ana.id, 'community-management', new Map())).toEqual({ state: 'none', evidence: null });
    expect(stored()).toEqual([{ assessmentId: saved.id, scoredWith: scoringFingerprint(new Map()), scores: JSON.stringify(functionNumbers(answersOf(saved.id), new Map())) }]);
    expect(cell(ana.id, 'community-management')).toEqual({ state: 'strong', evidence: 'self-assessed' });
    // Numbers that do not match their fingerprint's scoring are never trusted blindly: a changed fingerprint rescores them.
    db.update(assessments).set({ scoredWith: 'older scoring', scores: JSON.stringify(FUNCTION_IDS.flatMap(() => [1, 1])) }).run();
    expect(cell(ana.id, 'community-management')).toEqual({ state: 'strong', evidence: 'self-assessed' });
    // An assessment saved without numbers (before this table existed) is scored when first read, only while shared.
    saveAssessment(db, answers(4, 4), 'en', ola.id, new Date());
    expect(cell(ola.id, 'paid-social').state).toBe('none');
    expect(stored().map((s) => s.assessmentId)).toEqual([saved.id]);
    setAssessmentSharing(db, requireOrgMember(db, ola, access.org.slug), true);
    teamCoverage(db, access, COURSES, items);
    expect(stored()).toHaveLength(2);
    // The latest assessment counts: a newer one replaces the older one's numbers on the map.
    const later = saveScoredAssessment(db, await sent({ weak: ['community-management'] }), items, 'en', ana.id, new Date(Date.now() + 60_000));
    expect(cell(ana.id, 'community-management')).toEqual({ state: 'interested', evidence: 'inclination' });
    // Withdrawing consent hides them at once, whatever is stored.
    setAssessmentSharing(db, requireOrgMember(db, ana, access.org.slug), false);
    expect(cell(ana.id, 'crisis-reputation')).toEqual({ state: 'none', evidence: null });
  });
});

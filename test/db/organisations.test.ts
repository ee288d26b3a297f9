/**
 * Organisations on real SQLite files: seats never over-used (also by concurrent processes),
 * invitation links (expired, reused, foreign), CSV import and export, reminders, and who may see what.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { person, refusal } from '../support/people.ts';
import { freshDb, freshDbPath } from '../support/db.ts';
import { queuedMails, tokenFromQueuedMail } from '../support/mail.ts';
import { createDb, type Db } from '../../src/lib/db/client.ts';
import { assessments, assignmentReminders, courseCompletions, enrolments, organisationInvitations, orders, taskResponses } from '../../src/lib/db/schema.ts';
import { orgAccess, requireOrgAdmin, requireOrgMember } from '../../src/lib/orgs/access.ts';
import { changeMember, createOrganisation, setAssessmentSharing } from '../../src/lib/orgs/organisations.ts';
import { acceptInvitation, parseInviteRows, sendInvitations, viewInvitation } from '../../src/lib/orgs/invitations.ts';
import { adjustSeats, creditPurchasedSeats, debitRefundedSeats, POOL_SEAT, seatBalances } from '../../src/lib/orgs/seats.ts';
import { assignCourse, processReminders } from '../../src/lib/orgs/assignments.ts';
import { dashboardCsv, orgDashboard, parseDashboardFilters } from '../../src/lib/orgs/dashboard.ts';
import { teamCoverage } from '../../src/lib/orgs/coverage.ts';
import { hasAccess } from '../../src/lib/progress/progress.ts';
import { FUNCTION_IDS } from '../../src/lib/assessment/scoring.ts';

const COURSES = [
  { slug: 'care-course', title: 'Customer care, "the basics"', steps: 10, functions: ['social-customer-care'] },
  { slug: 'community-course', title: 'Community', steps: 10, functions: ['community-management'] },
];
const SLUGS = COURSES.map((c) => c.slug);
let orgNumber = 0;

async function orgWithSeats(db: Db, seats: number) {
  const owner = await person(db, 'Owner');
  const site = await person(db, 'Site', ['admin']);
  const slug = createOrganisation(db, owner, { name: `Stadtwerke ${++orgNumber}`, note: '' });
  const access = requireOrgAdmin(db, owner, slug);
  if (seats) adjustSeats(db, site, access.org.id, POOL_SEAT, seats, 'test seats');
  return { owner, site, slug, access };
}

/** The token of the invitation mail queued for an address. */
const invitationToken = (db: Db, email: string) => tokenFromQueuedMail(db, email, '/org/join');

const sendOptions = { courseSlugs: SLUGS, defaultSeat: POOL_SEAT, language: 'en' as const, baseUrl: 'http://site.test' };

describe('seats', () => {
  it('are never used beyond what was bought, when six processes accept at once for three seats', async () => {
    const file = freshDbPath();
    const db = createDb(file, { migrate: false });
    const { access, slug } = await orgWithSeats(db, 3);
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => person(db, `Racer${i}`)));
    sendInvitations(db, access, parseInviteRows(people.map((p) => p.email).join('\n')), sendOptions);
    const tokens = people.map((p) => invitationToken(db, p.email));
    const runs = await Promise.all(
      people.map(
        (p, i) =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('test/support/accept-invitation.ts'), file, p.id, tokens[i]], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            child.stdout.on('data', (chunk) => (out += chunk));
            child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    expect(runs.filter((r) => r === `ok ${slug}`)).toHaveLength(3);
    expect(runs.filter((r) => r === 'refused 409 org.seats.noneFree')).toHaveLength(3);
    expect(seatBalances(db, access.org.id)).toEqual([{ seat: POOL_SEAT, bought: 3, used: 3, free: 0 }]);
    // The refused keep an open invitation: once a seat is bought, they can still join.
    expect(db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, access.org.id)).all().filter((i) => !i.acceptedAt)).toHaveLength(3);
    db.$client.close();
  }, 60_000);

  it('give access to every course (pool) or one course, and removing a member frees the seat but keeps their progress', async () => {
    const db = freshDb();
    const { access, site } = await orgWithSeats(db, 1);
    adjustSeats(db, site, access.org.id, 'care-course', 1, 'one course seat');
    const [pool, single] = [await person(db, 'Pool'), await person(db, 'Single')];
    sendInvitations(db, access, [{ line: 1, email: pool.email, name: '', team: '', course: '' }, { line: 2, email: single.email, name: '', team: '', course: 'care-course' }], sendOptions);
    acceptInvitation(db, pool, invitationToken(db, pool.email));
    acceptInvitation(db, single, invitationToken(db, single.email));
    const course = (slug: string) => ({ slug, free: false }) as Parameters<typeof hasAccess>[2];
    expect([hasAccess(db, pool, course('care-course')), hasAccess(db, pool, course('a-course-added-later'))]).toEqual([true, true]);
    expect([hasAccess(db, single, course('care-course')), hasAccess(db, single, course('community-course'))]).toEqual([true, false]);
    db.insert(taskResponses).values({ userId: pool.id, courseSlug: 'care-course', lessonSlug: '01-a', taskId: 't1', kind: 'reflection', answer: {}, completedAt: new Date(), updatedAt: new Date() }).run();
    changeMember(db, access, pool.id, { kind: 'remove' });
    expect(hasAccess(db, pool, course('care-course'))).toBe(false);
    expect(seatBalances(db, access.org.id).find((s) => s.seat === POOL_SEAT)).toEqual({ seat: POOL_SEAT, bought: 1, used: 0, free: 1 });
    expect(db.select().from(taskResponses).where(eq(taskResponses.userId, pool.id)).all()).toHaveLength(1);
    expect(refusal(() => changeMember(db, access, access.user.id, { kind: 'remove' }))).toBe('409 org.members.lastAdmin');
  });

  it('are credited once per paid order and taken back once on refund', async () => {
    const db = freshDb();
    const { access, owner } = await orgWithSeats(db, 0);
    db.insert(orders).values({ id: 'order-seats', userId: owner.id, email: owner.email, kind: 'seats', organisationId: access.org.id, offerId: 'seat-pack', quantity: 5, unitAmount: 4900, mode: 'test', consentAt: new Date(), consentVersion: 'v', purchaseKey: 'k', status: 'paid' }).run();
    const order = db.select().from(orders).where(eq(orders.id, 'order-seats')).get()!;
    creditPurchasedSeats(db, order);
    creditPurchasedSeats(db, order);
    expect(seatBalances(db, access.org.id)[0]).toMatchObject({ bought: 5, free: 5 });
    debitRefundedSeats(db, order);
    debitRefundedSeats(db, order);
    expect(seatBalances(db, access.org.id)[0]).toMatchObject({ bought: 0, free: 0 });
  });
});

describe('invitation links', () => {
  it('work once, only for the invited address, and not after they expire or are withdrawn', async () => {
    const db = freshDb();
    const { access } = await orgWithSeats(db, 5);
    const [invited, stranger, late] = [await person(db, 'Invited'), await person(db, 'Stranger'), await person(db, 'Late')];
    sendInvitations(db, access, parseInviteRows(`${invited.email}\n${late.email}`), sendOptions);
    const token = invitationToken(db, invited.email);
    expect(refusal(() => acceptInvitation(db, stranger, token))).toBe('403 org.join.otherAddress');
    expect(refusal(() => acceptInvitation(db, null, token))).toBe('401 error.signInRequired');
    expect(refusal(() => acceptInvitation(db, invited, token))).toBe('ok');
    expect(refusal(() => acceptInvitation(db, invited, token))).toBe('410 org.join.used');
    expect(refusal(() => acceptInvitation(db, invited, 'not-a-token'))).toBe('404 org.join.unknown');
    const lateToken = invitationToken(db, late.email);
    expect(refusal(() => acceptInvitation(db, late, lateToken, new Date(Date.now() + 15 * 86_400_000)))).toBe('410 org.join.expired');
    // Invited again after expiry: a new link; the old one stays dead.
    const renewed = sendInvitations(db, access, parseInviteRows(late.email), { ...sendOptions, now: new Date(Date.now() + 15 * 86_400_000) });
    expect(renewed[0].status).toBe('renew');
    expect(refusal(() => viewInvitation(db, lateToken))).toBe('404 org.join.unknown');
  });

  it('of one organisation give nothing in another, and outsiders learn nothing about an organisation', async () => {
    const db = freshDb();
    const a = await orgWithSeats(db, 2);
    const b = await orgWithSeats(db, 2);
    const member = await person(db, 'Member');
    sendInvitations(db, a.access, parseInviteRows(member.email), sendOptions);
    expect(acceptInvitation(db, member, invitationToken(db, member.email))).toBe(a.slug);
    expect(orgAccess(db, member, b.slug)).toBeNull();
    expect(refusal(() => requireOrgAdmin(db, a.owner, b.slug))).toBe('404 error.notFound');
    expect(refusal(() => requireOrgAdmin(db, member, a.slug))).toBe('403 error.forbidden');
    expect(refusal(() => requireOrgMember(db, member, a.slug))).toBe('ok');
    expect(refusal(() => requireOrgMember(db, null, a.slug))).toBe('401 error.signInRequired');
    expect(refusal(() => orgDashboard(db, requireOrgMember(db, member, a.slug), COURSES, parseDashboardFilters(new URLSearchParams())))).toBe('403 error.forbidden');
  });
});

describe('CSV import and export', () => {
  const file = ['email;name;team;course', 'ana@example.com;"Berg, Ana";Care;', 'not-an-address;Bad Row;Care;', 'ola@example.com;Ola Öberg;Care;no-such-course', 'ana@example.com;Ana again;Care;', 'jo@example.com;"Jo ""JJ"" Jönsson";;care-course'].join('\r\n');

  it('imports the good rows, names the bad ones, and changes nothing the second time', async () => {
    const db = freshDb();
    const { access } = await orgWithSeats(db, 5);
    const first = sendInvitations(db, access, parseInviteRows(file), sendOptions);
    expect(first.map((r) => [r.line, r.status])).toEqual([[2, 'invite'], [3, 'invalid-email'], [4, 'unknown-course'], [5, 'duplicate'], [6, 'invite']]);
    expect(first[0].name).toBe('Berg, Ana');
    expect(first[4]).toMatchObject({ name: 'Jo "JJ" Jönsson', seat: 'care-course' });
    const before = db.select().from(organisationInvitations).all();
    const mailsBefore = queuedMails(db).length;
    const second = sendInvitations(db, access, parseInviteRows(file), sendOptions);
    expect(second.map((r) => r.status)).toEqual(['already-invited', 'invalid-email', 'unknown-course', 'duplicate', 'already-invited']);
    expect(db.select().from(organisationInvitations).all()).toEqual(before);
    expect(queuedMails(db)).toHaveLength(mailsBefore);
  });

  it('refuses a broken file with the line, not a 500', () => {
    expect(refusal(() => parseInviteRows('a@example.com\n"b@example.com, unclosed'))).toBe('422 org.invite.csvBroken');
  });

  it('exports names with commas, quotes and umlauts that read back the same, and defuses formulas', async () => {
    const db = freshDb();
    const { access } = await orgWithSeats(db, 5);
    const names = ['Müller, Jürgen', 'Jo "JJ" Åström', '=HYPERLINK("http://evil.example")'];
    for (const name of names) {
      const member = await person(db, name);
      sendInvitations(db, access, parseInviteRows(member.email), sendOptions);
      acceptInvitation(db, member, invitationToken(db, member.email));
      db.insert(enrolments).values({ userId: member.id, courseSlug: 'care-course', tasksDone: 5 }).run();
    }
    const csv = dashboardCsv(db, access, COURSES, parseDashboardFilters(new URLSearchParams('course=care-course')), 'http://site.test');
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name).sort()).toEqual([`'=HYPERLINK("http://evil.example")`, 'Jo "JJ" Åström', 'Müller, Jürgen']);
    expect(rows.every((r) => r.progress_percent === '50' && r.status === 'in-progress' && r.course_title === 'Customer care, "the basics"')).toBe(true);
  });
});

describe('reminders', () => {
  it('go out once when due, and never to members who completed the course or left', async () => {
    const db = freshDb();
    const { access } = await orgWithSeats(db, 5);
    const [due, done, gone] = [await person(db, 'Due'), await person(db, 'Done'), await person(db, 'Gone')];
    for (const member of [due, done, gone]) {
      sendInvitations(db, access, parseInviteRows(member.email), sendOptions);
      acceptInvitation(db, member, invitationToken(db, member.email));
    }
    const now = new Date();
    const dueDate = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    assignCourse(db, access, { courseSlug: 'care-course', target: 'everyone', due: dueDate, offsets: '7, 1' }, SLUGS, now);
    db.insert(courseCompletions).values({ userId: done.id, courseSlug: 'care-course', courseVersion: 1, finalPercent: 90, completedAt: now }).run();
    changeMember(db, access, gone.id, { kind: 'remove' });
    const titles = new Map([['care-course', 'Customer care']]);
    // Nothing is due yet.
    expect(processReminders(db, titles, 'http://site.test', now)).toEqual({ sent: 0, skipped: 0 });
    // The due date is the end of that day (UTC), so the 7-day reminder falls due between 3 and 4 days from now.
    const weekBefore = new Date(now.getTime() + 4.01 * 86_400_000);
    expect(processReminders(db, titles, 'http://site.test', weekBefore)).toEqual({ sent: 2, skipped: 2 });
    expect(processReminders(db, titles, 'http://site.test', weekBefore)).toEqual({ sent: 0, skipped: 0 });
    expect(queuedMails(db, due.email).filter((m) => m.kind === 'org-reminder')).toHaveLength(1);
    expect(queuedMails(db, done.email).filter((m) => m.kind === 'org-reminder')).toHaveLength(0);
    const states = db.select().from(assignmentReminders).where(eq(assignmentReminders.offsetDays, 7)).all();
    const of = (id: string) => states.find((s) => s.userId === id);
    expect([of(due.id)?.state, of(done.id)?.reason, of(gone.id)?.reason]).toEqual(['sent', 'completed', 'removed']);
    expect(states.filter((s) => s.userId === access.user.id)[0]?.state).toBe('sent');
  });
});

describe('the coverage map', () => {
  it('uses a self-assessment only while its owner shares it, and completions as evidence', async () => {
    const db = freshDb();
    const { access } = await orgWithSeats(db, 5);
    const member = await person(db, 'Sharer');
    sendInvitations(db, access, parseInviteRows(member.email), sendOptions);
    acceptInvitation(db, member, invitationToken(db, member.email));
    const functions = Object.fromEntries(FUNCTION_IDS.map((id) => [id, { skill: 1, inclination: 1, scenarios: {} }]));
    functions['community-management'] = { skill: 5, inclination: 5, scenarios: {} };
    db.insert(assessments).values({ id: 'a1', userId: member.id, language: 'en', answers: { role: 'team-member', goal: 'career', platforms: [], functions }, createdAt: new Date() }).run();
    db.insert(courseCompletions).values({ userId: access.user.id, courseSlug: 'care-course', courseVersion: 1, finalPercent: 90, completedAt: new Date() }).run();
    const map = () => teamCoverage(db, access, COURSES, new Map());
    const cell = (id: string, fn: (typeof FUNCTION_IDS)[number]) => map().members.find((m) => m.userId === id)!.cells[fn];
    expect(cell(member.id, 'community-management')).toEqual({ state: 'none', evidence: null });
    setAssessmentSharing(db, requireOrgMember(db, member, access.org.slug), true);
    // Self-rated 5 with no scenario right: skill 3.4, not "strong", but the inclination shows interest.
    expect(cell(member.id, 'community-management')).toEqual({ state: 'interested', evidence: 'inclination' });
    expect(cell(access.user.id, 'social-customer-care')).toEqual({ state: 'strong', evidence: 'completed' });
    expect(map().functions.find((f) => f.id === 'social-customer-care')!.status).toBe('single');
    expect(map().buyIn).toContain('crisis-reputation');
    setAssessmentSharing(db, requireOrgMember(db, member, access.org.slug), false);
    expect(cell(member.id, 'community-management').state).toBe('none');
    expect(map().sharing).toBe(0);
    expect(db.select().from(enrolments).where(and(eq(enrolments.userId, member.id))).all()).toHaveLength(0);
  });
});

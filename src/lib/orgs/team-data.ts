/**
 * The facts the dashboard, the export and the coverage map are made of, read in a handful of
 * set-based queries (members, their enrolments with the kept task count, completions,
 * certificates, assignments), so a report over thousands of members stays one pass in memory.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { organisationAssignments } from '../db/schema.ts';
import type { Assignment } from './assignments.ts';

export interface MemberFacts {
  userId: string;
  name: string;
  email: string;
  team: string | null;
  role: 'admin' | 'member';
  seat: string | null;
  /** The courses the member is enrolled in or completed (a handful each: an array beats a map here). */
  courses: CourseFact[];
}

export interface CourseFact {
  slug: string;
  enrolled: boolean;
  /** Tasks answered. */
  done: number;
  /** Completion time in seconds since the epoch, 0 when not completed. */
  completedAt: number;
  /** A valid certificate's id. */
  certificateId: string | null;
}

function courseFact(member: MemberFacts | undefined, slug: string): CourseFact | null {
  if (!member) return null;
  let fact = member.courses.find((c) => c.slug === slug);
  if (!fact) member.courses.push((fact = { slug, enrolled: false, done: 0, completedAt: 0, certificateId: null }));
  return fact;
}

export interface TeamFacts {
  members: MemberFacts[];
  assignments: Assignment[];
}

/**
 * Raw prepared statements returning arrays: at ten thousand members the object mapping of the
 * query builder cost as much as the queries themselves (bench/README.md, organisations).
 */
function rows<T extends unknown[]>(db: Db, sql: string, organisationId: string): T[] {
  return db.$client.prepare(sql).raw(true).all(organisationId) as T[];
}

const ACTIVE = 'join organisation_members m on m.user_id = x.user_id where m.organisation_id = ? and m.removed_at is null';

/** The active members, by name, without their courses (the members and assignments pages need no more). */
export function readMembers(db: Db, organisationId: string): MemberFacts[] {
  const members = rows<[string, string, string | null, string | null, 'admin' | 'member', string | null]>(
    db,
    'select u.id, u.name, u.email, m.team, m.role, m.seat from organisation_members m join users u on u.id = m.user_id where m.organisation_id = ? and m.removed_at is null order by u.name',
    organisationId,
  );
  return members.map(([userId, name, email, team, role, seat]) => ({ userId, name, email: email ?? '', team, role, seat, courses: [] }));
}

/** The team names in use, sorted. */
export function teamsOf(members: { team: string | null }[]): string[] {
  return [...new Set(members.map((m) => m.team).filter((t): t is string => Boolean(t)))].sort();
}

export function readTeamFacts(db: Db, organisationId: string): TeamFacts {
  const byId = new Map(readMembers(db, organisationId).map((member) => [member.userId, member]));
  for (const [userId, slug, done] of rows<[string, string, number]>(db, `select x.user_id, x.course_slug, x.tasks_done from enrolments x ${ACTIVE}`, organisationId)) {
    byId.get(userId)?.courses.push({ slug, enrolled: true, done, completedAt: 0, certificateId: null });
  }
  for (const [userId, slug, at] of rows<[string, string, number]>(db, `select x.user_id, x.course_slug, x.completed_at from course_completions x ${ACTIVE}`, organisationId)) {
    const fact = courseFact(byId.get(userId), slug);
    if (fact) fact.completedAt = at;
  }
  for (const [userId, slug, id] of rows<[string, string, string]>(db, `select x.user_id, x.course_slug, x.id from certificates x ${ACTIVE} and x.revoked_at is null`, organisationId)) {
    const fact = courseFact(byId.get(userId), slug);
    if (fact) fact.certificateId = id;
  }
  const assignments = db.select().from(organisationAssignments).where(eq(organisationAssignments.organisationId, organisationId)).all();
  return { members: [...byId.values()], assignments };
}

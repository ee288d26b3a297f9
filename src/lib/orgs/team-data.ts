/**
 * The facts the dashboard, the export and the coverage map are made of. Each member's courses
 * come from their progress digest (one short row per learner, kept by SQLite triggers:
 * docs/decisions/0016), so a report over ten thousand members reads ten thousand rows, not every
 * member-course pair; the exact completion dates and certificate ids are read only for the
 * members a page or an export shows.
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
}

/** Where a member stands in one course, as the digest records it. */
export interface CourseState {
  slug: string;
  enrolled: boolean;
  /** Tasks answered. */
  done: number;
  completed: boolean;
  /** Holds a valid (not revoked) certificate. */
  certified: boolean;
}

export interface MemberProgress extends MemberFacts {
  /** The digest as stored ('' without courses): members with the same team and digest stand in the same place. */
  digest: string;
  /** The courses the member is enrolled in, completed or holds a certificate for (a handful: an array beats a map). */
  courses: CourseState[];
}

export interface TeamProgress {
  members: MemberProgress[];
  assignments: Assignment[];
}

/**
 * Raw prepared statements returning arrays: at ten thousand members the object mapping of the
 * query builder cost as much as the queries themselves (bench/README.md, organisations).
 */
function rows<T extends unknown[]>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.$client.prepare(sql).raw(true).all(...params) as T[];
}

const MEMBER_COLUMNS = 'u.id, u.name, u.email, m.team, m.role, m.seat';
const ACTIVE_MEMBERS = 'organisation_members m join users u on u.id = m.user_id where m.organisation_id = ? and m.removed_at is null';

type MemberRowData = [string, string, string | null, string | null, 'admin' | 'member', string | null];
const member = ([userId, name, email, team, role, seat]: MemberRowData): MemberFacts => ({ userId, name, email: email ?? '', team, role, seat });

/** The active members, by name, without their courses (the members and assignments pages need no more). */
export function readMembers(db: Db, organisationId: string): MemberFacts[] {
  return rows<MemberRowData>(db, `select ${MEMBER_COLUMNS} from ${ACTIVE_MEMBERS} order by u.name`, organisationId).map(member);
}

/** The team names in use, sorted. */
export function teamsOf(members: { team: string | null }[]): string[] {
  return [...new Set(members.map((m) => m.team).filter((t): t is string => Boolean(t)))].sort();
}

/** `course:done:flags` entries separated by spaces (drizzle/0014); parsed from the right, so a colon in a slug cannot confuse it. */
export function parseDigest(digest: string): CourseState[] {
  if (!digest) return [];
  return digest.split(' ').map((entry) => {
    const flagsAt = entry.lastIndexOf(':');
    const doneAt = entry.lastIndexOf(':', flagsAt - 1);
    const flags = entry.slice(flagsAt + 1);
    return { slug: entry.slice(0, doneAt), done: Number(entry.slice(doneAt + 1, flagsAt)), enrolled: flags.includes('e'), completed: flags.includes('c'), certified: flags.includes('k') };
  });
}

/** Every active member, by name, with their courses from the digest; members with the same digest share one parsed array (read it, never change it). */
export function readTeamProgress(db: Db, organisationId: string): TeamProgress {
  const parsed = new Map<string, CourseState[]>();
  const members = rows<[...MemberRowData, string | null]>(
    db,
    `select ${MEMBER_COLUMNS}, d.digest from ${ACTIVE_MEMBERS.replace(' where ', ' left join progress_digests d on d.user_id = m.user_id where ')} order by u.name`,
    organisationId,
  ).map((row) => {
    const digest = row[6] ?? '';
    let courses = parsed.get(digest);
    if (!courses) parsed.set(digest, (courses = parseDigest(digest)));
    return { userId: row[0], name: row[1], email: row[2] ?? '', team: row[3], role: row[4], seat: row[5], digest, courses };
  });
  const assignments = db.select().from(organisationAssignments).where(eq(organisationAssignments.organisationId, organisationId)).all();
  return { members, assignments };
}

/** When a member completed a course (seconds since the epoch) and their valid certificate's id. */
export interface CourseRecord {
  completedAt: number | null;
  certificateId: string | null;
}

export const recordKey = (userId: string, slug: string) => `${userId}\u0000${slug}`;

/**
 * Completion times and certificate ids, keyed by recordKey: of the given members (a page), or of
 * every active member of the organisation (an export).
 */
export function readCourseRecords(db: Db, organisationId: string, userIds: string[] | 'all'): Map<string, CourseRecord> {
  const records = new Map<string, CourseRecord>();
  const record = (userId: string, slug: string) => {
    const key = recordKey(userId, slug);
    let found = records.get(key);
    if (!found) records.set(key, (found = { completedAt: null, certificateId: null }));
    return found;
  };
  if (userIds !== 'all' && userIds.length === 0) return records;
  const whose =
    userIds === 'all'
      ? ['join organisation_members m on m.user_id = x.user_id where m.organisation_id = ? and m.removed_at is null', organisationId]
      : ['where x.user_id in (select value from json_each(?))', JSON.stringify(userIds)];
  for (const [userId, slug, at] of rows<[string, string, number]>(db, `select x.user_id, x.course_slug, x.completed_at from course_completions x ${whose[0]}`, whose[1])) record(userId, slug).completedAt = at;
  for (const [userId, slug, id] of rows<[string, string, string]>(db, `select x.user_id, x.course_slug, x.id from certificates x ${whose[0]} and x.revoked_at is null`, whose[1])) record(userId, slug).certificateId = id;
  return records;
}

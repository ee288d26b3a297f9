/**
 * The organisation dashboard: every member with each course they are assigned or enrolled in,
 * progress, completion, certificate and whether an assignment is overdue; per-course totals;
 * filters; and the same rows as CSV. Only the organisation's admins get here (access.ts).
 */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { OrgAccess } from './access.ts';
import { targets, type Assignment } from './assignments.ts';
import { readCourseRecords, readTeamProgress, recordKey, teamsOf, type CourseRecord, type CourseState, type MemberFacts, type MemberProgress } from './team-data.ts';

export interface CourseInfo {
  slug: string;
  title: string;
  /** Steps a learner completes: every task plus the final assessment (as the learner's own progress bar counts). */
  steps: number;
}

export type RowStatus = 'not-started' | 'in-progress' | 'completed';

/** What every row of a member's course says, shown or only counted. */
interface RowBase {
  courseSlug: string;
  title: string;
  percent: number;
  status: RowStatus;
  assigned: boolean;
  dueAt: Date | null;
  overdue: boolean;
}

/** A shown row: with the completion date and the certificate id. */
export interface ProgressRow extends RowBase {
  completedAt: Date | null;
  certificateId: string | null;
}

export interface MemberRow extends MemberFacts {
  courses: ProgressRow[];
}

export interface DashboardFilters {
  team: string;
  course: string;
  status: '' | RowStatus | 'overdue';
  query: string;
  page: number;
}

export const PAGE_SIZE = 50;

export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    team: (params.get('team') ?? '').slice(0, 60),
    course: (params.get('course') ?? '').slice(0, 120),
    status: (['not-started', 'in-progress', 'completed', 'overdue'].includes(status) ? status : '') as DashboardFilters['status'],
    query: (params.get('q') ?? '').trim().toLowerCase().slice(0, 100),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** A member's row for one course without the dates and ids only a shown row needs: what filters and totals are made of. */
export interface CourseRow extends RowBase {
  completed: boolean;
  certified: boolean;
}

/** Every course a member is assigned or enrolled in: assigned ones first, by due date, then by title. */
function courseRows(member: Pick<MemberProgress, 'userId' | 'team' | 'courses'>, assignments: Assignment[], courses: Map<string, CourseInfo>, now: Date): CourseRow[] {
  // Assigned twice (to the team and to the person): the earlier due date counts.
  const due: { slug: string; dueAt: Date | null }[] = [];
  for (const a of assignments) {
    if (!targets(a.target, member)) continue;
    const earlier = due.find((d) => d.slug === a.courseSlug);
    if (!earlier) due.push({ slug: a.courseSlug, dueAt: a.dueAt });
    else if (a.dueAt && (!earlier.dueAt || a.dueAt < earlier.dueAt)) earlier.dueAt = a.dueAt;
  }
  const rows: CourseRow[] = [];
  const add = (slug: string, state: CourseState | undefined, assigned: { dueAt: Date | null } | undefined) => {
    const course = courses.get(slug);
    if (!course) return;
    const completed = state?.completed ?? false;
    const done = state?.done ?? 0;
    const dueAt = assigned?.dueAt ?? null;
    rows.push({
      courseSlug: slug,
      title: course.title,
      percent: completed ? 100 : Math.min(99, Math.round((done / course.steps) * 100)),
      status: completed ? 'completed' : done > 0 ? 'in-progress' : 'not-started',
      assigned: Boolean(assigned),
      dueAt,
      overdue: Boolean(dueAt && !completed && dueAt < now),
      completed,
      certified: state?.certified ?? false,
    });
  };
  for (const d of due) add(d.slug, member.courses.find((c) => c.slug === d.slug), d);
  for (const state of member.courses) if (state.enrolled && !due.some((d) => d.slug === state.slug)) add(state.slug, state, undefined);
  if (rows.length > 1) rows.sort((a, b) => Number(b.assigned) - Number(a.assigned) || (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.title.localeCompare(b.title));
  return rows;
}

/** A shown member: their rows with completion dates and certificate ids. */
function memberRow(entry: MemberEntry, records: Map<string, CourseRecord>): MemberRow {
  const { userId, name, email, team, role, seat } = entry.member;
  return {
    userId,
    name,
    email,
    team,
    role,
    seat,
    courses: entry.courses.map(({ completed, certified, ...row }) => {
      const record = completed || certified ? records.get(recordKey(userId, row.courseSlug)) : undefined;
      return {
        ...row,
        completedAt: completed && record?.completedAt ? new Date(record.completedAt * 1000) : null,
        certificateId: certified ? (record?.certificateId ?? null) : null,
      };
    }),
  };
}

/** A member with their course rows (rows shared between members who stand in the same place: never change them). */
export interface MemberEntry {
  member: MemberProgress;
  courses: CourseRow[];
}

export interface CourseTotals {
  slug: string;
  title: string;
  assigned: number;
  learning: number;
  completed: number;
  overdue: number;
  certificates: number;
  averagePercent: number;
}

export interface Dashboard {
  members: MemberRow[];
  /** Members matching the filters, before paging. */
  matching: number;
  totalMembers: number;
  page: number;
  pages: number;
  courses: CourseTotals[];
  teams: string[];
  overdue: number;
}

function matches(row: CourseRow, filters: DashboardFilters): boolean {
  if (filters.course && row.courseSlug !== filters.course) return false;
  if (filters.status === 'overdue') return row.overdue;
  return !filters.status || row.status === filters.status;
}

/**
 * Every member's rows, filtered (course and status filters keep the matching courses of each
 * member). Members with the same team and digest and no assignment of their own have the same
 * rows, so they are worked out once per group.
 */
export function dashboardRows(db: Db, access: OrgAccess, courseList: CourseInfo[], filters: DashboardFilters, now = new Date()): { rows: MemberEntry[]; all: MemberEntry[] } {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  const courses = new Map(courseList.map((c) => [c.slug, c]));
  const facts = readTeamProgress(db, access.org.id);
  const ownAssignment = new Set(facts.assignments.filter((a) => a.target.startsWith('member:')).map((a) => a.target.slice('member:'.length)));
  const byPlace = new Map<string, CourseRow[]>();
  const all = facts.members.map((member): MemberEntry => {
    if (ownAssignment.has(member.userId)) return { member, courses: courseRows(member, facts.assignments, courses, now) };
    const place = `${member.team ?? ''}\u0000${member.digest}`;
    let rows = byPlace.get(place);
    if (!rows) byPlace.set(place, (rows = courseRows(member, facts.assignments, courses, now)));
    return { member, courses: rows };
  });
  const narrowing = Boolean(filters.course || filters.status);
  const rows = all
    .filter(({ member: m }) => (!filters.team || m.team === filters.team) && (!filters.query || m.name.toLowerCase().includes(filters.query) || m.email.includes(filters.query)))
    .map((entry) => (narrowing ? { ...entry, courses: entry.courses.filter((r) => matches(r, filters)) } : entry))
    .filter((entry) => !narrowing || entry.courses.length > 0);
  return { rows, all };
}

/** Reads everything in one snapshot, so the digests and the dates of the shown members agree. */
const snapshot = <T>(db: Db, read: () => T): T => db.$client.transaction(read)();

export function orgDashboard(db: Db, access: OrgAccess, courseList: CourseInfo[], filters: DashboardFilters, now = new Date()): Dashboard {
  return snapshot(db, () => {
    const { rows, all } = dashboardRows(db, access, courseList, filters, now);
    const totals = new Map<string, CourseTotals & { percentSum: number; counted: number }>();
    let overdue = 0;
    for (const entry of all) {
      for (const row of entry.courses) {
        let t = totals.get(row.courseSlug);
        if (!t) totals.set(row.courseSlug, (t = { slug: row.courseSlug, title: row.title, assigned: 0, learning: 0, completed: 0, overdue: 0, certificates: 0, averagePercent: 0, percentSum: 0, counted: 0 }));
        t.assigned += Number(row.assigned);
        t.learning += Number(row.status === 'in-progress');
        t.completed += Number(row.status === 'completed');
        t.overdue += Number(row.overdue);
        t.certificates += Number(row.certified);
        t.percentSum += row.percent;
        t.counted++;
        overdue += Number(row.overdue);
      }
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(filters.page, pages);
    const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const records = readCourseRecords(db, access.org.id, shown.map((entry) => entry.member.userId));
    return {
      members: shown.map((entry) => memberRow(entry, records)),
      matching: rows.length,
      totalMembers: all.length,
      page,
      pages,
      courses: [...totals.values()].map(({ percentSum, counted, ...t }) => ({ ...t, averagePercent: Math.round(percentSum / counted) })).sort((a, b) => b.assigned - a.assigned || a.title.localeCompare(b.title)),
      teams: teamsOf(all.map((entry) => entry.member)),
      overdue,
    };
  });
}

/** A spreadsheet would run a cell that starts with one of these as a formula: it gets a leading apostrophe. */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const isoDate = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');

/** The filtered rows as CSV, one line per member and course (members without courses get one line). */
export function dashboardCsv(db: Db, access: OrgAccess, courseList: CourseInfo[], filters: DashboardFilters, baseUrl: string, now = new Date()): string {
  const { rows, records: dates } = snapshot(db, () => {
    const { rows } = dashboardRows(db, access, courseList, filters, now);
    return { rows, records: readCourseRecords(db, access.org.id, 'all') };
  });
  const records: string[][] = [['name', 'email', 'team', 'course', 'course_title', 'assigned', 'due', 'overdue', 'status', 'progress_percent', 'completed', 'certificate']];
  for (const entry of rows) {
    const member = memberRow(entry, dates);
    const person = [member.name, member.email, member.team ?? ''];
    if (member.courses.length === 0) records.push([...person, '', '', '', '', '', '', '', '', '']);
    for (const row of member.courses) {
      records.push([...person, row.courseSlug, row.title, row.assigned ? 'yes' : 'no', isoDate(row.dueAt), row.overdue ? 'yes' : 'no', row.status, String(row.percent), isoDate(row.completedAt), row.certificateId ? `${baseUrl}/certificates/${row.certificateId}` : '']);
    }
  }
  // A byte-order mark so spreadsheet programs read umlauts as UTF-8.
  return '\ufeff' + stringify(records.map((record) => record.map(spreadsheetSafe)), { record_delimiter: 'windows' });
}

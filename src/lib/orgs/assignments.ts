/**
 * Courses assigned to everyone, a team or one member, with an optional due date, and the
 * reminders that follow from it: one row per member and offset, with its state (queued, sent,
 * skipped and why) for the admin to see. `processReminders` hands the due ones to the mail outbox
 * once, even when several processes run it at the same time.
 */
import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assignmentReminders, courseCompletions, organisationAssignments, organisationMembers, organisations, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { queueMail } from '../mail/outbox.ts';
import { formatDate, translator } from '../i18n/ui.ts';
import { log } from '../log/log.ts';
import type { OrgAccess } from './access.ts';
import { cleanTeam } from './organisations.ts';

const DAY_MS = 86_400_000;
/** A reminder more than this late (the server was down, the member joined after it) is skipped, not sent. */
const LATE_LIMIT_MS = 2 * DAY_MS;
export const DEFAULT_REMINDER_OFFSETS = [7, 1, -1];

export type Assignment = typeof organisationAssignments.$inferSelect;

/** "7, 1, -1" → [7, 1, -1]: days before the due date (negative: after), at most five, -30 to 90. */
export function parseOffsets(text: string): number[] {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  const offsets = parts.map((part) => (/^[+-]?\d{1,3}$/.test(part) ? Number(part) : NaN));
  if (offsets.some((n) => !Number.isInteger(n) || n < -30 || n > 90) || offsets.length > 5) throw new AppError(422, 'org.assign.offsetsInvalid', 'offsets');
  return [...new Set(offsets)].sort((a, b) => b - a);
}

/** A due date from a date field (YYYY-MM-DD): the end of that day in UTC; empty for none. */
export function parseDueDate(text: string, now = new Date()): Date | null {
  if (!text.trim()) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59)) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text.trim()) throw new AppError(422, 'org.assign.dueInvalid', 'due');
  if (date.getTime() < now.getTime() - DAY_MS) throw new AppError(422, 'org.assign.duePast', 'due');
  return date;
}

export type Target = { kind: 'everyone' } | { kind: 'team'; team: string } | { kind: 'member'; userId: string };

export function targetKey(target: Target): string {
  return target.kind === 'everyone' ? 'everyone' : target.kind === 'team' ? `team:${target.team}` : `member:${target.userId}`;
}

export function parseTarget(key: string): Target {
  if (key === 'everyone') return { kind: 'everyone' };
  if (key.startsWith('team:')) return { kind: 'team', team: key.slice(5) };
  if (key.startsWith('member:')) return { kind: 'member', userId: key.slice(7) };
  throw new AppError(422, 'org.assign.targetInvalid', 'target');
}

/** Whether an assignment's target includes this member. */
export function targets(target: string, member: { userId: string; team: string | null }): boolean {
  return target === 'everyone' || target === `team:${member.team ?? ''}` || target === `member:${member.userId}`;
}

/** Assigns a course; assigning the same course to the same target again updates the due date and reminders. */
export function assignCourse(db: Db, access: OrgAccess & { user: { id: string } }, input: { courseSlug: string; target: string; due: string; offsets: string }, courseSlugs: readonly string[], now = new Date()): void {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  if (!courseSlugs.includes(input.courseSlug)) throw new AppError(422, 'org.assign.courseUnknown', 'course');
  const target = parseTarget(input.target);
  if (target.kind === 'team' && !cleanTeam(target.team)) throw new AppError(422, 'org.assign.targetInvalid', 'target');
  if (target.kind === 'member') {
    const member = db.select({ userId: organisationMembers.userId }).from(organisationMembers).where(and(eq(organisationMembers.organisationId, access.org.id), eq(organisationMembers.userId, target.userId), isNull(organisationMembers.removedAt))).get();
    if (!member) throw new AppError(422, 'org.assign.targetInvalid', 'target');
  }
  const dueAt = parseDueDate(input.due, now);
  const offsets = dueAt ? parseOffsets(input.offsets) : [];
  db.transaction((tx) => {
    const key = targetKey(target);
    tx.insert(organisationAssignments)
      .values({ organisationId: access.org.id, courseSlug: input.courseSlug, target: key, dueAt, reminderOffsets: offsets, createdBy: access.user.id })
      .onConflictDoUpdate({ target: [organisationAssignments.organisationId, organisationAssignments.courseSlug, organisationAssignments.target], set: { dueAt, reminderOffsets: offsets } })
      .run();
    // A changed due date or offsets: reminders not yet sent are planned again.
    const assignment = tx.select({ id: organisationAssignments.id }).from(organisationAssignments).where(and(eq(organisationAssignments.organisationId, access.org.id), eq(organisationAssignments.courseSlug, input.courseSlug), eq(organisationAssignments.target, key))).get()!;
    tx.delete(assignmentReminders).where(and(eq(assignmentReminders.assignmentId, assignment.id), eq(assignmentReminders.state, 'queued'))).run();
  });
  planReminders(db, now, access.org.id);
}

export function removeAssignment(db: Db, access: OrgAccess, assignmentId: number): void {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  const result = db.delete(organisationAssignments).where(and(eq(organisationAssignments.id, assignmentId), eq(organisationAssignments.organisationId, access.org.id))).run();
  if (result.changes === 0) throw new AppError(404, 'org.assign.unknown');
}

/** The organisation's assignments with how many reminders are in each state. */
export function assignmentsOf(db: Db, access: OrgAccess) {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  const list = db.select().from(organisationAssignments).where(eq(organisationAssignments.organisationId, access.org.id)).orderBy(asc(organisationAssignments.dueAt), asc(organisationAssignments.id)).all();
  const states = list.length
    ? db
        .select({ assignmentId: assignmentReminders.assignmentId, state: assignmentReminders.state, n: count() })
        .from(assignmentReminders)
        .where(inArray(assignmentReminders.assignmentId, list.map((a) => a.id)))
        .groupBy(assignmentReminders.assignmentId, assignmentReminders.state)
        .all()
    : [];
  return list.map((assignment) => ({ assignment, reminders: Object.fromEntries(states.filter((s) => s.assignmentId === assignment.id).map((s) => [s.state, s.n])) as Partial<Record<string, number>> }));
}

/** The reminder rows of one assignment, with the member's name: what was sent, skipped and why. */
export function remindersOf(db: Db, access: OrgAccess, assignmentId: number) {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  return db
    .select({ reminder: assignmentReminders, name: users.name })
    .from(assignmentReminders)
    .innerJoin(organisationAssignments, eq(organisationAssignments.id, assignmentReminders.assignmentId))
    .innerJoin(users, eq(users.id, assignmentReminders.userId))
    .where(and(eq(assignmentReminders.assignmentId, assignmentId), eq(organisationAssignments.organisationId, access.org.id)))
    .orderBy(asc(assignmentReminders.sendAt), asc(users.name))
    .limit(500)
    .all();
}

/** The courses assigned to a person in all their organisations, due first. */
export function assignmentsForMember(db: Db, userId: string) {
  const memberships = db.select().from(organisationMembers).where(and(eq(organisationMembers.userId, userId), isNull(organisationMembers.removedAt))).all();
  if (memberships.length === 0) return [];
  const rows = db
    .select({ assignment: organisationAssignments, orgName: organisations.name })
    .from(organisationAssignments)
    .innerJoin(organisations, eq(organisations.id, organisationAssignments.organisationId))
    .where(inArray(organisationAssignments.organisationId, memberships.map((m) => m.organisationId)))
    .all();
  return rows
    .filter((row) => targets(row.assignment.target, memberships.find((m) => m.organisationId === row.assignment.organisationId)!))
    .map((row) => ({ courseSlug: row.assignment.courseSlug, dueAt: row.assignment.dueAt, organisationId: row.assignment.organisationId, orgName: row.orgName }))
    .sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
}

/**
 * Writes a queued row for every reminder an assignment implies for its current members (one SQL
 * statement per assignment; existing rows stay as they are). Members who join later get theirs on
 * the next run.
 */
export function planReminders(db: Db, now = new Date(), organisationId?: string): void {
  const list = db
    .select()
    .from(organisationAssignments)
    .where(organisationId ? eq(organisationAssignments.organisationId, organisationId) : sql`${organisationAssignments.dueAt} is not null`)
    .all()
    .filter((a) => a.dueAt && a.reminderOffsets.length > 0);
  const insert = db.$client.prepare(`
    insert into assignment_reminders (assignment_id, user_id, offset_days, send_at, state, updated_at)
    select @assignmentId, m.user_id, @offset, @sendAt, 'queued', @now
    from organisation_members m
    where m.organisation_id = @orgId and m.removed_at is null
      and (@target = 'everyone' or @target = 'team:' || coalesce(m.team, '') or @target = 'member:' || m.user_id)
    on conflict do nothing`);
  db.transaction(() => {
    for (const assignment of list) {
      for (const offset of assignment.reminderOffsets) {
        const sendAt = Math.floor((assignment.dueAt!.getTime() - offset * DAY_MS) / 1000);
        insert.run({ assignmentId: assignment.id, offset, sendAt, now: Math.floor(now.getTime() / 1000), orgId: assignment.organisationId, target: assignment.target });
      }
    }
  });
}

export interface ReminderRun {
  sent: number;
  skipped: number;
}

/**
 * Hands the reminders that are due to the mail outbox. Each row is decided and its mail queued in
 * one IMMEDIATE transaction (the mail also carries a unique key per reminder), so two processes
 * never send the same one; members who completed the course, left the organisation or are no
 * longer in the target are skipped with the reason on the row.
 */
export function processReminders(db: Db, courseTitles: ReadonlyMap<string, string>, baseUrl: string, now = new Date()): ReminderRun {
  planReminders(db, now);
  const run: ReminderRun = { sent: 0, skipped: 0 };
  const due = db
    .select({ reminder: assignmentReminders, assignment: organisationAssignments, orgName: organisations.name })
    .from(assignmentReminders)
    .innerJoin(organisationAssignments, eq(organisationAssignments.id, assignmentReminders.assignmentId))
    .innerJoin(organisations, eq(organisations.id, organisationAssignments.organisationId))
    .where(and(eq(assignmentReminders.state, 'queued'), lte(assignmentReminders.sendAt, now)))
    .orderBy(asc(assignmentReminders.sendAt))
    .limit(1000)
    .all();
  for (const { reminder, assignment, orgName } of due) {
    db.transaction(
      (tx) => {
        const finish = (state: 'sent' | 'skipped', reason: string | null) => {
          const changed = tx.update(assignmentReminders).set({ state, reason, updatedAt: now }).where(and(eq(assignmentReminders.id, reminder.id), eq(assignmentReminders.state, 'queued'))).run();
          if (changed.changes === 1) run[state]++;
          return changed.changes === 1;
        };
        const member = tx
          .select({ team: organisationMembers.team, removedAt: organisationMembers.removedAt, email: users.email, name: users.name, language: users.language })
          .from(organisationMembers)
          .innerJoin(users, eq(users.id, organisationMembers.userId))
          .where(and(eq(organisationMembers.organisationId, assignment.organisationId), eq(organisationMembers.userId, reminder.userId)))
          .get();
        const completed = tx.select({ at: courseCompletions.completedAt }).from(courseCompletions).where(and(eq(courseCompletions.userId, reminder.userId), eq(courseCompletions.courseSlug, assignment.courseSlug))).get();
        if (!member || member.removedAt) finish('skipped', 'removed');
        else if (!targets(assignment.target, { userId: reminder.userId, team: member.team })) finish('skipped', 'not-assigned');
        else if (completed) finish('skipped', 'completed');
        else if (!member.email) finish('skipped', 'no-address');
        else if (now.getTime() - reminder.sendAt.getTime() > LATE_LIMIT_MS) finish('skipped', 'too-late');
        else if (finish('sent', null)) {
          const t = translator(member.language);
          const course = courseTitles.get(assignment.courseSlug) ?? assignment.courseSlug;
          const overdue = assignment.dueAt!.getTime() < now.getTime();
          queueMail(tx, {
            to: member.email,
            kind: 'org-reminder',
            dedupeKey: `org-reminder:${reminder.id}`,
            subject: t(overdue ? 'mail.orgReminder.subjectOverdue' : 'mail.orgReminder.subject', { course }),
            text: t('mail.orgReminder.body', { name: member.name, org: orgName, course, due: formatDate(assignment.dueAt!, member.language, 'long'), overdue: overdue ? 'yes' : 'no', link: `${baseUrl}/courses/${assignment.courseSlug}` }),
          });
        }
      },
      { behavior: 'immediate' },
    );
  }
  if (run.sent + run.skipped > 0) log.info({ ...run }, 'assignment reminders processed');
  return run;
}

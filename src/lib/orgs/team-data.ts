/**
 * The facts the dashboard, the export and the coverage map are made of, read in a handful of
 * set-based queries (members, their enrolments with the kept task count, completions,
 * certificates, assignments), so a report over thousands of members stays one pass in memory.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { certificates, courseCompletions, enrolments, organisationAssignments, organisationMembers, users } from '../db/schema.ts';
import type { Assignment } from './assignments.ts';

export interface MemberFacts {
  userId: string;
  name: string;
  email: string;
  team: string | null;
  role: 'admin' | 'member';
  seat: string | null;
  sharesAssessment: boolean;
  /** Course slug → tasks answered. */
  enrolled: Map<string, number>;
  /** Course slug → completion date. */
  completed: Map<string, Date>;
  /** Course slug → certificate id (valid ones only). */
  certificates: Map<string, string>;
}

export interface TeamFacts {
  members: MemberFacts[];
  assignments: Assignment[];
}

export function readTeamFacts(db: Db, organisationId: string): TeamFacts {
  const activeMember = and(eq(organisationMembers.organisationId, organisationId), isNull(organisationMembers.removedAt));
  const members = db
    .select({ userId: users.id, name: users.name, email: users.email, team: organisationMembers.team, role: organisationMembers.role, seat: organisationMembers.seat, sharedAt: organisationMembers.assessmentSharedAt })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .where(activeMember)
    .orderBy(users.name)
    .all();
  const byId = new Map<string, MemberFacts>(
    members.map((m) => [m.userId, { userId: m.userId, name: m.name, email: m.email ?? '', team: m.team, role: m.role, seat: m.seat, sharesAssessment: Boolean(m.sharedAt), enrolled: new Map(), completed: new Map(), certificates: new Map() }]),
  );
  for (const row of db.select({ userId: enrolments.userId, slug: enrolments.courseSlug, done: enrolments.tasksDone }).from(enrolments).innerJoin(organisationMembers, eq(organisationMembers.userId, enrolments.userId)).where(activeMember).all()) {
    byId.get(row.userId)?.enrolled.set(row.slug, row.done);
  }
  for (const row of db.select({ userId: courseCompletions.userId, slug: courseCompletions.courseSlug, at: courseCompletions.completedAt }).from(courseCompletions).innerJoin(organisationMembers, eq(organisationMembers.userId, courseCompletions.userId)).where(activeMember).all()) {
    byId.get(row.userId)?.completed.set(row.slug, row.at);
  }
  for (const row of db
    .select({ userId: certificates.userId, slug: certificates.courseSlug, id: certificates.id })
    .from(certificates)
    .innerJoin(organisationMembers, eq(organisationMembers.userId, certificates.userId))
    .where(and(activeMember, isNull(certificates.revokedAt)))
    .all()) {
    if (row.userId) byId.get(row.userId)?.certificates.set(row.slug, row.id);
  }
  const assignments = db.select().from(organisationAssignments).where(eq(organisationAssignments.organisationId, organisationId)).all();
  return { members: [...byId.values()], assignments };
}

/**
 * Who may see what of an organisation: the one place that decides it. Every page, count, list,
 * e-mail and export about an organisation asks these functions first.
 *
 * - An organisation's admins see its members, seats, assignments, progress and coverage map.
 * - A member sees the organisation's name, learning-time note and their own assignments, and
 *   decides whether their self-assessment is shared with it.
 * - Nobody else learns that the organisation exists: outsiders get "not found", not "forbidden".
 * - A self-assessment is visible to the organisation only while its owner shares it.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { organisationMembers, organisations } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireVerifiedUser } from '../auth/guards.ts';
import type { SessionUser } from '../auth/sessions.ts';

export type Organisation = Omit<typeof organisations.$inferSelect, 'logo'>;
export type Membership = typeof organisationMembers.$inferSelect;

export interface OrgAccess {
  org: Organisation;
  membership: Membership;
  isAdmin: boolean;
}

const orgColumns = {
  id: organisations.id,
  slug: organisations.slug,
  name: organisations.name,
  learningTimeNote: organisations.learningTimeNote,
  logoType: organisations.logoType,
  createdBy: organisations.createdBy,
  createdAt: organisations.createdAt,
};

export function organisationBySlug(db: DbOrTx, slug: string): Organisation | null {
  return db.select(orgColumns).from(organisations).where(eq(organisations.slug, slug)).get() ?? null;
}

/** The active membership of a person in an organisation, or null. */
export function activeMembership(db: DbOrTx, organisationId: string, userId: string): Membership | null {
  return (
    db
      .select()
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId), isNull(organisationMembers.removedAt)))
      .get() ?? null
  );
}

/** What this person may do in the organisation at this address; null for outsiders (and unknown addresses). */
export function orgAccess(db: Db, user: SessionUser | null | undefined, slug: string): OrgAccess | null {
  if (!user) return null;
  const org = organisationBySlug(db, slug);
  if (!org) return null;
  const membership = activeMembership(db, org.id, user.id);
  return membership ? { org, membership, isAdmin: membership.role === 'admin' } : null;
}

/** A signed-in, verified member of the organisation (401 for visitors, 404 for outsiders). */
export function requireOrgMember(db: Db, user: SessionUser | null | undefined, slug: string): OrgAccess & { user: SessionUser } {
  const signedIn = requireVerifiedUser(user);
  const access = orgAccess(db, signedIn, slug);
  if (!access) throw new AppError(404, 'error.notFound');
  return { ...access, user: signedIn };
}

/** One of the organisation's admins (members who are not admins get 403). */
export function requireOrgAdmin(db: Db, user: SessionUser | null | undefined, slug: string): OrgAccess & { user: SessionUser } {
  const access = requireOrgMember(db, user, slug);
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  return access;
}

/**
 * The members whose self-assessment this organisation may read: active, and sharing it now.
 * Withdrawing consent (or leaving) removes the member from this list at once.
 */
export function membersSharingAssessment(db: DbOrTx, organisationId: string): Set<string> {
  const rows = db
    .select({ userId: organisationMembers.userId })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), isNull(organisationMembers.removedAt), isNotNull(organisationMembers.assessmentSharedAt)))
    .all();
  return new Set(rows.map((row) => row.userId));
}

/** The organisations a person belongs to, with their role, for their dashboard. */
export function myOrganisations(db: Db, userId: string): { org: Organisation; membership: Membership }[] {
  return db
    .select({ org: orgColumns, membership: organisationMembers })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(and(eq(organisationMembers.userId, userId), isNull(organisationMembers.removedAt)))
    .all();
}

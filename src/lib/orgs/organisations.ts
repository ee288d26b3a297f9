/**
 * Creating an organisation, its settings and logo, and what admins do with members: roles,
 * teams, seats, removal. Members decide themselves whether their self-assessment is shared.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { organisationMembers, organisations } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireVerifiedUser } from '../auth/guards.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { activeMembership, organisationBySlug, type OrgAccess } from './access.ts';
import { releaseSeat, useSeat } from './seats.ts';

/** Addresses under /org/ that are pages, not organisations. */
const RESERVED_SLUGS = new Set(['join', 'new']);
export const LOGO_MAX_BYTES = 200_000;

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base || 'organisation';
}

export function validName(value: string): string {
  const name = value.trim();
  if (!name) throw new AppError(422, 'org.nameRequired', 'name');
  if (name.length > 100 || /[\p{Cc}\p{Cf}]/u.test(name)) throw new AppError(422, 'org.nameInvalid', 'name');
  return name;
}

function validNote(value: string): string {
  const note = value.trim();
  if (note.length > 1000) throw new AppError(422, 'org.noteTooLong', 'note');
  return note;
}

/** Any verified person may create an organisation and becomes its first admin. Returns its slug. */
export function createOrganisation(db: Db, actor: SessionUser | null | undefined, input: { name: string; note: string }): string {
  const user = requireVerifiedUser(actor);
  const name = validName(input.name);
  const note = validNote(input.note);
  return db.transaction(
    (tx) => {
      const base = slugify(name);
      let slug = base;
      for (let n = 2; RESERVED_SLUGS.has(slug) || organisationBySlug(tx, slug); n++) slug = `${base}-${n}`;
      const id = randomUUID();
      tx.insert(organisations).values({ id, slug, name, learningTimeNote: note, createdBy: user.id }).run();
      tx.insert(organisationMembers).values({ organisationId: id, userId: user.id, role: 'admin' }).run();
      return slug;
    },
    { behavior: 'immediate' },
  );
}

export function updateOrganisation(db: Db, access: OrgAccess, input: { name: string; note: string }): void {
  requireAdminAccess(access);
  db.update(organisations).set({ name: validName(input.name), learningTimeNote: validNote(input.note) }).where(eq(organisations.id, access.org.id)).run();
}

/** The file's first bytes decide its type, not its name or the browser's claim. */
function imageType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** Stores an uploaded logo after checking its size and type. */
export async function uploadLogo(db: Db, access: OrgAccess, file: File | null): Promise<void> {
  requireAdminAccess(access);
  if (!file || file.size === 0) throw new AppError(422, 'org.logoMissing', 'logo');
  if (file.size > LOGO_MAX_BYTES) throw new AppError(413, 'org.logoTooLarge', 'logo');
  const bytes = Buffer.from(await file.arrayBuffer());
  const type = imageType(bytes);
  if (!type) throw new AppError(415, 'org.logoType', 'logo');
  db.update(organisations).set({ logo: bytes, logoType: type }).where(eq(organisations.id, access.org.id)).run();
}

export function removeLogo(db: Db, access: OrgAccess): void {
  requireAdminAccess(access);
  db.update(organisations).set({ logo: null, logoType: null }).where(eq(organisations.id, access.org.id)).run();
}

export function logoOf(db: Db, access: OrgAccess): { bytes: Buffer; type: string } | null {
  const row = db.select({ logo: organisations.logo, type: organisations.logoType }).from(organisations).where(eq(organisations.id, access.org.id)).get();
  return row?.logo && row.type ? { bytes: row.logo, type: row.type } : null;
}

function requireAdminAccess(access: OrgAccess): void {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
}

function requireMember(db: Db, access: OrgAccess, userId: string) {
  const member = activeMembership(db, access.org.id, userId);
  if (!member) throw new AppError(404, 'org.members.unknown');
  return member;
}

function adminCount(db: Db, organisationId: string): number {
  return (
    db
      .select({ n: count() })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.role, 'admin'), isNull(organisationMembers.removedAt)))
      .get()?.n ?? 0
  );
}

const TEAM_MAX = 60;

export function cleanTeam(value: string | null | undefined): string | null {
  const team = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!team) return null;
  if (team.length > TEAM_MAX || /[\p{Cc}\p{Cf}]/u.test(team)) throw new AppError(422, 'org.teamInvalid', 'team');
  return team;
}

export type MemberAction = { kind: 'role'; role: 'admin' | 'member' } | { kind: 'team'; team: string } | { kind: 'seat'; seat: string } | { kind: 'release-seat' } | { kind: 'remove' };

/**
 * What admins do with a member. An organisation always keeps at least one admin; a removed
 * member keeps their progress and certificates (they are theirs) and their seat is freed.
 */
export function changeMember(db: Db, access: OrgAccess & { user: SessionUser }, userId: string, action: MemberAction): void {
  requireAdminAccess(access);
  const orgId = access.org.id;
  db.transaction(
    (tx) => {
      const member = requireMember(db, access, userId);
      const where = and(eq(organisationMembers.organisationId, orgId), eq(organisationMembers.userId, userId));
      if (action.kind === 'role') {
        if (member.role === 'admin' && action.role === 'member' && adminCount(db, orgId) <= 1) throw new AppError(409, 'org.members.lastAdmin');
        tx.update(organisationMembers).set({ role: action.role }).where(where).run();
      } else if (action.kind === 'team') {
        tx.update(organisationMembers).set({ team: cleanTeam(action.team) }).where(where).run();
      } else if (action.kind === 'seat') {
        if (member.seat) releaseSeat(tx, orgId, userId, access.user.id);
        useSeat(tx, orgId, action.seat, userId, access.user.id);
      } else if (action.kind === 'release-seat') {
        releaseSeat(tx, orgId, userId, access.user.id);
      } else {
        if (member.role === 'admin' && adminCount(db, orgId) <= 1) throw new AppError(409, 'org.members.lastAdmin');
        releaseSeat(tx, orgId, userId, access.user.id);
        // Leaving ends the consent to share the self-assessment with this organisation.
        tx.update(organisationMembers).set({ removedAt: new Date(), assessmentSharedAt: null, role: 'member' }).where(where).run();
      }
    },
    { behavior: 'immediate' },
  );
}

/** The member's own choice: share their latest self-assessment with this organisation, or stop sharing. */
export function setAssessmentSharing(db: Db, access: OrgAccess & { user: SessionUser }, share: boolean): void {
  db.update(organisationMembers)
    .set({ assessmentSharedAt: share ? new Date() : null })
    .where(and(eq(organisationMembers.organisationId, access.org.id), eq(organisationMembers.userId, access.user.id), isNull(organisationMembers.removedAt)))
    .run();
}

/** A deleted account leaves every organisation: seats are freed and nothing about it is shared any more. */
export function leaveAllOrganisations(tx: DbOrTx, userId: string): void {
  const memberships = tx.select({ organisationId: organisationMembers.organisationId }).from(organisationMembers).where(and(eq(organisationMembers.userId, userId), isNull(organisationMembers.removedAt))).all();
  for (const { organisationId } of memberships) {
    releaseSeat(tx, organisationId, userId, null);
    tx.update(organisationMembers).set({ removedAt: new Date(), assessmentSharedAt: null, role: 'member' }).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))).run();
  }
}

/** A person's memberships, for their data export. */
export function membershipsOf(db: DbOrTx, userId: string) {
  return db
    .select({ organisation: organisations.name, role: organisationMembers.role, team: organisationMembers.team, seat: organisationMembers.seat, assessmentSharedAt: organisationMembers.assessmentSharedAt, joinedAt: organisationMembers.joinedAt, removedAt: organisationMembers.removedAt })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .all();
}

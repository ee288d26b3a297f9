/**
 * Inviting people: one address, a pasted list or a CSV file, always through a dry run that says
 * per row what will happen and why a row is refused. Inviting is idempotent on the address: an
 * open invitation is left alone, an expired one is renewed. The link carries a random token of
 * which only a SHA-256 hash is stored; it expires, works once, and only for the invited address.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { organisationInvitations, organisationMembers, organisations, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { queueMail } from '../mail/outbox.ts';
import { translator } from '../i18n/ui.ts';
import type { Language } from '../i18n/language.ts';
import { createUser } from '../auth/accounts.ts';
import { requireVerifiedUser } from '../auth/guards.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { activeMembership, type OrgAccess } from './access.ts';
import { cleanTeam } from './organisations.ts';
import { POOL_SEAT, useSeat } from './seats.ts';

export const INVITATION_DAYS = 14;
export const MAX_IMPORT_ROWS = 2000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export interface InviteRow {
  /** Line in the pasted list or file (1-based), so a refusal can name it. */
  line: number;
  email: string;
  name: string;
  team: string;
  course: string;
}

export type RowStatus = 'invite' | 'renew' | 'already-invited' | 'already-member' | 'invalid-email' | 'unknown-course' | 'invalid-team' | 'duplicate';

export interface RowPlan extends InviteRow {
  status: RowStatus;
  /** `*` (pool) or a course slug. */
  seat: string;
}

const HEADER_NAMES: Record<string, keyof Omit<InviteRow, 'line'>> = { email: 'email', 'e-mail': 'email', mail: 'email', 'e-post': 'email', name: 'name', namn: 'name', team: 'team', course: 'course', kurs: 'course' };

/**
 * Rows from a pasted list or a CSV file: one person per line, `email, name, team, course` (only
 * the address is required); a header line naming the columns may come first, in any order.
 * Commas, semicolons or tabs separate; quotes allow commas in names.
 */
export function parseInviteRows(text: string): InviteRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError(422, 'org.invite.csvBroken', 'rows', undefined, { line: line ?? 0 });
  }
  let columns: (keyof Omit<InviteRow, 'line'>)[] = ['email', 'name', 'team', 'course'];
  let lineOffset = 1;
  const header = records[0]?.map((cell) => HEADER_NAMES[cell.toLowerCase()]);
  if (header && header.includes('email') && !records[0].some((cell) => cell.includes('@'))) {
    columns = header.map((c) => c ?? ('' as never));
    records = records.slice(1);
    lineOffset = 2;
  }
  if (records.length > MAX_IMPORT_ROWS) throw new AppError(413, 'org.invite.tooMany', 'rows', undefined, { max: MAX_IMPORT_ROWS });
  return records.map((record, i) => {
    const row: InviteRow = { line: i + lineOffset, email: '', name: '', team: '', course: '' };
    columns.forEach((column, c) => {
      if (column) row[column] = (record[c] ?? '').trim();
    });
    row.email = row.email.toLowerCase();
    return row;
  });
}

/** What inviting these rows would do, row by row, without changing anything. */
export function planInvitations(db: Db, access: OrgAccess, rows: InviteRow[], courseSlugs: readonly string[], defaultSeat: string, now = new Date()): RowPlan[] {
  const orgId = access.org.id;
  const members = new Set(
    db
      .select({ email: users.email })
      .from(organisationMembers)
      .innerJoin(users, eq(users.id, organisationMembers.userId))
      .where(and(eq(organisationMembers.organisationId, orgId), isNull(organisationMembers.removedAt)))
      .all()
      .map((row) => row.email),
  );
  const open = new Map(
    db
      .select({ email: organisationInvitations.email, expiresAt: organisationInvitations.expiresAt })
      .from(organisationInvitations)
      .where(and(eq(organisationInvitations.organisationId, orgId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.withdrawnAt)))
      .all()
      .map((row) => [row.email, row.expiresAt]),
  );
  const seen = new Set<string>();
  return rows.map((row) => {
    const seat = row.course ? row.course : defaultSeat;
    const plan = (status: RowStatus): RowPlan => ({ ...row, seat, status });
    if (!EMAIL.test(row.email) || row.email.length > 254) return plan('invalid-email');
    if (seen.has(row.email)) return plan('duplicate');
    seen.add(row.email);
    if (seat !== POOL_SEAT && !courseSlugs.includes(seat)) return plan('unknown-course');
    try {
      cleanTeam(row.team);
    } catch {
      return plan('invalid-team');
    }
    if (members.has(row.email)) return plan('already-member');
    const expiresAt = open.get(row.email);
    if (expiresAt) return plan(expiresAt > now ? 'already-invited' : 'renew');
    return plan('invite');
  });
}

/**
 * Sends the invitations the plan marks `invite` or `renew` (planned again here, so a second
 * import of the same file changes nothing) and returns the plan. Mails go out after the answer.
 */
export function sendInvitations(
  db: Db,
  access: OrgAccess & { user: SessionUser },
  rows: InviteRow[],
  options: { courseSlugs: readonly string[]; defaultSeat: string; language: Language; baseUrl: string; now?: Date },
): RowPlan[] {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const t = translator(options.language);
  // The mails are written in the same transaction as the invitations: both exist, or neither.
  return db.transaction(
    (tx) => {
      const planned = planInvitations(db, access, rows, options.courseSlugs, options.defaultSeat, now);
      for (const plan of planned) {
        if (plan.status !== 'invite' && plan.status !== 'renew') continue;
        const token = randomBytes(32).toString('base64url');
        const values = { name: plan.name || null, team: cleanTeam(plan.team), seat: plan.seat, tokenHash: hashToken(token), invitedBy: access.user.id, expiresAt };
        if (plan.status === 'renew') {
          tx.update(organisationInvitations)
            .set(values)
            .where(and(eq(organisationInvitations.organisationId, access.org.id), eq(organisationInvitations.email, plan.email), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.withdrawnAt)))
            .run();
        } else {
          tx.insert(organisationInvitations).values({ id: randomUUID(), organisationId: access.org.id, email: plan.email, ...values }).run();
        }
        queueMail(tx, {
          to: plan.email,
          kind: 'org-invitation',
          subject: t('mail.orgInvite.subject', { org: access.org.name }),
          text: t('mail.orgInvite.body', { inviter: access.user.name, org: access.org.name, link: `${options.baseUrl}/org/join?token=${token}`, days: INVITATION_DAYS }),
        });
      }
      return planned;
    },
    { behavior: 'immediate' },
  );
}

/** Open (not accepted, not withdrawn) invitations, newest first, with whether each has expired. */
export function openInvitations(db: Db, access: OrgAccess, now = new Date()) {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  return db
    .select({ id: organisationInvitations.id, email: organisationInvitations.email, name: organisationInvitations.name, team: organisationInvitations.team, seat: organisationInvitations.seat, expiresAt: organisationInvitations.expiresAt, createdAt: organisationInvitations.createdAt })
    .from(organisationInvitations)
    .where(and(eq(organisationInvitations.organisationId, access.org.id), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.withdrawnAt)))
    .orderBy(desc(organisationInvitations.createdAt))
    .all()
    .map((row) => ({ ...row, expired: row.expiresAt <= now }));
}

export function withdrawInvitation(db: Db, access: OrgAccess, invitationId: string): void {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  const result = db
    .update(organisationInvitations)
    .set({ withdrawnAt: new Date() })
    .where(and(eq(organisationInvitations.id, invitationId), eq(organisationInvitations.organisationId, access.org.id), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.withdrawnAt)))
    .run();
  if (result.changes === 0) throw new AppError(404, 'org.invite.unknown');
}

export interface InvitationView {
  orgName: string;
  orgSlug: string;
  email: string;
  /** An account with the invited address exists (then the person signs in; otherwise they create one here). */
  accountExists: boolean;
}

/** An invitation that can still be accepted, for the join page; the reason as an AppError otherwise. */
function usableInvitation(db: Db, token: string, now: Date) {
  const row = token
    ? db
        .select({ invitation: organisationInvitations, orgName: organisations.name, orgSlug: organisations.slug })
        .from(organisationInvitations)
        .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
        .where(eq(organisationInvitations.tokenHash, hashToken(token)))
        .get()
    : undefined;
  if (!row) throw new AppError(404, 'org.join.unknown');
  const { invitation } = row;
  if (invitation.acceptedAt) throw new AppError(410, 'org.join.used');
  if (invitation.withdrawnAt) throw new AppError(410, 'org.join.withdrawn');
  if (invitation.expiresAt <= now) throw new AppError(410, 'org.join.expired');
  return row;
}

export function viewInvitation(db: Db, token: string, now = new Date()): InvitationView {
  const { invitation, orgName, orgSlug } = usableInvitation(db, token, now);
  const account = db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get();
  return { orgName, orgSlug, email: invitation.email, accountExists: Boolean(account) };
}

/**
 * Accepts an invitation as the signed-in person: only the invited address may, once, before it
 * expires. Makes (or renews) the membership and takes a seat of the invitation's kind in one
 * IMMEDIATE transaction; when none is free, nothing changes and the person is told to ask an admin.
 * Returns the organisation's slug.
 */
export function acceptInvitation(db: Db, actor: SessionUser | null | undefined, token: string, now = new Date()): string {
  const user = requireVerifiedUser(actor);
  return db.transaction(
    (tx) => {
      const { invitation, orgSlug } = usableInvitation(db, token, now);
      if (invitation.email !== user.email.toLowerCase()) throw new AppError(403, 'org.join.otherAddress');
      const orgId = invitation.organisationId;
      const existing = activeMembership(tx, orgId, user.id);
      if (!existing) {
        tx.insert(organisationMembers)
          .values({ organisationId: orgId, userId: user.id, role: 'member', team: invitation.team })
          .onConflictDoUpdate({ target: [organisationMembers.organisationId, organisationMembers.userId], set: { role: 'member', team: invitation.team, seat: null, removedAt: null, assessmentSharedAt: null, joinedAt: now } })
          .run();
      }
      if (!existing?.seat) useSeat(tx, orgId, invitation.seat, user.id, invitation.invitedBy);
      tx.update(organisationInvitations).set({ acceptedAt: now, acceptedBy: user.id }).where(eq(organisationInvitations.id, invitation.id)).run();
      return orgSlug;
    },
    { behavior: 'immediate' },
  );
}

/**
 * For an invited address without an account: the link proves the address, so the account is
 * created verified. Returns the new user's id; the page signs them in and accepts.
 */
export async function createAccountFromInvitation(db: Db, token: string, input: { name: string; password: string; language: Language }): Promise<string> {
  const { email } = viewInvitation(db, token);
  if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw new AppError(409, 'org.join.haveAccount');
  return createUser(db, { name: input.name, email, password: input.password, language: input.language });
}

/**
 * Seats as a ledger. Bought = purchases + adjustments − refunds; used = uses − releases; free =
 * bought − used. Taking a seat reads the balance and writes the use in one IMMEDIATE transaction,
 * so many acceptances at once (in one process or several) never use more seats than were bought.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { organisationMembers, organisations, seatLedger, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireAdmin } from '../auth/admin.ts';
import type { SessionUser } from '../auth/sessions.ts';

/** `*` is a pool seat: one member, every course, also courses added later. */
export const POOL_SEAT = '*';

export interface SeatBalance {
  /** `*` or a course slug. */
  seat: string;
  bought: number;
  used: number;
  free: number;
}

/** Bought, used and free seats per kind (pool first). */
export function seatBalances(db: DbOrTx, organisationId: string): SeatBalance[] {
  const rows = db
    .select({
      seat: seatLedger.seat,
      bought: sql<number>`coalesce(sum(case when ${seatLedger.reason} in ('purchase', 'adjustment', 'refund') then ${seatLedger.change} else 0 end), 0)`,
      used: sql<number>`coalesce(-sum(case when ${seatLedger.reason} in ('use', 'release') then ${seatLedger.change} else 0 end), 0)`,
    })
    .from(seatLedger)
    .where(eq(seatLedger.organisationId, organisationId))
    .groupBy(seatLedger.seat)
    .all();
  return rows
    .map((row) => ({ seat: row.seat, bought: row.bought, used: row.used, free: row.bought - row.used }))
    .sort((a, b) => (a.seat === POOL_SEAT ? -1 : b.seat === POOL_SEAT ? 1 : a.seat.localeCompare(b.seat)));
}

export function freeSeats(db: DbOrTx, organisationId: string, seat: string): number {
  return seatBalances(db, organisationId).find((b) => b.seat === seat)?.free ?? 0;
}

/** Takes one seat of this kind for a member (inside the caller's IMMEDIATE transaction); 409 when none is free. */
export function useSeat(tx: DbOrTx, organisationId: string, seat: string, userId: string, actorId: string | null): void {
  if (freeSeats(tx, organisationId, seat) < 1) throw new AppError(409, seat === POOL_SEAT ? 'org.seats.noneFree' : 'org.seats.noneFreeCourse');
  tx.insert(seatLedger).values({ organisationId, seat, change: -1, reason: 'use', userId, actorId }).run();
  tx.update(organisationMembers).set({ seat }).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))).run();
}

/** Gives a member's seat back (they left, or were removed). */
export function releaseSeat(tx: DbOrTx, organisationId: string, userId: string, actorId: string | null): void {
  const member = tx.select({ seat: organisationMembers.seat }).from(organisationMembers).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))).get();
  if (!member?.seat) return;
  tx.insert(seatLedger).values({ organisationId, seat: member.seat, change: 1, reason: 'release', userId, actorId }).run();
  tx.update(organisationMembers).set({ seat: null }).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId))).run();
}

/** A paid seat order credits its seats, once (a unique index on order and reason decides). */
export function creditPurchasedSeats(tx: DbOrTx, order: { id: string; organisationId: string | null; courseSlug: string | null; quantity: number; userId: string | null }): void {
  if (!order.organisationId) return;
  tx.insert(seatLedger)
    .values({ organisationId: order.organisationId, seat: order.courseSlug ?? POOL_SEAT, change: order.quantity, reason: 'purchase', orderId: order.id, actorId: order.userId })
    .onConflictDoNothing()
    .run();
}

/**
 * A refunded seat order takes its seats back, once. Members keep the seats they hold; while more
 * are used than bought, nobody new can take one and the dashboard shows the shortfall.
 */
export function debitRefundedSeats(tx: DbOrTx, order: { id: string; organisationId: string | null; courseSlug: string | null; quantity: number }): void {
  if (!order.organisationId) return;
  tx.insert(seatLedger)
    .values({ organisationId: order.organisationId, seat: order.courseSlug ?? POOL_SEAT, change: -order.quantity, reason: 'refund', orderId: order.id })
    .onConflictDoNothing()
    .run();
}

/** A site admin corrects an organisation's seats (a goodwill seat, an invoice paid outside Stripe); the note says why. */
export function adjustSeats(db: Db, actor: SessionUser | null | undefined, organisationId: string, seat: string, change: number, note: string, courseSlugs?: readonly string[]): void {
  const admin = requireAdmin(actor);
  if (!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get()) throw new AppError(404, 'error.notFound');
  if (seat !== POOL_SEAT && courseSlugs && !courseSlugs.includes(seat)) throw new AppError(422, 'org.assign.courseUnknown', 'seat');
  const reason = note.trim();
  if (!Number.isInteger(change) || change === 0 || Math.abs(change) > 10_000) throw new AppError(422, 'org.seats.adjustInvalid', 'change');
  if (!reason || reason.length > 200) throw new AppError(422, 'org.seats.noteRequired', 'note');
  db.insert(seatLedger).values({ organisationId, seat, change, reason: 'adjustment', actorId: admin.id, note: reason }).run();
}

/** The ledger, newest first, with the member's name for uses and releases. */
export function seatLedgerOf(db: Db, organisationId: string, limit = 200) {
  return db
    .select({ entry: seatLedger, memberName: users.name })
    .from(seatLedger)
    .leftJoin(users, eq(users.id, seatLedger.userId))
    .where(eq(seatLedger.organisationId, organisationId))
    .orderBy(desc(seatLedger.id))
    .limit(limit)
    .all();
}

/** For site admins: organisations (by name or address) with member counts and seat balances. */
export function organisationsForAdmin(db: Db, actor: SessionUser | null | undefined, query = '', limit = 50) {
  requireAdmin(actor);
  const like = `%${query.trim().toLowerCase().replace(/[%_]/g, '')}%`;
  const rows = db.$client
    .prepare(
      `select o.id, o.slug, o.name, (select count(*) from organisation_members m where m.organisation_id = o.id and m.removed_at is null)
       from organisations o where lower(o.name) like @like or o.slug like @like order by o.name limit @limit`,
    )
    .raw(true)
    .all({ like, limit }) as [string, string, string, number][];
  return rows.map(([id, slug, name, members]) => ({ id, slug, name, members, seats: seatBalances(db, id) }));
}

/**
 * Orders as their buyer and the admins see them: what was bought, its state, the invoice and
 * what it granted; refunds through Stripe; consulting slots. Each function checks who asks.
 */
import { and, desc, eq, like, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consultingRequests, entitlements, orders, users } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { requireUser } from '../auth/guards.ts';
import { requireAdmin } from '../auth/admin.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { queueMail } from '../mail/outbox.ts';
import { translator } from '../i18n/ui.ts';
import { publicBaseUrl } from '../http/requests.ts';
import { queuePurchaseMail, revokeOrder, type Order } from './fulfil.ts';
import { stripeClient } from './stripe-client.ts';

export interface OrderView extends Order {
  granted: (typeof entitlements.$inferSelect)[];
  consulting: typeof consultingRequests.$inferSelect | null;
}

function withGrants(db: Db, rows: Order[]): OrderView[] {
  return rows.map((order) => ({
    ...order,
    granted: db.select().from(entitlements).where(eq(entitlements.orderId, order.id)).all(),
    consulting: db.select().from(consultingRequests).where(eq(consultingRequests.orderId, order.id)).get() ?? null,
  }));
}

/** The buyer's own orders, newest first (only theirs: by account, never by a typed address). */
export function ordersOf(db: Db, viewer: SessionUser | null): OrderView[] {
  const user = requireUser(viewer);
  return withGrants(db, db.select().from(orders).where(eq(orders.userId, user.id)).orderBy(desc(orders.createdAt)).all());
}

/** Orders for the admin page; `query` matches order id, e-mail, course or offer. */
export function adminOrders(db: Db, actor: SessionUser | null, query = '', limit = 100): OrderView[] {
  requireAdmin(actor);
  const q = query.trim().toLowerCase();
  const where = q ? or(eq(orders.id, q), like(orders.email, `%${q}%`), like(orders.courseSlug, `%${q}%`), like(orders.offerId, `%${q}%`)) : undefined;
  return withGrants(db, db.select().from(orders).where(where).orderBy(desc(orders.createdAt)).limit(limit).all());
}

function paidOrder(db: Db, orderId: string): Order {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) throw new AppError(404, 'error.notFound');
  if (order.status !== 'paid' && order.status !== 'disputed') throw new AppError(409, 'orders.notRefundable');
  return order;
}

/** Refunds an order through Stripe (in test-payment mode, locally) and removes what it granted. */
export async function refundOrder(db: Db, actor: SessionUser | null, orderId: string, reason: string): Promise<void> {
  requireAdmin(actor);
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new AppError(422, 'orders.reasonLength', 'reason');
  const order = paidOrder(db, orderId);
  const stripe = stripeClient();
  if (order.mode === 'stripe') {
    if (!stripe || !order.paymentIntentId) throw new AppError(503, 'orders.refundUnavailable');
    await stripe.refunds.create({ payment_intent: order.paymentIntentId, reason: 'requested_by_customer', metadata: { order_id: order.id, note: text } }, { idempotencyKey: `refund-${order.id}` });
  }
  db.transaction((tx) => {
    if (tx.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id)).get()?.status !== 'refunded') revokeOrder(tx, order.id, 'refunded', text);
  });
}

/** Sends the buyer the mail about what they got again. */
export function resendPurchaseMail(db: Db, actor: SessionUser | null, orderId: string): void {
  requireAdmin(actor);
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order || order.status !== 'paid') throw new AppError(404, 'error.notFound');
  const user = order.userId ? db.select({ hasPassword: users.passwordHash }).from(users).where(eq(users.id, order.userId)).get() : null;
  queuePurchaseMail(db, order, Boolean(user && !user.hasPassword), true);
}

/** An admin confirms a consulting slot; the buyer and the admin each get an e-mail. */
export function confirmConsulting(db: Db, actor: SessionUser | null, orderId: string, slot: string): void {
  const admin = requireAdmin(actor);
  const text = slot.trim();
  if (text.length < 5 || text.length > 200) throw new AppError(422, 'orders.slotLength', 'slot');
  const request = db.select().from(consultingRequests).where(eq(consultingRequests.orderId, orderId)).get();
  const order = db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.status, 'paid'))).get();
  if (!request || !order) throw new AppError(404, 'error.notFound');
  db.update(consultingRequests).set({ status: 'confirmed', confirmedSlot: text, confirmedAt: new Date() }).where(eq(consultingRequests.orderId, orderId)).run();
  const link = `${publicBaseUrl()}/orders`;
  const mails = [
    { to: order.email, t: translator(order.language) },
    { to: admin.email, t: translator(admin.language) },
  ];
  for (const mail of mails) queueMail(db, { to: mail.to, kind: 'consulting-confirmed', subject: mail.t('mail.consulting.subject'), text: mail.t('mail.consulting.body', { slot: text, topics: request.topics, link }) });
}

/** The forms of /admin/orders: refund, resend the access mail, confirm a consulting slot. */
export async function applyOrderAction(db: Db, actor: SessionUser | null, form: FormData): Promise<void> {
  const orderId = String(form.get('orderId') ?? '');
  const intent = form.get('intent');
  if (intent === 'refund') return refundOrder(db, actor, orderId, String(form.get('reason') ?? ''));
  if (intent === 'resend') return resendPurchaseMail(db, actor, orderId);
  if (intent === 'confirm') return confirmConsulting(db, actor, orderId, String(form.get('slot') ?? ''));
  requireAdmin(actor);
  throw new AppError(400, 'error.unknownIntent');
}

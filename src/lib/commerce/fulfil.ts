/**
 * One `fulfil(checkoutSessionId)` for the webhook, the success page and reconciliation: it asks
 * Stripe (or the local test-payment store) what happened to the session and, in one transaction,
 * records the event, marks the order paid and grants exactly what was bought. Called twice, by
 * ten webhooks at once or by the webhook and the success page racing, it grants once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db, DbOrTx } from '../db/client.ts';
import { consultingRequests, entitlements, orders, stripeEvents } from '../db/schema.ts';
import { accountForPaidEmail } from '../auth/accounts.ts';
import { issueToken } from '../auth/tokens.ts';
import { queueMail } from '../mail/outbox.ts';
import { translator } from '../i18n/ui.ts';
import { enrolAfterPurchase } from '../progress/progress.ts';
import { stripeClient } from './stripe-client.ts';
import { creditPurchasedSeats, debitRefundedSeats } from '../orgs/seats.ts';
import { startSupervision } from '../tutoring/supervision.ts';
import { publicBaseUrl } from '../http/requests.ts';

export type Order = typeof orders.$inferSelect;

/** What a Checkout Session says about payment, from Stripe or from the local test store. */
interface SessionFacts {
  id: string;
  paid: boolean;
  orderId: string | null;
  paymentIntentId: string | null;
  invoiceUrl: string | null;
}

async function sessionFacts(db: Db, sessionId: string, testPaid: boolean): Promise<SessionFacts | null> {
  const stripe = stripeClient();
  const order = db.select().from(orders).where(eq(orders.checkoutSessionId, sessionId)).get();
  if (!stripe || order?.mode === 'test') {
    if (!order || order.mode !== 'test') return null;
    return { id: sessionId, paid: testPaid || order.status === 'paid', orderId: order.id, paymentIntentId: null, invoiceUrl: null };
  }
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['invoice'] });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
  const invoice = session.invoice && typeof session.invoice === 'object' ? session.invoice : null;
  return {
    id: session.id,
    paid: session.payment_status === 'paid' || session.payment_status === 'no_payment_required',
    orderId: session.metadata?.order_id ?? session.client_reference_id ?? order?.id ?? null,
    paymentIntentId: typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null),
    invoiceUrl: invoice?.hosted_invoice_url ?? null,
  };
}

/** Records an event id; false when it was handled before (a redelivery changes nothing). */
export function recordEvent(tx: DbOrTx, eventId: string | undefined, type: string, orderId: string | null): boolean {
  if (!eventId) return true;
  return tx.insert(stripeEvents).values({ id: eventId, type, orderId }).onConflictDoNothing().run().changes === 1;
}

function grant(tx: DbOrTx, order: Order, userId: string): void {
  const row = (kind: 'course' | 'supervised' | 'lesson-pdf' | 'consulting' | 'seats', extra: { lessonSlug?: string | null; quantity?: number } = {}) =>
    tx.insert(entitlements).values({ orderId: order.id, userId, kind, courseSlug: order.courseSlug, lessonSlug: extra.lessonSlug ?? null, quantity: extra.quantity ?? 1 }).onConflictDoNothing().run();
  if (order.kind === 'ecourse' || order.kind === 'supervised') {
    row('course');
    if (order.kind === 'supervised') {
      row('supervised');
      startSupervision(tx, userId, order.courseSlug!, order.id);
    }
    enrolAfterPurchase(tx, userId, order.courseSlug!);
  } else if (order.kind === 'lesson-pdf') {
    row('lesson-pdf', { lessonSlug: order.lessonSlug });
  } else if (order.kind === 'consulting') {
    row('consulting', { quantity: order.quantity });
    tx.insert(consultingRequests).values({ orderId: order.id, userId, topics: order.details?.topics ?? '', preferredTimes: order.details?.preferredTimes ?? '' }).onConflictDoNothing().run();
  } else {
    row('seats', { quantity: order.quantity });
    creditPurchasedSeats(tx, { ...order, userId });
  }
}

export interface Fulfilment {
  order: Order | null;
  /** This call marked the order paid (and granted it). */
  newlyPaid: boolean;
  /** The payment made a new account from the checkout e-mail. */
  createdAccount: boolean;
  /** Stripe has not confirmed the payment yet (an asynchronous method). */
  pending: boolean;
}

export async function fulfil(db: Db, checkoutSessionId: string, event: { id?: string; type?: string; testPaid?: boolean } = {}): Promise<Fulfilment> {
  const facts = await sessionFacts(db, checkoutSessionId, Boolean(event.testPaid));
  if (!facts?.orderId) return { order: null, newlyPaid: false, createdAccount: false, pending: false };
  // Synchronous and IMMEDIATE: two processes cannot both read "pending" and both grant.
  const outcome = db.transaction(
    (tx) => {
      const order = tx.select().from(orders).where(eq(orders.id, facts.orderId!)).get();
      if (!order) return { order: null, newlyPaid: false, createdAccount: false, pending: false };
      if (!recordEvent(tx, event.id, event.type ?? 'checkout.session.completed', order.id) || order.status !== 'pending' || !facts.paid) {
        return { order, newlyPaid: false, createdAccount: false, pending: order.status === 'pending' && !facts.paid };
      }
      const account = order.userId ? { userId: order.userId, created: false } : accountForPaidEmail(tx, order.email, order.language);
      tx.update(orders)
        .set({ status: 'paid', paidAt: new Date(), userId: account.userId, paymentIntentId: facts.paymentIntentId, invoiceUrl: facts.invoiceUrl, checkoutSessionId: facts.id })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending')))
        .run();
      grant(tx, order, account.userId);
      return { order: tx.select().from(orders).where(eq(orders.id, order.id)).get()!, newlyPaid: true, createdAccount: account.created, pending: false };
    },
    { behavior: 'immediate' },
  );
  if (outcome.newlyPaid && outcome.order) queuePurchaseMail(db, outcome.order, outcome.createdAccount);
  return outcome;
}

/** Removes exactly what an order granted (a refund, a lost dispute). */
export function revokeOrder(tx: DbOrTx, orderId: string, status: 'refunded' | 'disputed', reason: string | null): void {
  tx.update(entitlements).set({ revokedAt: new Date() }).where(and(eq(entitlements.orderId, orderId), isNull(entitlements.revokedAt))).run();
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (order?.kind === 'seats') debitRefundedSeats(tx, order);
  tx.update(orders).set({ status, refundedAt: new Date(), refundReason: reason }).where(eq(orders.id, orderId)).run();
}

/**
 * Tells the buyer what they got (and, for an account the payment created, how to set a password).
 * Written to the mail outbox; `resend` (an admin's "send again") skips the once-per-order key.
 */
export function queuePurchaseMail(db: Db, order: Order, createdAccount: boolean, resend = false): void {
  const t = translator(order.language);
  const base = publicBaseUrl();
  const link = createdAccount && order.userId ? `${base}/reset-password?token=${issueToken(db, order.userId, 'reset-password', order.email)}` : `${base}/orders`;
  queueMail(db, {
    to: order.email,
    kind: 'purchase',
    dedupeKey: resend ? undefined : `purchase:${order.id}`,
    subject: t('mail.purchase.subject'),
    text: t(createdAccount ? 'mail.purchase.bodyNewAccount' : 'mail.purchase.body', { link, orders: `${base}/orders` }),
  });
}

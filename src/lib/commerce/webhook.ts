/**
 * Stripe's events: the signature is checked on the raw body; checkout completions go to
 * `fulfil`, failures, refunds and disputes change the order they belong to; any other type is
 * acknowledged and ignored. Every handled event id is recorded, so a redelivery changes nothing.
 */
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../db/client.ts';
import { orders } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { fulfil, recordEvent, revokeOrder } from './fulfil.ts';
import { stripeClient } from './stripe-client.ts';

/** Verifies the signature and returns the event; 400 with a reason when it does not hold. */
export async function verifiedEvent(rawBody: string, signature: string | null): Promise<Stripe.Event> {
  const stripe = stripeClient();
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!stripe || !secret) throw new AppError(503, 'checkout.webhookNotConfigured');
  if (!signature) throw new AppError(400, 'checkout.webhookSignature');
  try {
    return await stripe.webhooks.constructEventAsync(rawBody, signature, secret);
  } catch {
    throw new AppError(400, 'checkout.webhookSignature');
  }
}

function orderByPaymentIntent(db: Db, paymentIntent: string | Stripe.PaymentIntent | null | undefined) {
  const id = typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id;
  return id ? (db.select().from(orders).where(eq(orders.paymentIntentId, id)).get() ?? null) : null;
}

export async function handleStripeEvent(db: Db, event: Stripe.Event): Promise<void> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      await fulfil(db, event.data.object.id, { id: event.id, type: event.type });
      return;
    case 'checkout.session.async_payment_failed': {
      const orderId = event.data.object.metadata?.order_id ?? null;
      db.transaction((tx) => {
        if (recordEvent(tx, event.id, event.type, orderId) && orderId) tx.update(orders).set({ status: 'failed' }).where(eq(orders.id, orderId)).run();
      });
      return;
    }
    case 'charge.refunded': {
      const order = orderByPaymentIntent(db, event.data.object.payment_intent);
      db.transaction((tx) => {
        if (recordEvent(tx, event.id, event.type, order?.id ?? null) && order && order.status !== 'refunded') revokeOrder(tx, order.id, 'refunded', 'refunded in Stripe');
      });
      return;
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const order = orderByPaymentIntent(db, event.data.object.payment_intent);
      const lost = event.type === 'charge.dispute.closed' && event.data.object.status === 'lost';
      db.transaction((tx) => {
        if (!recordEvent(tx, event.id, event.type, order?.id ?? null) || !order) return;
        // Opened: marked while the bank decides; lost: what the order granted is removed.
        if (lost) revokeOrder(tx, order.id, 'disputed', 'dispute lost');
        else tx.update(orders).set({ status: event.type === 'charge.dispute.created' ? 'disputed' : 'paid' }).where(eq(orders.id, order.id)).run();
      });
      return;
    }
    default:
      return;
  }
}

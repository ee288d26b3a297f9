/** Helpers for payment tests: signed Stripe webhooks (signed by the SDK itself) and the fake's controls. */
import { inject } from 'vitest';
import Stripe from 'stripe';

export const STRIPE_WEBHOOK_SECRET = 'whsec_test_local_secret';
const stripe = new Stripe('sk_test_local_fake');

/** A Stripe event as the webhook receives it, signed the way Stripe signs (optionally with an old timestamp or another secret). */
export function signedEvent(event: { id: string; type: string; data: { object: Record<string, unknown> } }, options: { timestamp?: number; secret?: string } = {}) {
  const payload = JSON.stringify({ object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null, ...event });
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? STRIPE_WEBHOOK_SECRET, timestamp: options.timestamp });
  return { payload, signature };
}

export async function sendWebhook(event: Parameters<typeof signedEvent>[0], options: Parameters<typeof signedEvent>[1] = {}) {
  const { payload, signature } = signedEvent(event, options);
  return fetch(`${inject('baseUrl')}/api/stripe/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body: payload });
}

export async function completeSession(sessionId: string, paid = true) {
  const response = await fetch(`${inject('stripeUrl')}/_control/complete/${sessionId}?paid=${paid}`, { method: 'POST' });
  if (!response.ok) throw new Error(`fake Stripe: ${response.status}`);
  return (await response.json()) as { id: string; payment_intent: string; metadata: Record<string, string> };
}

export async function sessionSent(sessionId: string) {
  return (await (await fetch(`${inject('stripeUrl')}/_control/sessions/${sessionId}`)).json()) as { params: Record<string, string>; metadata: Record<string, string> };
}

export async function refundsSent() {
  return (await (await fetch(`${inject('stripeUrl')}/_control/refunds`)).json()) as Record<string, string>[];
}

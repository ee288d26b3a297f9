import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/db/client.ts';
import { handleStripeEvent, verifiedEvent } from '../../../lib/commerce/webhook.ts';

/** Stripe's events: the signature is checked on the raw body; every event type gets a 2xx once handled or ignored. */
export const POST: APIRoute = async ({ request }) => {
  const event = await verifiedEvent(await request.text(), request.headers.get('stripe-signature'));
  await handleStripeEvent(getDb(), event);
  return new Response(JSON.stringify({ received: true }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

/**
 * `npm run payments:reconcile [-- --days 3]`: lists the Checkout Sessions Stripe completed in the
 * last days and fulfils any the platform missed (a webhook that never arrived, a server that was
 * down). Safe to run any time: fulfilling a session twice grants once.
 */
import { parseArgs } from 'node:util';
import { createDb, databasePath } from '../src/lib/db/client.ts';
import { fulfil } from '../src/lib/commerce/fulfil.ts';
import { stripeClient } from '../src/lib/commerce/stripe-client.ts';

const { values } = parseArgs({ options: { days: { type: 'string', default: '3' } } });
const stripe = stripeClient();
if (!stripe) {
  console.error('payments:reconcile: STRIPE_SECRET_KEY is not set; in test-payment mode there is nothing to reconcile.');
  process.exit(1);
}
const db = createDb(databasePath());
const since = Math.floor(Date.now() / 1000) - Number(values.days) * 86_400;
let checked = 0;
let fulfilled = 0;
for await (const session of stripe.checkout.sessions.list({ created: { gte: since }, status: 'complete', limit: 100 })) {
  checked++;
  const outcome = await fulfil(db, session.id);
  if (outcome.newlyPaid) {
    fulfilled++;
    console.log(`fulfilled order ${outcome.order?.id} (session ${session.id})`);
  }
}
db.$client.close();
console.log(`payments:reconcile: ${checked} completed session(s) checked, ${fulfilled} fulfilled now.`);

/**
 * The Stripe client, or none: without STRIPE_SECRET_KEY the platform runs in a labelled
 * test-payment mode in which no money moves and orders complete through the same `fulfil` code.
 * STRIPE_API_HOST / _PORT / _PROTOCOL point the official SDK at another server that speaks the
 * Stripe API (the tests run a local one).
 */
import Stripe from 'stripe';

let client: Stripe | null | undefined;

export function stripeClient(): Stripe | null {
  if (client !== undefined) return client;
  const key = process.env.STRIPE_SECRET_KEY;
  client = key
    ? new Stripe(key, {
        maxNetworkRetries: 2,
        ...(process.env.STRIPE_API_HOST ? { host: process.env.STRIPE_API_HOST } : {}),
        ...(process.env.STRIPE_API_PORT ? { port: Number(process.env.STRIPE_API_PORT) } : {}),
        ...(process.env.STRIPE_API_PROTOCOL ? { protocol: process.env.STRIPE_API_PROTOCOL as 'http' | 'https' } : {}),
      })
    : null;
  return client;
}

/** True when no Stripe key is configured: checkouts are simulated and labelled as such. */
export function testPaymentMode(): boolean {
  return stripeClient() === null;
}

/**
 * Whether anything can be bought: not with PAYMENTS=off, and never in test-payment mode on a public
 * https site (that would hand out paid courses for nothing; `npm start` refuses to start so).
 */
export function paymentsAvailable(): boolean {
  if (process.env.PAYMENTS === 'off') return false;
  return !testPaymentMode() || !(process.env.SITE_URL ?? '').startsWith('https://');
}

/** Optional Stripe features, switched on by configuration. */
export const stripeOptions = () => ({
  automaticTax: process.env.STRIPE_TAX === 'on',
  taxIdCollection: process.env.STRIPE_TAX_ID_COLLECTION === 'on',
  promotionCodes: process.env.STRIPE_PROMOTION_CODES === 'on',
});

/**
 * Starting a purchase: the order row first (pending, with the consent the buyer gave), then a
 * Stripe Checkout Session for it (or, without Stripe keys, a local test-payment page). The price
 * and quantity limits come from the content; a form only names the offer.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { entitlements, orders } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Language } from '../i18n/language.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Purchasable } from './offers.ts';
import { stripeClient, stripeOptions } from './stripe-client.ts';

/** The wording the buyer agreed to before paying; bump it whenever the consent text changes. */
export const CONSENT_VERSION = 'immediate-access-withdrawal-2026-11';
/** A pending order is reused (two tabs, a double click) within this time. */
const REUSE_PENDING_MS = 60 * 60 * 1000;

export interface CheckoutRequest {
  purchasable: Purchasable;
  quantity: number;
  /** The signed-in buyer, or null (then `email` is required). */
  user: SessionUser | null;
  email: string;
  /** The box "I want access now and know that I lose my right of withdrawal" was ticked. */
  consent: boolean;
  details?: { topics: string; preferredTimes: string };
  baseUrl: string;
  lang: Language;
}

export interface CheckoutStart {
  /** Where to send the buyer: Stripe's hosted page, or the local test-payment page. */
  url: string;
  orderId: string;
  /** A secret for the buyer's browser (kept in a cookie): it may sign in to the account the payment creates. */
  claimSecret: string | null;
}

export const hashClaim = (secret: string) => createHash('sha256').update(secret).digest('hex');

function entitlementKindsOf(kind: Purchasable['kind']): ('course' | 'supervised' | 'lesson-pdf')[] {
  return kind === 'ecourse' ? ['course'] : kind === 'supervised' ? ['supervised'] : kind === 'lesson-pdf' ? ['lesson-pdf'] : [];
}

/** Whether the buyer already holds what this offer grants (a course or a lesson PDF cannot be bought twice). */
function alreadyOwned(db: Db, userId: string, purchasable: Purchasable): boolean {
  const kinds = entitlementKindsOf(purchasable.kind);
  if (kinds.length === 0) return false;
  const rows = db
    .select({ lessonSlug: entitlements.lessonSlug })
    .from(entitlements)
    .where(and(eq(entitlements.userId, userId), inArray(entitlements.kind, kinds), eq(entitlements.courseSlug, purchasable.courseSlug ?? ''), isNull(entitlements.revokedAt)))
    .all();
  return rows.some((row) => purchasable.kind !== 'lesson-pdf' || row.lessonSlug === purchasable.lessonSlug);
}

export async function startCheckout(db: Db, request: CheckoutRequest): Promise<CheckoutStart> {
  const { purchasable, user } = request;
  const email = (user?.email ?? request.email).trim().toLowerCase();
  if (!request.consent) throw new AppError(422, 'checkout.consentRequired', 'consent');
  if (!user && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError(422, 'error.emailInvalid', 'email');
  if (!Number.isInteger(request.quantity) || request.quantity < purchasable.minQuantity || request.quantity > purchasable.maxQuantity) {
    throw new AppError(422, 'checkout.quantityRange', 'quantity', undefined, { min: purchasable.minQuantity, max: purchasable.maxQuantity });
  }
  if (purchasable.kind === 'consulting' && (!request.details?.topics.trim() || !request.details.preferredTimes.trim())) throw new AppError(422, 'checkout.consultingDetails', 'topics');
  if (user && alreadyOwned(db, user.id, purchasable)) throw new AppError(409, 'checkout.alreadyOwned');

  // Two tabs or a double click: the pending order of the same purchase is reused, so only one can be paid.
  const reusable = db
    .select()
    .from(orders)
    .where(and(eq(orders.email, email), eq(orders.offerId, purchasable.offerId), eq(orders.kind, purchasable.kind), eq(orders.status, 'pending'), eq(orders.quantity, request.quantity), gte(orders.createdAt, new Date(Date.now() - REUSE_PENDING_MS))))
    .all()
    .find((order) => order.lessonSlug === purchasable.lessonSlug && order.checkoutUrl);
  if (reusable) return { url: reusable.checkoutUrl!, orderId: reusable.id, claimSecret: null };

  const stripe = stripeClient();
  const orderId = randomUUID();
  const claimSecret = user ? null : randomBytes(24).toString('base64url');
  db.insert(orders)
    .values({
      id: orderId,
      userId: user?.id ?? null,
      email,
      kind: purchasable.kind,
      offerId: purchasable.offerId,
      courseSlug: purchasable.courseSlug,
      lessonSlug: purchasable.lessonSlug,
      quantity: request.quantity,
      unitAmount: purchasable.unitAmount,
      language: request.lang,
      mode: stripe ? 'stripe' : 'test',
      consentAt: new Date(),
      consentVersion: CONSENT_VERSION,
      claimHash: claimSecret ? hashClaim(claimSecret) : null,
      details: request.details ?? null,
    })
    .run();

  let sessionId: string;
  let url: string;
  if (stripe) {
    const options = stripeOptions();
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ quantity: request.quantity, price_data: { currency: 'eur', unit_amount: purchasable.unitAmount, product_data: { name: purchasable.title }, ...(options.automaticTax ? { tax_behavior: 'inclusive' as const } : {}) } }],
        customer_email: email,
        client_reference_id: orderId,
        metadata: { order_id: orderId },
        payment_intent_data: { metadata: { order_id: orderId } },
        invoice_creation: { enabled: true },
        ...(options.automaticTax ? { automatic_tax: { enabled: true } } : {}),
        ...(options.taxIdCollection ? { tax_id_collection: { enabled: true } } : {}),
        ...(options.promotionCodes ? { allow_promotion_codes: true } : {}),
        locale: request.lang,
        success_url: `${request.baseUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${request.baseUrl}/checkout/cancelled?order=${orderId}`,
      },
      { idempotencyKey: `checkout-${orderId}` },
    );
    sessionId = session.id;
    url = session.url!;
  } else {
    sessionId = `cs_test_local_${randomBytes(18).toString('base64url')}`;
    url = `${request.baseUrl}/checkout/test/${sessionId}`;
  }
  db.update(orders).set({ checkoutSessionId: sessionId, checkoutUrl: url }).where(eq(orders.id, orderId)).run();
  return { url, orderId, claimSecret };
}

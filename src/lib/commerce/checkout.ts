/**
 * Starting a purchase: the order row first (pending, with the consent the buyer gave), then a
 * Stripe Checkout Session for it (or, without Stripe keys, a local test-payment page). The price
 * and quantity limits come from the content; a form only names the offer.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { isUniqueConstraintError } from '../db/errors.ts';
import type { Db } from '../db/client.ts';
import { entitlements, orders } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Language } from '../i18n/language.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Purchasable } from './offers.ts';
import { paymentsAvailable, stripeClient, stripeOptions } from './stripe-client.ts';

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
  /** Seats: the organisation they are for (the page checked that the buyer is its admin). */
  organisationId?: string | null;
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

/** The payment page of the pending order for a purchase, once its Checkout Session exists (another tab may be creating it). */
async function pendingCheckoutUrl(db: Db, purchaseKey: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pending = db.select({ url: orders.checkoutUrl }).from(orders).where(and(eq(orders.purchaseKey, purchaseKey), eq(orders.status, 'pending'))).get();
    if (pending?.url) return pending.url;
    if (!pending) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new AppError(409, 'checkout.inProgress');
}

export async function startCheckout(db: Db, request: CheckoutRequest): Promise<CheckoutStart> {
  const { purchasable, user } = request;
  if (!paymentsAvailable()) throw new AppError(503, 'checkout.unavailable');
  const email = (user?.email ?? request.email).trim().toLowerCase();
  if (!request.consent) throw new AppError(422, 'checkout.consentRequired', 'consent');
  if (!user && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError(422, 'error.emailInvalid', 'email');
  if (!Number.isInteger(request.quantity) || request.quantity < purchasable.minQuantity || request.quantity > purchasable.maxQuantity) {
    throw new AppError(422, 'checkout.quantityRange', 'quantity', undefined, { min: purchasable.minQuantity, max: purchasable.maxQuantity });
  }
  if (purchasable.kind === 'consulting' && (!request.details?.topics.trim() || !request.details.preferredTimes.trim())) throw new AppError(422, 'checkout.consultingDetails', 'topics');
  if (user && alreadyOwned(db, user.id, purchasable)) throw new AppError(409, 'checkout.alreadyOwned');
  if (purchasable.kind === 'seats' && (!user || !request.organisationId)) throw new AppError(403, 'error.forbidden');

  // Two tabs or a double click: one pending order per purchase (a unique index decides), reused
  // while fresh; an older one is let go so a new checkout can start.
  const purchaseKey = [email, purchasable.kind, purchasable.offerId, purchasable.lessonSlug ?? '', request.quantity, request.organisationId ?? ''].join('|');
  db.update(orders).set({ status: 'expired' }).where(and(eq(orders.purchaseKey, purchaseKey), eq(orders.status, 'pending'), lt(orders.createdAt, new Date(Date.now() - REUSE_PENDING_MS)))).run();
  const stripe = stripeClient();
  const orderId = randomUUID();
  const claimSecret = user ? null : randomBytes(24).toString('base64url');
  try {
    db.insert(orders)
      .values({
        id: orderId,
        userId: user?.id ?? null,
        email,
        kind: purchasable.kind,
        organisationId: request.organisationId ?? null,
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
        purchaseKey,
        details: request.details ?? null,
      })
      .run();
  } catch (error) {
    if (!isUniqueConstraintError(error)) throw error;
    return { url: await pendingCheckoutUrl(db, purchaseKey), orderId: '', claimSecret: null };
  }

  let sessionId: string;
  let url: string;
  if (stripe) {
    const options = stripeOptions();
    const session = await stripe.checkout.sessions
      .create(
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
      )
      .catch((error: Error) => {
        // Stripe did not answer: the order is let go (so the purchase can be tried again) and the buyer told.
        db.update(orders).set({ status: 'failed' }).where(eq(orders.id, orderId)).run();
        console.error(`[commerce] Checkout Session for order ${orderId} failed: ${error.message}`);
        throw new AppError(503, 'checkout.stripeUnavailable');
      });
    sessionId = session.id;
    url = session.url!;
  } else {
    sessionId = `cs_test_local_${randomBytes(18).toString('base64url')}`;
    url = `${request.baseUrl}/checkout/test/${sessionId}`;
  }
  db.update(orders).set({ checkoutSessionId: sessionId, checkoutUrl: url }).where(eq(orders.id, orderId)).run();
  return { url, orderId, claimSecret };
}

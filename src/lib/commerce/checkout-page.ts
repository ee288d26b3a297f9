/**
 * The pages of a purchase, as data: the checkout form (offer from the query, price from the
 * content), the local test-payment page, and the success page that confirms and signs in a buyer
 * whose account the payment created (only in the browser that paid).
 */
import { and, eq } from 'drizzle-orm';
import type { AstroCookies } from 'astro';
import type { Db } from '../db/client.ts';
import { entitlements, orders, users } from '../db/schema.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Language } from '../i18n/language.ts';
import { AppError } from '../http/errors.ts';
import { attempt } from '../http/forms.ts';
import { publicBaseUrl, readForm, secureCookies } from '../http/requests.ts';
import { findPurchasable, type OfferRequest } from './offers.ts';
import { hashClaim, startCheckout } from './checkout.ts';
import { fulfil } from './fulfil.ts';
import { testPaymentMode } from './stripe-client.ts';
import { requireOrgAdmin } from '../orgs/access.ts';

const CLAIM_COOKIE = 'checkout_claim';

function offerRequest(source: URLSearchParams | FormData): OfferRequest {
  const get = (name: string) => {
    const value = source.get(name);
    return typeof value === 'string' && value ? value : null;
  };
  return { course: get('course'), kind: get('kind'), lesson: get('lesson'), offer: get('offer'), org: get('org') };
}

/** The checkout page: GET shows the offer; POST starts the payment and says where to go. */
export async function checkoutPage(db: Db, user: SessionUser | null, request: Request, url: URL, lang: Language, cookies: AstroCookies) {
  const form = request.method === 'POST' ? await readForm(request) : null;
  const offer = offerRequest(form ?? url.searchParams);
  const purchasable = await findPurchasable(offer, lang);
  if (!purchasable) throw new AppError(404, 'error.notFound');
  // Seats are bought by an admin of the organisation they are for, signed in (404 for anyone else).
  const organisation = purchasable.kind === 'seats' ? requireOrgAdmin(db, user, offer.org ?? '').org : null;
  const values = { email: String(form?.get('email') ?? ''), quantity: String(form?.get('quantity') ?? purchasable.minQuantity), topics: String(form?.get('topics') ?? ''), times: String(form?.get('times') ?? '') };
  let failed: AppError | undefined;
  if (form) {
    const outcome = await attempt(() =>
      startCheckout(db, {
        purchasable,
        // Only offers sold in numbers (seats, hours) read a quantity; for the rest a sent quantity changes nothing.
        quantity: purchasable.maxQuantity > 1 ? Number(values.quantity) : 1,
        user,
        email: values.email,
        consent: form.get('consent') === 'on',
        details: purchasable.kind === 'consulting' ? { topics: values.topics.slice(0, 2000), preferredTimes: values.times.slice(0, 500) } : undefined,
        baseUrl: publicBaseUrl(),
        lang,
        organisationId: organisation?.id ?? null,
      }),
    );
    if (outcome.ok) {
      // The browser that pays may later sign in to an account the payment creates (see the success page).
      if (outcome.result.claimSecret) cookies.set(CLAIM_COOKIE, outcome.result.claimSecret, { path: '/checkout', httpOnly: true, sameSite: 'lax', secure: secureCookies(), maxAge: 60 * 60 * 24 });
      return { redirect: outcome.result.url, purchasable: null } as const;
    }
    failed = outcome.error;
  }
  return { redirect: null, purchasable, offer, values, failed, testMode: testPaymentMode(), status: failed?.status ?? 200, organisation } as const;
}

function orderForSession(db: Db, sessionId: string) {
  const order = db.select().from(orders).where(eq(orders.checkoutSessionId, sessionId)).get();
  if (!order) throw new AppError(404, 'checkout.unknownSession');
  return order;
}

/** The local test-payment page (no Stripe keys): shows the order; "pay" fulfils it through the same code as a real payment. */
export async function testPaymentPage(db: Db, request: Request, sessionId: string) {
  const order = orderForSession(db, sessionId);
  if (order.mode !== 'test') throw new AppError(404, 'checkout.unknownSession');
  if (request.method === 'POST') {
    const form = await readForm(request);
    if (form.get('intent') === 'cancel') {
      db.update(orders).set({ status: 'expired' }).where(and(eq(orders.id, order.id), eq(orders.status, 'pending'))).run();
      return { redirect: `/checkout/cancelled?order=${order.id}`, order: null } as const;
    }
    await fulfil(db, sessionId, { testPaid: true });
    return { redirect: `/checkout/success?session_id=${encodeURIComponent(sessionId)}`, order: null } as const;
  }
  return { redirect: null, order } as const;
}

/**
 * The success page: confirms with Stripe (the webhook may not have arrived yet), shows what the
 * order granted, and signs in a buyer whose account this payment created, but only in the browser
 * that started the checkout (it holds the claim secret) and only while the account has no password.
 */
export async function successPage(db: Db, user: SessionUser | null, sessionId: string, cookies: AstroCookies) {
  if (!sessionId) throw new AppError(404, 'checkout.unknownSession');
  const { order: fulfilled, pending } = await fulfil(db, sessionId);
  const order = fulfilled ?? orderForSession(db, sessionId);
  const claim = cookies.get(CLAIM_COOKIE)?.value;
  let signInUserId: string | null = null;
  if (!user && order.status === 'paid' && order.userId && claim && order.claimHash === hashClaim(claim)) {
    const account = db.select({ passwordHash: users.passwordHash, createdAt: users.createdAt }).from(users).where(eq(users.id, order.userId)).get();
    if (account && !account.passwordHash && account.createdAt >= new Date(order.createdAt.getTime() - 1000)) signInUserId = order.userId;
    cookies.delete(CLAIM_COOKIE, { path: '/checkout' });
  }
  const granted = order.status === 'paid' ? db.select().from(entitlements).where(eq(entitlements.orderId, order.id)).all() : [];
  const isBuyer = Boolean((user && user.id === order.userId) || signInUserId);
  return { order, pending, granted, signInUserId, isBuyer, newAccount: Boolean(signInUserId) || (!user && order.status === 'paid') };
}

/**
 * Selling through Stripe (a local server that speaks its API, the real SDK): prices from the
 * content, one order per purchase, fulfilment exactly once however often and from wherever it is
 * triggered, refunds and failures, signatures. See also test/e2e/purchase.test.ts (test-payment mode).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../src/lib/db/client.ts';
import { shippedCourses } from '../support/content.ts';
import { Client, newVerifiedLearner } from '../support/http.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';
import { completeSession, refundsSent, sendWebhook, sessionSent } from '../support/payments.ts';
import type { ValidatedCourse } from '../../src/lib/courses/validate.ts';

let paid: ValidatedCourse;
let price: number;

beforeAll(async () => {
  paid = (await shippedCourses()).find((c) => !c.meta.offers.some((o) => o.kind === 'free') && c.meta.offers.some((o) => o.kind === 'ecourse'))!;
  price = Math.round(paid.meta.offers.find((o) => o.kind === 'ecourse')!.price! * 100);
});

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = createDb(inject('dbPath'), { migrate: false });
  try {
    return db.$client.prepare(sql).all(...params) as T[];
  } finally {
    db.$client.close();
  }
}

const secondLesson = () => `/courses/${paid.slug}/${paid.lessons[1].slug}`;

/** Starts a checkout for the course and returns the Stripe session id the platform redirected to. */
async function checkout(client: Client, extra: [string, string][] = []): Promise<{ sessionId: string; location: string }> {
  const page = await client.post('/checkout', [['course', paid.slug], ['kind', 'ecourse'], ['consent', 'on'], ...extra]);
  expect(page.status, page.html.slice(0, 400)).toBe(303);
  const location = page.location!;
  expect(location).toContain(`${inject('stripeUrl')}/pay/`);
  return { sessionId: location.split('/pay/')[1], location };
}

const completed = (sessionId: string, eventId = `evt_${Math.random().toString(16).slice(2)}`) => ({ id: eventId, type: 'checkout.session.completed', data: { object: { id: sessionId, object: 'checkout.session' } } });

describe('checkout', () => {
  it('takes price and quantity from the content, never from the form, and refuses without consent', async () => {
    const { client, email } = await newVerifiedLearner('Price Tamperer');
    const refused = await client.post('/checkout', [['course', paid.slug], ['kind', 'ecourse']]);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Tick the box to confirm');
    const { sessionId } = await checkout(client, [['price', '1'], ['unit_amount', '1'], ['quantity', '50']]);
    const sent = await sessionSent(sessionId);
    expect(sent.params['line_items[0][price_data][unit_amount]']).toBe(String(price));
    expect(sent.params['line_items[0][quantity]']).toBe('1');
    expect(sent.params['line_items[0][price_data][currency]']).toBe('eur');
    expect(sent.params['invoice_creation[enabled]']).toBe('true');
    expect(sent.params.customer_email).toBe(email);
    const [order] = query<{ unit_amount: number; quantity: number; status: string; consent_version: string; consent_at: number }>('select unit_amount, quantity, status, consent_version, consent_at from orders where checkout_session_id = ?', sessionId);
    expect(order).toMatchObject({ unit_amount: price, quantity: 1, status: 'pending' });
    expect(order.consent_version).toMatch(/^immediate-access-withdrawal/);
    expect(order.consent_at).toBeGreaterThan(0);
  });

  it('makes one order when two tabs buy the same course', async () => {
    const { client, email } = await newVerifiedLearner('Two Tabs');
    const [a, b] = await Promise.all([checkout(client), checkout(client)]);
    const third = await checkout(client);
    expect(new Set([a.sessionId, b.sessionId, third.sessionId]).size).toBe(1);
    expect(query<{ n: number }>('select count(*) as n from orders where email = ?', email)[0].n).toBe(1);
  });
});

describe('fulfilment', () => {
  it('grants once when the same event arrives ten times at once, and once more for a second event', async () => {
    const { client, email } = await newVerifiedLearner('Ten Webhooks');
    const { sessionId } = await checkout(client);
    expect((await client.get(secondLesson())).status).toBe(403);
    await completeSession(sessionId);
    const event = completed(sessionId);
    const answers = await Promise.all(Array.from({ length: 10 }, () => sendWebhook(event)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await sendWebhook(completed(sessionId))).status).toBe(200);
    expect(query<{ n: number }>("select count(*) as n from entitlements e join orders o on o.id = e.order_id where o.email = ? and e.kind = 'course'", email)[0].n).toBe(1);
    expect(query<{ n: number }>('select count(*) as n from stripe_events where id = ?', event.id)[0].n).toBe(1);
    expect(query<{ status: string; invoice_url: string }>('select status, invoice_url from orders where email = ?', email)[0]).toMatchObject({ status: 'paid', invoice_url: expect.stringContaining('/invoices/') });
    expect((await client.get(secondLesson())).status).toBe(200);
    const orders = await client.get('/orders');
    expect(orders.html).toContain('Paid');
    expect(orders.html).toContain('/invoices/');
    // Nobody else sees the order.
    expect((await (await newVerifiedLearner('Other Buyer')).client.get('/orders')).html).not.toContain(paid.slug);
  });

  it('grants once when the success page and the webhook race', async () => {
    const { client, email } = await newVerifiedLearner('Racer');
    const { sessionId } = await checkout(client);
    await completeSession(sessionId);
    const [page, hook] = await Promise.all([client.get(`/checkout/success?session_id=${sessionId}`), sendWebhook(completed(sessionId))]);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Your payment is confirmed.');
    expect(hook.status).toBe(200);
    expect(query<{ n: number }>("select count(*) as n from entitlements e join orders o on o.id = e.order_id where o.email = ?", email)[0].n).toBe(1);
  });

  it('refuses a bad or stale signature with 400 and changes nothing', async () => {
    const { client, email } = await newVerifiedLearner('Forger');
    const { sessionId } = await checkout(client);
    await completeSession(sessionId);
    expect((await sendWebhook(completed(sessionId), { secret: 'whsec_someone_else' })).status).toBe(400);
    expect((await sendWebhook(completed(sessionId), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(400);
    const unsigned = await fetch(`${inject('baseUrl')}/api/stripe/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(completed(sessionId)) });
    expect(unsigned.status).toBe(400);
    expect(query<{ status: string }>('select status from orders where email = ?', email)[0].status).toBe('pending');
  });

  it('grants nothing for a payment that has not gone through, and marks a failed asynchronous one', async () => {
    const { client, email } = await newVerifiedLearner('Slow Bank');
    const { sessionId } = await checkout(client);
    await completeSession(sessionId, false);
    expect((await sendWebhook(completed(sessionId))).status).toBe(200);
    expect((await client.get(`/checkout/success?session_id=${sessionId}`)).html).toContain('not confirmed yet');
    const [order] = query<{ id: string; status: string }>('select id, status from orders where email = ?', email);
    expect(order.status).toBe('pending');
    await sendWebhook({ id: `evt_fail_${order.id}`, type: 'checkout.session.async_payment_failed', data: { object: { id: sessionId, object: 'checkout.session', metadata: { order_id: order.id } } } });
    expect(query<{ status: string }>('select status from orders where id = ?', order.id)[0].status).toBe('failed');
    expect(query<{ n: number }>('select count(*) as n from entitlements where order_id = ?', order.id)[0].n).toBe(0);
    expect((await client.get(secondLesson())).status).toBe(403);
  });

  it('removes exactly what an order granted when it is refunded, and answers unknown events with 2xx', async () => {
    const { client, email } = await newVerifiedLearner('Refunded');
    const { sessionId } = await checkout(client);
    const { payment_intent } = await completeSession(sessionId);
    await sendWebhook(completed(sessionId));
    expect((await client.get(secondLesson())).status).toBe(200);
    expect((await sendWebhook({ id: `evt_refund_${sessionId}`, type: 'charge.refunded', data: { object: { id: 'ch_1', object: 'charge', payment_intent } } })).status).toBe(200);
    expect((await client.get(secondLesson())).status).toBe(403);
    expect(query<{ status: string }>('select status from orders where email = ?', email)[0].status).toBe('refunded');
    expect((await sendWebhook({ id: 'evt_unknown', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } })).status).toBe(200);
  });

  it('lets only an admin refund, through the Stripe API, with a reason', async () => {
    const { client } = await newVerifiedLearner('Admin Refund');
    const { sessionId } = await checkout(client);
    const { payment_intent } = await completeSession(sessionId);
    await sendWebhook(completed(sessionId));
    const [order] = query<{ id: string }>('select id from orders where checkout_session_id = ?', sessionId);
    const form: [string, string][] = [['intent', 'refund'], ['orderId', order.id], ['reason', 'Bought by mistake']];
    expect((await client.post('/admin/orders', form)).status).toBe(403);
    const admin = new Client();
    await admin.signIn(TEST_ACCOUNTS.admin, TEST_PASSWORD);
    expect((await admin.post('/admin/orders', [['intent', 'refund'], ['orderId', order.id], ['reason', 'x']])).status).toBe(422);
    const refunded = await admin.post('/admin/orders', form);
    expect(refunded.status).toBe(303);
    expect((await refundsSent()).some((r) => r.payment_intent === payment_intent)).toBe(true);
    expect((await client.get(secondLesson())).status).toBe(403);
  });
});

describe('who sees orders', () => {
  it('sends visitors to sign in for their orders and refuses the admin page to learners, tutors and moderators', async () => {
    const visitor = await new Client().get('/orders');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toContain('/sign-in?next=%2Forders');
    const refused = [(await newVerifiedLearner('Orders Learner')).client];
    for (const email of [TEST_ACCOUNTS.tutor, TEST_ACCOUNTS.moderator]) {
      const client = new Client();
      await client.signIn(email, TEST_PASSWORD);
      refused.push(client);
    }
    for (const client of refused) expect((await client.get('/admin/orders')).status).toBe(403);
  });
});

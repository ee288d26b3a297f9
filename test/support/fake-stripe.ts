/**
 * A local HTTP server that speaks the parts of the Stripe API the platform uses (Checkout Sessions:
 * create, retrieve, list; refunds), so the real `stripe` SDK can be pointed at it with its
 * host/port/protocol options. Tests drive it through `/_control/…` routes: complete a session as a
 * payment would, read what the platform sent. Nothing leaves the machine.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

interface FakeSession {
  id: string;
  object: 'checkout.session';
  url: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  metadata: Record<string, string>;
  client_reference_id: string | null;
  customer_email: string | null;
  payment_intent: string | null;
  invoice: { id: string; object: 'invoice'; hosted_invoice_url: string } | string | null;
  created: number;
  /** What the platform sent, flattened (e.g. `line_items[0][price_data][unit_amount]`). */
  params: Record<string, string>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export interface FakeStripe {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const byIdempotencyKey = new Map<string, string>();
  const refunds: Record<string, string>[] = [];
  let base = '';
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': id('req') });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: http.ServerResponse) => json(res, 404, { error: { type: 'invalid_request_error', message: 'No such checkout session', code: 'resource_missing' } });
  const view = (session: FakeSession, expandInvoice: boolean) => ({ ...session, invoice: expandInvoice || typeof session.invoice !== 'object' ? session.invoice : (session.invoice?.id ?? null), params: undefined });

  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const form = Object.fromEntries(new URLSearchParams(body));
    const path = url.pathname;
    const expandInvoice = url.searchParams.getAll('expand[]').includes('invoice') || url.searchParams.getAll('expand[0]').includes('invoice');
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const key = req.headers['idempotency-key'];
      const existing = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
      if (existing) return json(res, 200, view(sessions.get(existing)!, false));
      const sessionId = id('cs_test');
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(form)) {
        const match = /^metadata\[(.+)\]$/.exec(name);
        if (match) metadata[match[1]] = value;
      }
      const session: FakeSession = {
        id: sessionId,
        object: 'checkout.session',
        url: `${base}/pay/${sessionId}`,
        status: 'open',
        payment_status: 'unpaid',
        metadata,
        client_reference_id: form.client_reference_id ?? null,
        customer_email: form.customer_email ?? null,
        payment_intent: null,
        invoice: null,
        created: Math.floor(Date.now() / 1000),
        params: form,
      };
      sessions.set(sessionId, session);
      if (typeof key === 'string') byIdempotencyKey.set(key, sessionId);
      return json(res, 200, view(session, false));
    }
    const one = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && one) {
      const session = sessions.get(one[1]);
      return session ? json(res, 200, view(session, expandInvoice)) : notFound(res);
    }
    if (req.method === 'GET' && path === '/v1/checkout/sessions') {
      const data = [...sessions.values()].filter((s) => !url.searchParams.get('status') || s.status === url.searchParams.get('status')).map((s) => view(s, false));
      return json(res, 200, { object: 'list', data, has_more: false, url: '/v1/checkout/sessions' });
    }
    if (req.method === 'POST' && path === '/v1/refunds') {
      refunds.push(form);
      return json(res, 200, { id: id('re'), object: 'refund', payment_intent: form.payment_intent, status: 'succeeded', amount: 0 });
    }
    // Test controls.
    const complete = /^\/_control\/complete\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && complete) {
      const session = sessions.get(complete[1]);
      if (!session) return notFound(res);
      const paid = url.searchParams.get('paid') !== 'false';
      Object.assign(session, { status: 'complete', payment_status: paid ? 'paid' : 'unpaid', payment_intent: session.payment_intent ?? id('pi'), invoice: paid ? { id: id('in'), object: 'invoice', hosted_invoice_url: `${base}/invoices/${session.id}` } : null });
      return json(res, 200, session);
    }
    const read = /^\/_control\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && read) return sessions.get(read[1]) ? json(res, 200, sessions.get(read[1])) : notFound(res);
    if (req.method === 'GET' && path === '/_control/refunds') return json(res, 200, refunds);
    return json(res, 404, { error: { type: 'invalid_request_error', message: `fake Stripe does not know ${req.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return { url: base, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

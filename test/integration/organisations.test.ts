/**
 * The company flow over HTTP against the built server: create an organisation, buy seats through
 * checkout (the fake Stripe), invite, accept, see progress, export, the coverage map; and every
 * organisation route refused to the roles that must not see it (admin of another organisation,
 * member, outsider, visitor).
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, newVerifiedLearner, waitForMailLink, type Page } from '../support/http.ts';
import { completeSession } from '../support/payments.ts';

let slug = '';
const clients: Record<'admin' | 'otherAdmin' | 'member' | 'outsider' | 'visitor', Client> = {} as never;
let memberEmail = '';

async function createOrganisation(client: Client, name: string): Promise<string> {
  const page = await client.post('/org', [['name', name], ['note', 'Two hours a week, Tuesday mornings.']]);
  expect(page.status, page.html.slice(0, 300)).toBe(303);
  return new URL(page.location!, 'http://x').pathname.split('/')[2];
}

beforeAll(async () => {
  clients.admin = (await newVerifiedLearner('Org Admin')).client;
  clients.otherAdmin = (await newVerifiedLearner('Other Admin')).client;
  clients.outsider = (await newVerifiedLearner('Outsider')).client;
  clients.visitor = new Client();
  const member = await newVerifiedLearner('Member, "Mo" Müller');
  clients.member = member.client;
  memberEmail = member.email;
  slug = await createOrganisation(clients.admin, `Stadtwerke Matrix ${process.pid}`);
  await createOrganisation(clients.otherAdmin, `Other Org ${process.pid}`);
}, 120_000);

describe('a company', () => {
  it('buys seats, invites a member who accepts, and sees their progress, export and coverage', async () => {
    // Seats: the quantity is the buyer's, the price and limits come from the content.
    const start = await clients.admin.post('/checkout', [['offer', 'seat-pack'], ['org', slug], ['quantity', '5'], ['consent', 'on']]);
    expect(start.status, start.html.slice(0, 300)).toBe(303);
    const sessionId = start.location!.split('/pay/')[1];
    await completeSession(sessionId);
    const success = await clients.admin.get(`/checkout/success?session_id=${sessionId}`);
    expect(success.status).toBe(200);
    const seats = await clients.admin.get(`/org/${slug}/seats`);
    expect(seats.html).toContain('5 bought · 0 used · 5 free');

    const preview = await clients.admin.post(`/org/${slug}/members`, [['intent', 'preview'], ['rows', `${memberEmail}, Mo, Care\nnot-an-address`], ['seat', '*']]);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('Invitation will be sent');
    expect(preview.html).toContain('Refused: this is not an e-mail address');
    const sent = await clients.admin.post(`/org/${slug}/members`, [['intent', 'send'], ['rows', `${memberEmail}, Mo, Care\nnot-an-address`], ['seat', '*']]);
    expect(sent.html).toContain('1 invitation was sent');

    const link = await waitForMailLink(memberEmail, '/org/join');
    expect((await clients.outsider.post('/org/join', [['token', new URL(link, 'http://x').searchParams.get('token')!]])).status).toBe(403);
    const join = await clients.member.get(link);
    expect(join.status).toBe(200);
    const accepted = await clients.member.post('/org/join', [['token', new URL(link, 'http://x').searchParams.get('token')!]]);
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/org/${slug}?notice=joined`);
    expect((await clients.member.get(link)).status).toBe(410);

    const assigned = await clients.admin.post(`/org/${slug}/assignments`, [['intent', 'assign'], ['course', 'social-media-foundation'], ['target', 'team:Care'], ['due', '2099-01-31'], ['offsets', '7, 1, -1']]);
    expect(assigned.status).toBe(303);
    const badDate = await clients.admin.post(`/org/${slug}/assignments`, [['intent', 'assign'], ['course', 'social-media-foundation'], ['target', 'everyone'], ['due', '31.01.2099'], ['offsets', '7']]);
    expect(badDate.status).toBe(422);
    expect(badDate.html).toContain('year-month-day');

    const dashboard = await clients.admin.get(`/org/${slug}?team=Care`);
    expect(dashboard.html).toContain('Member, &quot;Mo&quot; Müller');
    expect(dashboard.html).toContain('1 used · 4 free');
    const csv = await clients.admin.download(`/org/${slug}/export.csv`);
    const rows = parse(Buffer.from(csv.body).toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.email === memberEmail)).toMatchObject({ name: 'Member, "Mo" Müller', team: 'Care', course: 'social-media-foundation', assigned: 'yes', due: '2099-01-31' });

    const coverage = await clients.admin.get(`/org/${slug}/coverage`);
    expect(coverage.status).toBe(200);
    expect(coverage.html).toContain('Community management');
    expect(coverage.html).toMatch(/Nobody covers, learns or wants to take on/);

    const own = await clients.member.get(`/org/${slug}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain('Two hours a week, Tuesday mornings.');
    expect((await clients.member.get('/dashboard')).html).toContain('Assigned by your organisation');
  }, 120_000);
});

type Who = keyof typeof clients;
type Outcome = 'ok' | 'signin' | '401' | '403' | '404';
const ORDER: Who[] = ['admin', 'otherAdmin', 'member', 'outsider', 'visitor'];

function outcome(page: Page): string {
  if ([302, 303].includes(page.status) && page.location) return new URL(page.location, 'http://x').pathname === '/sign-in' ? 'signin' : 'ok';
  return page.status === 200 ? 'ok' : String(page.status);
}

describe('organisation routes, by who asks', () => {
  const adminOnly: Outcome[] = ['ok', '404', '403', '404', 'signin'];
  const routes: { method: 'GET' | 'POST'; path: string; form?: [string, string][]; expect: Outcome[] }[] = [
    { method: 'GET', path: '/org/{slug}', expect: ['ok', '404', 'ok', '404', 'signin'] },
    { method: 'GET', path: '/org/{slug}/members', expect: adminOnly },
    { method: 'POST', path: '/org/{slug}/members', form: [['intent', 'preview'], ['rows', 'x@example.com']], expect: adminOnly },
    { method: 'GET', path: '/org/{slug}/assignments', expect: adminOnly },
    { method: 'POST', path: '/org/{slug}/assignments', form: [['intent', 'remove'], ['assignment', '0']], expect: ['404', '404', '403', '404', 'signin'] },
    { method: 'GET', path: '/org/{slug}/coverage', expect: adminOnly },
    { method: 'GET', path: '/org/{slug}/seats', expect: adminOnly },
    { method: 'GET', path: '/org/{slug}/settings', expect: adminOnly },
    { method: 'GET', path: '/org/{slug}/export.csv', expect: adminOnly },
    { method: 'GET', path: '/org/{slug}/logo', expect: ['404', '404', '404', '404', 'signin'] },
    { method: 'GET', path: '/checkout?offer=seat-pack&org={slug}', expect: ['ok', '404', '403', '404', 'signin'] },
  ];
  for (const route of routes) {
    it(`${route.method} ${route.path}: ${ORDER.map((who, i) => `${who} ${route.expect[i]}`).join(', ')}`, async () => {
      const path = route.path.replace('{slug}', slug);
      const got: Record<string, string> = {};
      for (const who of ORDER) {
        const page = route.method === 'GET' ? await clients[who].get(path) : await clients[who].post(path, route.form ?? []);
        got[who] = outcome(page);
      }
      expect(got).toEqual(Object.fromEntries(ORDER.map((who, i) => [who, route.expect[i]])));
    });
  }
});

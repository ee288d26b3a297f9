/**
 * One table: every protected route, every role, the outcome each must get. A new protected route
 * gets its row here (CONTRIBUTING.md). Outcomes: `signin` (redirect to sign-in), `401`, `403`,
 * `ok` (200, or a redirect that is not to sign-in: the action ran).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, newVerifiedLearner, uniqueEmail, type Page } from '../support/http.ts';
import { TEST_ACCOUNTS, TEST_PASSWORD } from '../support/accounts.ts';

type Role = 'anonymous' | 'unverified' | 'learner' | 'tutor' | 'moderator' | 'admin';
type Outcome = 'signin' | '401' | '403' | 'ok';
const ROLES: Role[] = ['anonymous', 'unverified', 'learner', 'tutor', 'moderator', 'admin'];

interface Route {
  method: 'GET' | 'POST';
  path: string;
  form?: [string, string][];
  /** Outcome per role, in the order of ROLES. */
  expect: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
}

const signedIn: Route['expect'] = ['signin', 'ok', 'ok', 'ok', 'ok', 'ok'];
const adminOnly: Route['expect'] = ['signin', '403', '403', '403', '403', 'ok'];
const ROUTES: Route[] = [
  { method: 'GET', path: '/dashboard', expect: signedIn },
  { method: 'GET', path: '/account', expect: signedIn },
  { method: 'GET', path: '/account/export.json', expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'] },
  // A session id nobody has: the shared test accounts must keep their sessions in other test files.
  { method: 'POST', path: '/account/sessions', form: [['session', '0'.repeat(64)]], expect: signedIn },
  { method: 'GET', path: '/orders', expect: signedIn },
  { method: 'GET', path: '/org', expect: signedIn },
  // Creating an organisation needs a verified address; the name is empty, so a verified role gets the form back (422).
  { method: 'POST', path: '/org', form: [['name', '']], expect: ['signin', '403', '422', '422', '422', '422'] as never },
  { method: 'GET', path: '/assessment/history', expect: signedIn },
  { method: 'POST', path: '/courses/social-media-strategy/enrol', expect: ['signin', '403', 'ok', 'ok', 'ok', 'ok'] },
  { method: 'GET', path: '/tutor', expect: ['signin', '403', '403', 'ok', '403', 'ok'] },
  { method: 'POST', path: '/tutor', form: [['intent', 'claim'], ['learner', 'nobody'], ['course', 'nothing'], ['task', 'none']], expect: ['signin', '403', '403', '404', '403', '404'] as never },
  { method: 'GET', path: '/account/email-courses', expect: signedIn },
  { method: 'GET', path: '/admin/tutoring', expect: adminOnly },
  { method: 'GET', path: '/admin/organisations', expect: adminOnly },
  { method: 'POST', path: '/admin/organisations', form: [['organisation', 'none'], ['seat', '*'], ['change', '0'], ['note', '']], expect: ['signin', '403', '403', '403', '403', '404'] as never },
  { method: 'POST', path: '/admin/tutoring', form: [['intent', 'reassign'], ['learner', 'x'], ['course', 'y'], ['tutor', 'z']], expect: ['signin', '403', '403', '403', '403', '422'] as never },
  { method: 'GET', path: '/moderate', expect: ['signin', '403', '403', '403', 'ok', 'ok'] },
  { method: 'POST', path: '/moderate', form: [['comment', '0'], ['intent', 'keep']], expect: ['signin', '403', '403', '403', '404', '404'] as never },
  { method: 'GET', path: '/admin/users', expect: adminOnly },
  { method: 'GET', path: '/admin/certificates', expect: adminOnly },
  { method: 'GET', path: '/admin/orders', expect: adminOnly },
];

function outcome(page: Page): Outcome | string {
  if ([302, 303].includes(page.status) && page.location) {
    return new URL(page.location, 'http://site.invalid').pathname === '/sign-in' ? 'signin' : 'ok';
  }
  if (page.status === 200) return 'ok';
  return String(page.status);
}

const clients = new Map<Role, Client>();

beforeAll(async () => {
  clients.set('anonymous', new Client());
  const unverified = new Client();
  const email = uniqueEmail('matrix-unverified');
  expect((await unverified.post('/sign-up', [['name', 'Matrix Unverified'], ['email', email], ['password', 'a-long-password-1']])).status).toBe(303);
  await unverified.signIn(email, 'a-long-password-1');
  clients.set('unverified', unverified);
  clients.set('learner', (await newVerifiedLearner('Matrix Learner')).client);
  for (const role of ['tutor', 'moderator', 'admin'] as const) {
    const client = new Client();
    await client.signIn(TEST_ACCOUNTS[role], TEST_PASSWORD);
    clients.set(role, client);
  }
});

describe('authorization matrix', () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: ${ROLES.map((role, i) => `${role} ${route.expect[i]}`).join(', ')}`, async () => {
      const got: Record<string, string> = {};
      for (const role of ROLES) {
        const client = clients.get(role)!;
        const page = route.method === 'GET' ? await client.get(route.path) : await client.post(route.path, route.form ?? []);
        got[role] = outcome(page);
      }
      expect(got).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, route.expect[i]])));
    });
  }
});

/**
 * Property-based, bounded: random and hostile values sent to every form never produce a server
 * error; the answer is a page, a redirect or a 4xx, and nothing that should have been refused is
 * stored. A server of its own (behind a trusted loopback proxy, so each request can come from its
 * own address and the throttles of the shared test server stay untouched).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { freshDbPath } from '../support/db.ts';
import { root, startServer, type RunningServer } from '../support/server.ts';
import { Client, uniqueEmail } from '../support/http.ts';
import { shippedCourses } from '../support/content.ts';
import { tasksOf } from '../support/journey.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';

let server: RunningServer;
let dbPath: string;
let learner: Client;
let lessonPath: string;
let taskIds: string[];
const PASSWORD = 'correct horse battery staple';
const RUNS = 25;

beforeAll(async () => {
  dbPath = freshDbPath();
  const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'cw-hostile-'));
  server = await startServer(path.join(root, 'dist-test'), { DATABASE_PATH: dbPath, MAIL_OUTBOX_DIR: outboxDir, KEYS_DIR: path.join(outboxDir, 'keys'), TRUSTED_PROXIES: 'loopback', LOG_LEVEL: 'warn' });
  const email = uniqueEmail('hostile');
  const db = createDb(dbPath, { migrate: false });
  await createUser(db, { name: 'Hostile Tester', email, password: PASSWORD, verified: true });
  db.$client.close();
  learner = new Client(server.url);
  await learner.signIn(email, PASSWORD);
  const course = (await shippedCourses()).find((c) => c.slug === 'social-media-strategy')!;
  expect((await learner.post(`/courses/${course.slug}/enrol`, [])).status).toBe(303);
  lessonPath = `/courses/${course.slug}/${course.lessons[0].slug}`;
  taskIds = tasksOf(course.lessons[0]).map((t) => t.id);
});
afterAll(async () => {
  await server?.stop();
});

/** Strings a careless parser trips over, mixed with random Unicode of every kind. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '\u0000', '\u202Eevil', '\u200B', '<script>alert(1)</script>', "' OR 1=1 --", '{"$gt":""}', '../../etc/passwd', '%00', 'a'.repeat(5000), '😀'.repeat(300), '\r\nSet-Cookie: x=1'),
);
const fieldName = fc.oneof(fc.constantFrom('name', 'email', 'password', 'currentPassword', 'intent', 'task', 'text', 'answer', 'items', 'confirm', 'platforms', 'role', 'goal', 'next'), fc.string({ maxLength: 20 }));
const formFields = fc.array(fc.tuple(fieldName, hostile), { maxLength: 8 });
let address = 0;
const from = () => ({ 'X-Forwarded-For': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}` });

async function neverA5xx(client: () => Client, target: string, fields: [string, string][]) {
  const page = await client().post(target, fields, from());
  expect(page.status, `${target} ${JSON.stringify(fields).slice(0, 300)}`).toBeLessThan(500);
}

describe('hostile input', () => {
  for (const target of ['/sign-up', '/sign-in', '/forgot-password', '/assessment', '/verify-email/resend']) {
    it(`answers random and hostile forms to ${target} without a server error`, async () => {
      await fc.assert(fc.asyncProperty(formFields, (fields) => neverA5xx(() => new Client(server.url), target, fields)), { numRuns: RUNS });
    });
  }

  it('answers random account changes and task answers of a signed-in learner without a server error', async () => {
    const intents = fc.constantFrom('name', 'email', 'password', 'delete', 'nonsense');
    await fc.assert(
      fc.asyncProperty(intents, formFields, (intent, fields) =>
        // Never the real current password, so the account survives "delete".
        neverA5xx(() => learner, '/account', [['intent', intent], ...fields.filter(([name]) => name !== 'currentPassword')]),
      ),
      { numRuns: RUNS },
    );
    const task = fc.constantFrom(...taskIds, 'no-such-task');
    await fc.assert(fc.asyncProperty(task, formFields, (id, fields) => neverA5xx(() => learner, lessonPath, [['task', id], ...fields])), { numRuns: RUNS });
    expect((await learner.get('/account')).status).toBe(200);
  });

  it('stored no name with control or invisible characters and no oversized name', async () => {
    const db = createDb(dbPath, { migrate: false });
    const names = db.$client.prepare('select name from users').all() as { name: string }[];
    db.$client.close();
    for (const { name } of names) {
      expect(name).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      expect(name.length).toBeLessThanOrEqual(200);
    }
  });
});

/**
 * Faults found when the platform was probed, each with the test that keeps it fixed. A server of
 * its own (its own database and limits as in production), behind a trusted proxy on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { freshDbPath } from '../support/db.ts';
import { root, startServer, type RunningServer } from '../support/server.ts';
import { Client, uniqueEmail } from '../support/http.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';

let server: RunningServer;
let dbPath: string;
const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'cw-hardening-outbox-'));
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  dbPath = freshDbPath();
  server = await startServer(path.join(root, 'dist-test'), { DATABASE_PATH: dbPath, MAIL_OUTBOX_DIR: outboxDir, KEYS_DIR: path.join(outboxDir, 'keys'), TRUSTED_PROXIES: 'loopback' });
});
afterAll(async () => {
  await server?.stop();
});

async function account(): Promise<string> {
  const email = uniqueEmail('hardening');
  const db = createDb(dbPath, { migrate: false });
  await createUser(db, { name: 'Owner', email, password: PASSWORD });
  db.$client.close();
  return email;
}

const signIn = (email: string, password: string, forwardedFor: string) =>
  new Client(server.url).post('/sign-in', [['email', email], ['password', password]], { 'X-Forwarded-For': forwardedFor });

describe('client address and sign-in throttling', () => {
  it('ignores X-Forwarded-For values a client makes up in front of the proxy, and never locks the owner out from elsewhere', async () => {
    const email = await account();
    const statuses: number[] = [];
    // The attacker rotates the left part; the trusted proxy appends the real address, 203.0.113.9.
    for (let i = 0; i < 8; i++) statuses.push((await signIn(email, 'wrong password', `198.51.100.${i}, 203.0.113.9`)).status);
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The owner, from another address, signs in with the right password.
    const owner = await signIn(email, PASSWORD, '192.0.2.44');
    expect(owner.status).toBe(303);
  });
});

describe('forms that send mail', () => {
  it('stops a flood of password-reset mails to one inbox with 429 and Retry-After', async () => {
    const email = await account();
    const safe = email.replace(/[^a-z0-9@.-]/gi, '_');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => new Client(server.url).post('/forgot-password', [['email', email]], { 'X-Forwarded-For': `192.0.2.${i}` })));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(9);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readdirSync(outboxDir).filter((f) => f.endsWith(`-${safe}.eml`)).length).toBeLessThanOrEqual(3);
  });
});

describe('input that should not be stored', () => {
  it('stores a platform sent thousands of times once, and limits self-assessments per address', async () => {
    const client = new Client(server.url);
    const page = await client.get('/assessment');
    const form: [string, string][] = [];
    for (const match of page.html.matchAll(/<input type="radio" id="[^"]+" name="([^"]+)" value="([^"]+)"/g)) if (!form.some(([name]) => name === match[1])) form.push([match[1], match[2]]);
    for (let i = 0; i < 5000; i++) form.push(['platforms', 'instagram']);
    const sent = await client.post('/assessment', form, { 'X-Forwarded-For': '192.0.2.200' });
    expect(sent.status).toBe(303);
    const db = createDb(dbPath, { migrate: false });
    const row = db.$client.prepare('select length(answers) as bytes, answers from assessments order by created_at desc limit 1').get() as { bytes: number; answers: string };
    db.$client.close();
    expect(JSON.parse(row.answers).platforms).toEqual(['instagram']);
    expect(row.bytes).toBeLessThan(3000);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await new Client(server.url).post('/assessment', form, { 'X-Forwarded-For': '192.0.2.201' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('refuses a name with control or invisible format characters, and an oversized body with 413', async () => {
    for (const name of ['Eve\u202Eevil', 'Zero\u200Bwidth', 'Nul\u0000byte', 'Line\nbreak']) {
      const page = await new Client(server.url).post('/sign-up', [['name', name], ['email', uniqueEmail('names')], ['password', 'a-long-password-1']], { 'X-Forwarded-For': '192.0.2.150' });
      expect(page.status, JSON.stringify(name)).toBe(422);
      expect(page.html).toContain('no invisible or control characters');
    }
    const huge = await fetch(`${server.url}/sign-up`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url }, body: `name=${'a'.repeat(1_200_000)}` });
    expect(huge.status).toBe(413);
  });
});

describe('headers', () => {
  it('sends nosniff, a referrer policy and frame-ancestors on static files and error answers too, and no-store on the reset page', async () => {
    for (const path of ['/favicon.svg', '/no-such-page', '/robots.txt']) {
      const response = await fetch(server.url + path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    expect((await fetch(`${server.url}/reset-password?token=abc`)).headers.get('cache-control')).toBe('no-store');
  });
});

describe('content security policy', () => {
  it('allows no inline scripts or styles, and the pages need none', async () => {
    for (const path of ['/', '/courses', '/assessment', '/sign-in']) {
      const response = await fetch(server.url + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      const html = await response.text();
      expect(html, path).not.toMatch(/<style[\s>]|\sstyle="/);
      expect(html, path).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    }
  });
});

describe('structured logs', () => {
  it('writes security events as JSON with the request id, and never the password, token or e-mail address', async () => {
    const email = await account();
    const secret = 'wrong-password-never-logged';
    const failed = await signIn(email, secret, '192.0.2.77');
    expect(failed.status).toBe(400);
    const requestId = failed.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ok = await signIn(email, PASSWORD, '192.0.2.77');
    expect(ok.status).toBe(303);

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = lines.find((line) => line.event === 'sign-in.failed' && line.requestId === requestId);
    expect(failure).toMatchObject({ security: true, address: '192.0.2.77', knownAccount: true });
    expect(lines.some((line) => line.event === 'sign-in.succeeded' && line.address === '192.0.2.77')).toBe(true);
    expect(lines.some((line) => line.msg === 'request' && line.requestId === requestId && line.status === 400 && line.path === '/sign-in')).toBe(true);
    const output = server.output();
    expect(output).not.toContain(secret);
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(email);
  });
});

/**
 * Visitors' public pages kept for a few seconds per process (src/lib/http/page-cache.ts), on a
 * server of its own with the cache on (the shared test server runs without it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import { freshDbPath } from '../support/db.ts';
import { root, startServer, type RunningServer } from '../support/server.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { lessonComments } from '../../src/lib/db/schema.ts';

let server: RunningServer;
let dbPath: string;
const lesson = '/courses/social-media-foundation/01-what-social-media-management-is';
const TTL_SECONDS = 3;

beforeAll(async () => {
  dbPath = freshDbPath();
  server = await startServer(path.join(root, 'dist-test'), { DATABASE_PATH: dbPath, PAGE_CACHE_SECONDS: String(TTL_SECONDS) });
});
afterAll(async () => {
  await server?.stop();
});

const get = (target: string, headers: Record<string, string> = {}) => fetch(server.url + target, { headers, redirect: 'manual' });

describe('visitor page cache', () => {
  it('answers the next visitor with the same page without rendering it again, in their language only', async () => {
    const first = await get(lesson);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBeNull();
    const page = await first.text();
    const second = await get(lesson);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(Number(second.headers.get('age'))).toBeLessThanOrEqual(TTL_SECONDS);
    expect(await second.text()).toBe(page);
    expect(second.headers.get('cache-control')).toBe('public, max-age=60');
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));

    const german = await get(lesson, { 'Accept-Language': 'de' });
    expect(german.headers.get('x-cache')).toBeNull();
    expect(await german.text()).toContain('<html lang="de"');
    expect((await get(lesson, { Cookie: 'lang=de' })).headers.get('x-cache')).toBe('hit');
  });

  it('keeps nothing from a HEAD request for the next GET', async () => {
    const target = '/courses?bench=head';
    expect((await fetch(server.url + target, { method: 'HEAD' })).status).toBe(200);
    const after = await get(target);
    expect(after.headers.get('x-cache')).toBeNull();
    expect((await after.text()).length).toBeGreaterThan(1000);
  });

  it('never answers a request that carries any other cookie, such as a session, from it', async () => {
    await get(lesson);
    const withSession = await get(lesson, { Cookie: 'session=not-a-real-token' });
    expect(withSession.headers.get('x-cache')).toBeNull();
    const withAnything = await get(lesson, { Cookie: 'lang=en; tracking=1' });
    expect(withAnything.headers.get('x-cache')).toBeNull();
    // A made-up Host header neither gets its own copy nor changes the page (links name SITE_URL).
    const forged = await new Promise<{ cache: unknown; body: string }>((resolve, reject) => {
      const target = new URL(server.url + lesson);
      http
        .get({ host: target.hostname, port: target.port, path: target.pathname, headers: { Host: 'attacker.example' } }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk));
          response.on('end', () => resolve({ cache: response.headers['x-cache'], body }));
        })
        .on('error', reject);
    });
    expect(forged.cache).toBe('hit');
    expect(forged.body).not.toContain('attacker.example');
  });

  it('keeps no page that is not public: a redirect to sign in is answered afresh every time', async () => {
    await get('/dashboard');
    const again = await get('/dashboard');
    expect(again.status).toBe(302);
    expect(again.headers.get('x-cache')).toBeNull();
  });

  it('shows visitors a newly approved comment once the kept page has expired', async () => {
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 200));
    const db = createDb(dbPath, { migrate: false });
    const author = await createUser(db, { name: 'Cache Commenter', email: 'cache-commenter@test.example', password: 'correct horse battery staple' });
    // Kept from here for TTL_SECONDS; the comment arrives a moment later.
    expect((await get(lesson)).headers.get('x-cache')).toBeNull();
    db.insert(lessonComments).values({ courseSlug: 'social-media-foundation', lessonSlug: '01-what-social-media-management-is', userId: author, body: 'Approved while the page was kept', status: 'approved', createdAt: new Date() }).run();
    db.$client.close();
    const kept = await get(lesson);
    expect(kept.headers.get('x-cache')).toBe('hit');
    expect(await kept.text()).not.toContain('Approved while the page was kept');
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 200));
    const fresh = await get(lesson);
    expect(fresh.headers.get('x-cache')).toBeNull();
    expect(await fresh.text()).toContain('Approved while the page was kept');
  });
});

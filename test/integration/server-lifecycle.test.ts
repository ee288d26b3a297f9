/** The server checks its database at start-up and closes it cleanly when asked to stop. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDbPath } from '../support/db.ts';
import { root, startServer } from '../support/server.ts';
import { createDb } from '../../src/lib/db/client.ts';

const outDir = path.join(root, 'dist-test');

describe('server lifecycle', () => {
  it('closes the database on SIGTERM: exit code 0 and the write-ahead log folded back into the file', async () => {
    const dbPath = freshDbPath();
    const server = await startServer(outDir, { DATABASE_PATH: dbPath });
    expect((await fetch(`${server.url}/courses`)).status).toBe(200);
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Closing the last connection checkpoints the WAL and removes it.
    expect(existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0).toBe(0);
  });

  it('answers a database without its migrations with the server-error page (the log says what to run), not a blank 500', async () => {
    const dbPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-unmigrated-')), 'app.db');
    createDb(dbPath, { migrate: false }).$client.close();
    const server = await startServer(outDir, { DATABASE_PATH: dbPath });
    try {
      const page = await fetch(`${server.url}/courses`);
      expect(page.status).toBe(500);
      // The server-error answer carries the security headers like every other.
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).toContain('Something went wrong on our side');
    } finally {
      await server.stop();
    }
  });
});

describe('start-up on a public site', () => {
  it('refuses to start on https without Stripe keys, unless payments are switched off', async () => {
    const { spawnSync } = await import('node:child_process');
    const env = { ...process.env, SITE_URL: 'https://academy.example', STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', ASTRO_OUT_DIR: 'dist-test' };
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STRIPE_SECRET_KEY');
    expect(run.stderr).toContain('PAYMENTS=off');
  });
});

/**
 * Global setup of the `server` test project: one production build of the real content, one
 * database copied from the migrated template, a mail outbox folder, and one running server,
 * shared by the integration and browser tests.
 */
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildSite, root, startServer } from './server.ts';
import { freshDbPath } from './db.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { TEST_PASSWORD } from './accounts.ts';
import { startFakeStripe } from './fake-stripe.ts';
import { STRIPE_WEBHOOK_SECRET } from './payments.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dbPath: string;
    outboxDir: string;
    keysDir: string;
    /** The local Stripe API the server talks to (with /_control routes for tests). */
    stripeUrl: string;
  }
}


export default async function setup(project: TestProject) {
  const outDir = path.join(root, 'dist-test');
  await rm(outDir, { recursive: true, force: true });
  const build = buildSite(outDir);
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.output}`);
  const dbPath = freshDbPath();
  const db = createDb(dbPath, { migrate: false });
  for (const role of ['admin', 'tutor', 'moderator'] as const) {
    await createUser(db, { name: `Test ${role}`, email: `${role}@test.example`, password: TEST_PASSWORD, roles: [role] });
  }
  db.$client.close();
  const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'cw-outbox-'));
  const keysDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-keys-')), 'keys');
  const pdfCacheDir = mkdtempSync(path.join(os.tmpdir(), 'cw-pdf-cache-'));
  // Payments go to a local server that speaks the Stripe API; the real SDK is pointed at it.
  const stripe = await startFakeStripe();
  const server = await startServer(outDir, {
    DATABASE_PATH: dbPath,
    MAIL_OUTBOX_DIR: outboxDir,
    KEYS_DIR: keysDir,
    PDF_CACHE_DIR: pdfCacheDir,
    STRIPE_SECRET_KEY: 'sk_test_local_fake',
    STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET,
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(stripe.port),
    STRIPE_API_PROTOCOL: 'http',
    // Every test signs up from 127.0.0.1: the per-address limits are tested on a server of their own.
    THROTTLE_MAIL_FROM_MAX: '100000',
    THROTTLE_ASSESSMENT_MAX: '100000',
  });
  project.provide('baseUrl', server.url);
  project.provide('stripeUrl', stripe.url);
  project.provide('dbPath', dbPath);
  project.provide('outboxDir', outboxDir);
  project.provide('keysDir', keysDir);
  return async () => {
    await server.stop();
    await stripe.close();
  };
}

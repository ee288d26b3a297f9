#!/usr/bin/env node
/**
 * `npm start`: serves the built site, building it first when there is no build yet.
 * Plain JavaScript so it runs before anything is compiled.
 */
import cluster from 'node:cluster';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

// A public site sells for real: without Stripe keys it would run in test-payment mode, so it does not start.
if ((process.env.SITE_URL ?? '').startsWith('https://') && process.env.PAYMENTS !== 'off' && !(process.env.STRIPE_SECRET_KEY && process.env.STRIPE_WEBHOOK_SECRET)) {
  console.error('SITE_URL is https but STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not both set.\nSet them (see the README, "Payments"), or set PAYMENTS=off to run without selling anything.');
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(root, process.env.ASTRO_OUT_DIR ?? 'dist');
const entry = path.join(outDir, 'server', 'entry.mjs');

/** Newest modification time below the given paths (files the build depends on). */
function newestChange(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(root, p)));
  return newest;
}

const sources = ['src', 'courses', 'public', 'astro.config.mjs', 'package-lock.json'];
const stale = existsSync(entry) && newestChange(sources) > statSync(entry).mtimeMs;
if (!existsSync(entry) || stale) {
  console.log(stale ? 'Sources changed since the last build: building again …' : 'No build found: building the site first …');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const tsx = (script, ...args) => spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', script), ...args], { cwd: root, stdio: 'inherit' });

// Migrations run here, before the server listens: a failure stops the start with its reason
// instead of surfacing as an error page on the first request.
const migrated = tsx('db-migrate.ts');
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

// First start: create the database and fill it with demo accounts (does nothing once it has
// accounts, and never on a public https site; DEMO_DATA=off skips it).
const seed = process.env.DEMO_DATA === 'off' ? { status: 0 } : tsx('db-seed.ts', '--if-empty');
if (seed.status !== 0) process.exit(seed.status ?? 1);

// The key that signs certificate credentials: created in data/keys/ on first start (or taken from ISSUER_KEY).
const key = tsx('issuer-key.ts');
if (key.status !== 0) process.exit(key.status ?? 1);

process.env.HOST ??= 'localhost';
process.env.PORT ??= '4321';
const serve = path.join(root, 'scripts', 'serve.mjs');

// One server process per core by default (WEB_CONCURRENCY sets the number), even when that is one,
// so a process that dies is replaced: the app keeps no state outside the database (WAL lets the
// processes share it) and caches it can rebuild; the mail worker holds a lease, so only one process sends.
const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism()) || 1);
// Memory per process (measured with npm run bench, see bench/README.md and docs/decisions/0017):
// glibc gives every thread its own malloc arena, which fragments under load; two are plenty for an
// event loop and a PDF thread. V8 lets its heap grow far beyond what is live (about 70 MB after
// the content is loaded) before it collects: the young generation is capped at 8 MB per half and
// the old one at HEAP_MB (default 256). A tighter cap (160) kept a process under lesson load at
// 250 MB instead of 370 MB, but cost a fifth of the throughput and left too little room for a
// large export, where running out of heap ends the process and the requests it was serving.
process.env.MALLOC_ARENA_MAX ??= '2';
const execArgv = [
  ...process.execArgv,
  `--max-semi-space-size=${Number(process.env.SEMI_SPACE_MB ?? 8) || 8}`,
  `--max-old-space-size=${Number(process.env.HEAP_MB ?? 256) || 256}`,
];
cluster.setupPrimary({ exec: serve, execArgv });
let stopping = false;
const recentCrashes = [];
for (let i = 0; i < processes; i++) cluster.fork();
cluster.on('exit', (worker, code, signal) => {
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    return;
  }
  // A process that died is replaced, unless they keep dying at once (then the reason is in the log).
  recentCrashes.push(Date.now());
  while (recentCrashes.length && recentCrashes[0] < Date.now() - 60_000) recentCrashes.shift();
  console.error(`Server process ${worker.process.pid} stopped (${signal ?? code}).`);
  if (recentCrashes.length > processes * 3) {
    console.error('Server processes keep stopping; giving up.');
    process.exit(1);
  }
  cluster.fork();
});
for (const name of ['SIGTERM', 'SIGINT']) {
  process.on(name, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  });
}
console.log(`Started ${processes} server process${processes === 1 ? '' : 'es'} (WEB_CONCURRENCY=${processes}).`);

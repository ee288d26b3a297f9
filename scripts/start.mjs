#!/usr/bin/env node
/**
 * `npm start`: serves the built site, building it first when there is no build yet.
 * Plain JavaScript so it runs before anything is compiled.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(root, process.env.ASTRO_OUT_DIR ?? 'dist');
const entry = path.join(outDir, 'server', 'entry.mjs');

if (!existsSync(entry)) {
  console.log('No build found: building the site first (npm run build) …');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.HOST ??= 'localhost';
process.env.PORT ??= '4321';
await import(pathToFileURL(entry).href);

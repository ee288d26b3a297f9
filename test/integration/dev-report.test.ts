/**
 * The author's preview (`astro dev`) reports the same problems as `courses:check`: a banner on
 * every page, the courses:check format in the terminal, a course with errors left out (never served
 * as if fine), unfinished text only a warning there, and the answer key for the author.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/server.ts';
import { checkContent, contentPaths } from '../../src/lib/authoring/check.ts';

let dev: ChildProcess;
let output = '';
let base = '';
const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-dev-'));
const courses = path.join(dir, 'courses');

beforeAll(async () => {
  cpSync(path.join(root, 'test/fixtures/broken/placeholder/demo-course'), path.join(courses, 'unfinished'), { recursive: true });
  cpSync(path.join(root, 'test/fixtures/broken/unknown-lesson-key/demo-course'), path.join(courses, 'typo'), { recursive: true });
  const port = 45_000 + Math.floor(Math.random() * 5000);
  // The test runner's own variables (NODE_ENV=test, VITEST…) would put Astro's dev server in another mode.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST'));
  dev = spawn(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...env, COURSES_DIR: courses, DATABASE_PATH: path.join(dir, 'app.db'), MAIL_OUTBOX_DIR: path.join(dir, 'outbox'), KEYS_DIR: path.join(dir, 'keys'), ASTRO_CACHE_DIR: path.join(dir, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    const ready = await fetch(`${base}/courses`).then((r) => r.ok).catch(() => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`astro dev did not start:\n${output}`);
}, 90_000);

afterAll(() => {
  dev?.kill('SIGTERM');
});

describe('the preview under astro dev', () => {
  it('shows every problem courses:check finds, in the same words, on the page and in the terminal', async () => {
    const expected = (await checkContent({ ...contentPaths(root), coursesDir: courses }, root)).problems;
    expect(expected.map((p) => p.rule).sort()).toEqual(['placeholder', 'unknown-key']);
    const page = await (await fetch(`${base}/courses`)).text();
    const text = page.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#34;/g, '"');
    for (const problem of expected) {
      expect(text).toContain(problem.message);
      expect(output).toContain(problem.message);
    }
    expect(text).toContain('1 error, 1 warning');
  });

  it('leaves out a course with errors, serves an unfinished one, and shows the author the answer key', async () => {
    expect((await fetch(`${base}/courses/typo`)).status).toBe(404);
    expect((await fetch(`${base}/courses/unfinished`)).status).toBe(200);
    const withKey = await (await fetch(`${base}/courses/unfinished/01-first-steps?answers=1`)).text();
    expect(withKey).toContain('(Right answer)');
    const withoutKey = await (await fetch(`${base}/courses/unfinished/01-first-steps`)).text();
    expect(withoutKey).not.toContain('(Right answer)');
  });
});

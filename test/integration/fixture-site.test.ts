import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { buildSite, root, startServer, type RunningServer } from '../support/server.ts';
import { freshDbPath } from '../support/db.ts';

/** A site built from fixture courses: language versions link each other, drafts stay unpublished. */
const outDir = path.join(root, 'dist-fixture-translated');
let server: RunningServer;
const pdfCacheDir = mkdtempSync(path.join(os.tmpdir(), 'cw-fixture-pdf-'));

beforeAll(async () => {
  const build = buildSite(outDir, { COURSES_DIR: 'test/fixtures/translated' });
  if (build.status !== 0) throw new Error(build.output);
  // Course PDFs are prepared at start here (two small published courses), unlike on the shared test server.
  server = await startServer(outDir, { DATABASE_PATH: freshDbPath(), PDF_CACHE_DIR: pdfCacheDir, PDF_PREPARE: 'on' });
});

afterAll(async () => {
  await server?.stop();
  await rm(outDir, { recursive: true, force: true });
  await rm(`${outDir}-cache`, { recursive: true, force: true });
  await rm(pdfCacheDir, { recursive: true, force: true });
});

describe('fixture site', () => {
  it('links the other language versions of a course', async () => {
    const html = await (await fetch(`${server.url}/courses/demo-course`)).text();
    expect(html).toContain('Also available in');
    expect(html).toContain('<a href="/courses/demo-kurs" hreflang="de" lang="de">Testkurs auf Deutsch</a>');
    const german = await (await fetch(`${server.url}/courses/demo-kurs`)).text();
    expect(german).toContain('href="/courses/demo-course" hreflang="en"');
  });

  it('does not list or serve draft courses', async () => {
    const catalogue = await (await fetch(`${server.url}/courses`)).text();
    expect(catalogue).toContain('href="/courses/demo-course"');
    expect(catalogue).not.toContain('draft-course');
    expect((await fetch(`${server.url}/courses/draft-course`)).status).toBe(404);
    expect((await fetch(`${server.url}/courses/draft-course/01-first-steps`)).status).toBe(404);
  });

  it('typesets every published course as PDF after it starts, in a worker thread, so no reader waits for the first one', async () => {
    expect((await fetch(`${server.url}/courses`)).status).toBe(200);
    const prepared = () => readdirSync(pdfCacheDir).filter((name) => name.endsWith('.pdf')).sort();
    const deadline = Date.now() + 90_000;
    while (prepared().length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    // Both published courses, with and without the final questions; the draft is not typeset.
    expect(prepared().map((name) => name.replace(/-[0-9a-f]{16}\.pdf$/, ''))).toEqual(['demo-course-v1-course', 'demo-course-v1-course-locked', 'demo-kurs-v1-course', 'demo-kurs-v1-course-locked']);
    expect(server.output()).toMatch(/"made":4[,}]/);
  });
});

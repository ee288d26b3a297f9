import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { buildSite, root, startServer, type RunningServer } from '../support/server.ts';
import { freshDbPath } from '../support/db.ts';

/** A site built from fixture courses: language versions link each other, drafts stay unpublished. */
const outDir = path.join(root, 'dist-fixture-translated');
let server: RunningServer;

beforeAll(async () => {
  const build = buildSite(outDir, { COURSES_DIR: 'test/fixtures/translated' });
  if (build.status !== 0) throw new Error(build.output);
  server = await startServer(outDir, { DATABASE_PATH: freshDbPath() });
});

afterAll(async () => {
  await server?.stop();
  await rm(outDir, { recursive: true, force: true });
  await rm(`${outDir}-cache`, { recursive: true, force: true });
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
});

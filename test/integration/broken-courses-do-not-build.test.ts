import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { buildSite, root } from '../support/server.ts';
import { scaffoldCourse } from '../../src/lib/courses/scaffold.ts';

/** The content loader runs the same validation as courses:check, so a broken course cannot be built or served. */
describe('a broken course stops the build', () => {
  for (const [fixture, rule, file] of [
    ['too-many-lessons', 'lesson-count', 'test/fixtures/broken/too-many-lessons/demo-course/lessons'],
    ['three-tasks', 'task-count', 'test/fixtures/broken/three-tasks/demo-course/lessons/01-first-steps.mdx'],
    ['placeholder', 'placeholder', 'test/fixtures/broken/placeholder/demo-course/lessons/01-first-steps.mdx'],
  ]) {
    it(`refuses to build with the "${fixture}" fixture`, async () => {
      const outDir = path.join(root, `dist-broken-${fixture}`);
      try {
        const result = buildSite(outDir, { COURSES_DIR: `test/fixtures/broken/${fixture}` });
        expect(result.status).not.toBe(0);
        expect(result.output).toContain(`[${rule}]`);
        expect(result.output).toContain(file);
      } finally {
        await rm(outDir, { recursive: true, force: true });
        await rm(`${outDir}-cache`, { recursive: true, force: true });
      }
    });
  }

  it('refuses to build a scaffolded course left unchanged, naming its placeholders with their lines', async () => {
    const courses = mkdtempSync(path.join(os.tmpdir(), 'cw-scaffold-'));
    for (const file of scaffoldCourse({ language: 'en', lessons: 2 })) {
      const target = path.join(courses, 'new-course', file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.text);
    }
    const outDir = path.join(root, 'dist-broken-scaffold');
    try {
      const result = buildSite(outDir, { COURSES_DIR: courses });
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/\[placeholder\] line \d+, column \d+: unfinished text "summary: Replace with/);
      expect(result.output).toContain('new-course/course.yaml');
    } finally {
      await rm(outDir, { recursive: true, force: true });
      await rm(`${outDir}-cache`, { recursive: true, force: true });
    }
  });
});

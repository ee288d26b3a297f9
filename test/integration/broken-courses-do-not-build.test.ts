import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { buildSite, root } from '../support/server.ts';

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
});

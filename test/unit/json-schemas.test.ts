/**
 * The editor schemas: generated from the zod schemas, committed up to date, accepting every
 * shipped course and refusing the broken fixtures that break a frontmatter rule.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/lib/authoring/json-schemas.ts';
import { splitFrontmatter } from '../../src/lib/courses/validate.ts';

const root = path.resolve(import.meta.dirname, '../..');
const generated = jsonSchemas(path.join(root, 'src/lib/courses/schema.ts'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = Object.fromEntries(Object.entries(generated).map(([file, text]) => [file, ajv.compile(JSON.parse(text))]));

function courseFiles(coursesDir: string) {
  return readdirSync(coursesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join(coursesDir, entry.name);
      const lessons = readdirSync(path.join(dir, 'lessons')).filter((f) => f.endsWith('.mdx'));
      return { dir, lessons };
    });
}

const frontmatter = (file: string) => parse(splitFrontmatter(readFileSync(file, 'utf8'))!.yaml);

describe('editor schemas', () => {
  it('are committed as generated (run npm run schemas after changing src/lib/courses/schema.ts)', () => {
    for (const [file, text] of Object.entries(generated)) expect(readFileSync(path.join(root, 'schemas', file), 'utf8'), file).toBe(text);
  });

  it('carry the JSDoc of the schema as descriptions', () => {
    const lesson = JSON.parse(generated['lesson.schema.json']);
    expect(lesson.properties.minutes.description).toMatch(/Minutes/);
    expect(JSON.parse(generated['course.schema.json']).properties.estimatedHours.description).toBeTruthy();
  });

  it('accept every shipped course.yaml and lesson', () => {
    for (const { dir, lessons } of courseFiles(path.join(root, 'courses'))) {
      const course = parse(readFileSync(path.join(dir, 'course.yaml'), 'utf8'));
      expect(validate['course.schema.json'](course), `${dir}/course.yaml: ${ajv.errorsText(validate['course.schema.json'].errors)}`).toBe(true);
      for (const lesson of lessons) {
        const check = validate[lesson === 'final.mdx' ? 'final-lesson.schema.json' : 'lesson.schema.json'];
        expect(check(frontmatter(path.join(dir, 'lessons', lesson))), `${dir}/lessons/${lesson}: ${ajv.errorsText(check.errors)}`).toBe(true);
      }
    }
  });

  it('refuse the broken fixtures that break a frontmatter rule', () => {
    const broken = (fixture: string) => path.join(root, 'test/fixtures/broken', fixture, 'demo-course');
    expect(validate['course.schema.json'](parse(readFileSync(path.join(broken('unknown-course-key'), 'course.yaml'), 'utf8')))).toBe(false);
    expect(validate['course.schema.json'](parse(readFileSync(path.join(broken('unknown-language'), 'course.yaml'), 'utf8')))).toBe(false);
    expect(validate['lesson.schema.json'](frontmatter(path.join(broken('unknown-lesson-key'), 'lessons/01-first-steps.mdx')))).toBe(false);
    expect(validate['lesson.schema.json'](frontmatter(path.join(broken('three-tasks'), 'lessons/01-first-steps.mdx')))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { checkContent, contentPaths } from '../../src/lib/courses/check.ts';
import { validateCourses, findTaskPlacements, splitFrontmatter } from '../../src/lib/courses/validate.ts';
import { readCourseTree } from '../../src/lib/courses/source.ts';
import { scaffoldCourse } from '../../src/lib/courses/scaffold.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
const specializationsDir = contentPaths(root).specializationsDir;

async function check(dir: string) {
  return checkContent({ coursesDir: dir, specializationsDir }, root);
}

/** Each broken fixture breaks one rule: the rule expected and the file the message must name. */
const expectations: Record<string, { rule: string; file: string }> = {
  'too-many-lessons': { rule: 'lesson-count', file: 'demo-course/lessons' },
  'three-tasks': { rule: 'task-count', file: 'demo-course/lessons/01-first-steps.mdx' },
  'no-final-lesson': { rule: 'final-lesson', file: 'demo-course/lessons' },
  'no-lessons': { rule: 'lesson-count', file: 'demo-course/lessons' },
  'duplicate-task-id': { rule: 'task-id-unique', file: 'demo-course/lessons/01-first-steps.mdx' },
  'unknown-task-placement': { rule: 'task-placement', file: 'demo-course/lessons/01-first-steps.mdx' },
  'task-placed-twice': { rule: 'task-placement', file: 'demo-course/lessons/01-first-steps.mdx' },
  'quiz-one-option': { rule: 'quiz-options', file: 'demo-course/lessons/01-first-steps.mdx' },
  'quiz-no-correct': { rule: 'quiz-options', file: 'demo-course/lessons/01-first-steps.mdx' },
  'lesson-number-gap': { rule: 'lesson-numbering', file: 'demo-course/lessons' },
  'lesson-number-duplicate': { rule: 'lesson-numbering', file: 'demo-course/lessons' },
  'unknown-language': { rule: 'schema', file: 'demo-course/course.yaml' },
  'unknown-specialization': { rule: 'specialization-ref', file: 'demo-course/course.yaml' },
  'specialization-wrong-axis': { rule: 'specialization-ref', file: 'demo-course/course.yaml' },
  'unknown-translation': { rule: 'translation-ref', file: 'demo-course/course.yaml' },
  'negative-price': { rule: 'price', file: 'demo-course/course.yaml' },
  'price-three-decimals': { rule: 'price', file: 'demo-course/course.yaml' },
  'free-offer-with-price': { rule: 'price', file: 'demo-course/course.yaml' },
  'unknown-lesson-key': { rule: 'unknown-key', file: 'demo-course/lessons/01-first-steps.mdx' },
  'unknown-course-key': { rule: 'unknown-key', file: 'demo-course/course.yaml' },
  'bad-lesson-file-name': { rule: 'lesson-file-name', file: 'demo-course/lessons/1-first-steps.mdx' },
  'missing-course-yaml': { rule: 'course-yaml-missing', file: 'demo-course/course.yaml' },
  'yaml-syntax': { rule: 'yaml-syntax', file: 'demo-course/course.yaml' },
  'pass-mark-below-final': { rule: 'pass-mark', file: 'demo-course/course.yaml' },
};

describe('course validation', () => {
  it('accepts the valid fixture course', async () => {
    const { problems, courses } = await check(path.join(fixtures, 'valid'));
    expect(problems).toEqual([]);
    expect(courses.map((c) => c.slug)).toEqual(['demo-course']);
    expect(courses[0].lessons).toHaveLength(1);
    expect(courses[0].final.meta.assessment.passMark).toBe(60);
  });

  it('accepts courses that are each other\'s translations, and drafts', async () => {
    const { problems, courses } = await check(path.join(fixtures, 'translated'));
    expect(problems).toEqual([]);
    expect(courses.map((c) => c.slug)).toEqual(['demo-course', 'demo-kurs', 'draft-course']);
  });

  it('accepts the shipped courses and specializations', async () => {
    const { problems, courses } = await check(path.join(root, 'courses'));
    expect(problems).toEqual([]);
    expect(new Set(courses.map((c) => c.meta.language))).toEqual(new Set(['en', 'de', 'sv']));
  });

  it('has an expectation for every broken fixture', () => {
    expect(readdirSync(path.join(fixtures, 'broken')).sort()).toEqual(Object.keys(expectations).sort());
  });

  for (const [fixture, expected] of Object.entries(expectations)) {
    it(`reports ${expected.rule} for the "${fixture}" fixture, naming the file`, async () => {
      const dir = path.join(fixtures, 'broken', fixture);
      const { problems, courses } = await check(dir);
      const file = `test/fixtures/broken/${fixture}/${expected.file}`;
      expect(problems.map((p) => [p.rule, p.file])).toContainEqual([expected.rule, file]);
      // The fixture breaks only that rule (a renamed lesson also leaves the course without lessons).
      expect(problems.every((p) => p.rule === expected.rule || fixture === 'bad-lesson-file-name')).toBe(true);
      for (const problem of problems) {
        expect(problem.message.length).toBeGreaterThan(10);
        expect(problem.fix.length).toBeGreaterThan(10);
      }
      expect(courses).toEqual([]);
    });
  }

  it('names the counts in the lesson-count and task-count messages', async () => {
    const many = await check(path.join(fixtures, 'broken/too-many-lessons'));
    expect(many.problems[0].message).toContain('31');
    const three = await check(path.join(fixtures, 'broken/three-tasks'));
    expect(three.problems[0].message).toMatch(/3 task\(s\).*exactly 4/);
  });

  it('requires translations to exist in another language and to list the course back', async () => {
    const sources = await readCourseTree(path.join(fixtures, 'valid'), root);
    const base = sources[0];
    const withTranslation = (slug: string, language: string, translations: string[]) => ({
      ...base,
      slug,
      dir: `x/${slug}`,
      courseYaml: {
        file: `x/${slug}/course.yaml`,
        text: base.courseYaml!.text.replace('language: en', `language: ${language}`).replace('translations: []', `translations: [${translations.join(', ')}]`),
      },
    });
    const specializations = new Map([
      ['strategy-planning', { axis: 'function' as const }],
      ['linkedin-xing', { axis: 'platform' as const }],
      ['b2b', { axis: 'industry' as const }],
    ]);
    const oneWay = validateCourses([withTranslation('english', 'en', ['deutsch']), withTranslation('deutsch', 'de', [])], { specializations });
    expect(oneWay.problems.map((p) => [p.rule, p.file])).toEqual([['translation-ref', 'x/english/course.yaml']]);
    expect(oneWay.problems[0].message).toContain('does not list');
    expect(oneWay.courses.map((c) => c.slug)).toEqual(['deutsch']);

    const sameLanguage = validateCourses([withTranslation('a', 'en', ['b']), withTranslation('b', 'en', ['a'])], { specializations });
    expect(sameLanguage.problems.map((p) => p.rule)).toEqual(['translation-ref', 'translation-ref']);

    const both = validateCourses([withTranslation('english', 'en', ['deutsch']), withTranslation('deutsch', 'de', ['english'])], { specializations });
    expect(both.problems).toEqual([]);
  });

  it('scaffolds a new course that passes the check', async () => {
    const sources = await readCourseTree(path.join(fixtures, 'valid'), root);
    const files = scaffoldCourse({ language: 'sv', lessons: 3 });
    const scaffolded = {
      slug: 'new-course',
      dir: 'courses/new-course',
      courseYaml: { file: 'courses/new-course/course.yaml', text: files.find((f) => f.path === 'course.yaml')!.text },
      lessons: files.filter((f) => f.path.startsWith('lessons/')).map((f) => ({ file: `courses/new-course/${f.path}`, fileName: f.path.slice('lessons/'.length), text: f.text })),
    };
    const result = validateCourses([...sources, scaffolded], {
      specializations: new Map([['strategy-planning', { axis: 'function' }], ['linkedin-xing', { axis: 'platform' }], ['b2b', { axis: 'industry' }]]),
    });
    expect(result.problems).toEqual([]);
    expect(result.courses.find((c) => c.slug === 'new-course')?.lessons).toHaveLength(3);
  });
});

describe('task placement and frontmatter parsing', () => {
  it('finds <Task> tags outside code fences with their lines', () => {
    const body = 'Intro\n<Task id="a" />\n```mdx\n<Task id="ignored" />\n```\nText <Task id=\'b\'/> more\n<Task />';
    expect(findTaskPlacements(body)).toEqual([
      { id: 'a', line: 2 },
      { id: 'b', line: 6 },
      { id: null, line: 7 },
    ]);
  });

  it('splits frontmatter from the body', () => {
    expect(splitFrontmatter('---\ntitle: x\n---\nBody')).toEqual({ yaml: 'title: x', body: 'Body', bodyLine: 4 });
    expect(splitFrontmatter('No frontmatter')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { checkContent, contentPaths } from '../../src/lib/authoring/check.ts';
import { parse as parseYaml } from 'yaml';
import { closest, editDistance, validateCourses, findTaskPlacements, scanLessonBody, splitFrontmatter } from '../../src/lib/courses/validate.ts';
import { LESSON_COMPONENTS } from '../../src/lib/courses/components.ts';
import { lessonSchema } from '../../src/lib/courses/schema.ts';
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
  placeholder: { rule: 'placeholder', file: 'demo-course/lessons/01-first-steps.mdx' },
  'three-tasks': { rule: 'task-count', file: 'demo-course/lessons/01-first-steps.mdx' },
  'no-final-lesson': { rule: 'final-lesson', file: 'demo-course/lessons' },
  'no-lessons': { rule: 'lesson-count', file: 'demo-course/lessons' },
  'duplicate-task-id': { rule: 'task-id-unique', file: 'demo-course/lessons/01-first-steps.mdx' },
  'task-id-across-lessons': { rule: 'task-id-unique', file: 'demo-course/lessons/02-second-steps.mdx' },
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
  'lesson-number-gaps': { rule: 'lesson-numbering', file: 'demo-course/lessons' },
  'lesson-number-zero': { rule: 'lesson-numbering', file: 'demo-course/lessons' },
  'unknown-component': { rule: 'unknown-component', file: 'demo-course/lessons/01-first-steps.mdx' },
  'mdx-syntax-less-than': { rule: 'mdx-syntax', file: 'demo-course/lessons/01-first-steps.mdx' },
  'mdx-syntax-expression': { rule: 'mdx-syntax', file: 'demo-course/lessons/01-first-steps.mdx' },
  'figure-without-alt': { rule: 'figure-alt', file: 'demo-course/lessons/01-first-steps.mdx' },
  'reserved-task-id': { rule: 'task-id-reserved', file: 'demo-course/lessons/01-first-steps.mdx' },
  'underscore-folder': { rule: 'course-folder', file: '_draft' },
  'task-placement-multi-line': { rule: 'task-placement', file: 'demo-course/lessons/01-first-steps.mdx' },
  'task-placement-after-long-fence': { rule: 'task-placement', file: 'demo-course/lessons/01-first-steps.mdx' },
  'task-id-expression': { rule: 'task-placement', file: 'demo-course/lessons/01-first-steps.mdx' },
  'answer-longest': { rule: 'answer-longest', file: 'demo-course/course.yaml' },
  'answer-position': { rule: 'answer-position', file: 'demo-course/course.yaml' },
  'answer-position-multi-select': { rule: 'answer-position', file: 'demo-course/course.yaml' },
  'final-repeats-lesson': { rule: 'final-repeats-lesson', file: 'demo-course/lessons/final.mdx' },
  'pool-size': { rule: 'pool-size', file: 'demo-course/lessons/final.mdx' },
  'final-question-lesson': { rule: 'final-question-lesson', file: 'demo-course/lessons/final.mdx' },
  'estimated-hours': { rule: 'estimated-hours', file: 'demo-course/course.yaml' },
  'metadata-treated': { rule: 'metadata-treated', file: 'demo-course/course.yaml' },
};

describe('course validation', () => {
  it('accepts the valid fixture courses', async () => {
    const { problems, courses } = await check(path.join(fixtures, 'valid'));
    expect(problems).toEqual([]);
    expect(courses.map((c) => c.slug)).toEqual(['demo-course', 'mdx-edge-cases']);
    expect(courses[0].lessons).toHaveLength(1);
    expect(courses[0].final.meta.assessment.passMark).toBe(60);
  });

  it('counts only the <Task> elements MDX renders: not in inline code, comments or fences, but multi-line tags', async () => {
    const { courses } = await check(path.join(fixtures, 'valid'));
    const edge = courses.find((c) => c.slug === 'mdx-edge-cases')!;
    expect(edge.lessons[0].placedTaskIds).toEqual(['check', 'think', 'confirm']);
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

  it('names every missing lesson number, and lesson 00 on its own', async () => {
    const gaps = await check(path.join(fixtures, 'broken/lesson-number-gaps'));
    expect(gaps.problems).toHaveLength(1);
    expect(gaps.problems[0].message).toMatch(/02, 04 are missing/);
    const zero = await check(path.join(fixtures, 'broken/lesson-number-zero'));
    expect(zero.problems).toHaveLength(1);
    expect(zero.problems[0].message).toMatch(/00.*starts at 01/);
  });

  it('names the file line of MDX problems', async () => {
    const lessThan = await check(path.join(fixtures, 'broken/mdx-syntax-less-than'));
    expect(lessThan.problems).toHaveLength(1);
    expect(lessThan.problems[0].message).toMatch(/^line 48: the MDX cannot be read/);
    const expression = await check(path.join(fixtures, 'broken/mdx-syntax-expression'));
    expect(expression.problems).toHaveLength(1);
    expect(expression.problems[0].message).toMatch(/^line 48: "\{budget\}" is read as code/);
    const unknown = await check(path.join(fixtures, 'broken/unknown-component'));
    expect(unknown.problems[0].message).toMatch(/^line \d+: <Warning> is not a component/);
    const multiLine = await check(path.join(fixtures, 'broken/task-placement-multi-line'));
    expect(multiLine.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^line 56: <Task id="missing" \/> refers to no declared task/)]);
  });

  it('refuses the reserved task id in the final lesson too', async () => {
    const sources = await readCourseTree(path.join(fixtures, 'valid'), root);
    const course = sources.find((s) => s.slug === 'demo-course')!;
    const lessons = course.lessons.map((l) => (l.fileName === 'final.mdx' ? { ...l, text: l.text.replace(/(closingTask:\n  id: )\S+/, '$1final-assessment') } : l));
    const result = validateCourses([{ ...course, lessons }], { specializations: new Map([['strategy-planning', { axis: 'function' }], ['linkedin-xing', { axis: 'platform' }], ['b2b', { axis: 'industry' }]]) });
    expect(result.problems.map((p) => [p.rule, p.file])).toEqual([['task-id-reserved', 'test/fixtures/valid/demo-course/lessons/final.mdx']]);
  });

  it('reports a wrong task count once, as task-count, while the schema alone refuses it too', async () => {
    const three = await check(path.join(fixtures, 'broken/three-tasks'));
    expect(three.problems.map((p) => p.rule)).toEqual(['task-count']);
    const sources = await readCourseTree(path.join(fixtures, 'broken/three-tasks'), root);
    const lesson = sources[0].lessons.find((l) => l.fileName === '01-first-steps.mdx')!;
    const data = parseYaml(splitFrontmatter(lesson.text)!.yaml);
    expect(lessonSchema.safeParse(data).success).toBe(false);
  });

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

  it('scaffolds a new course whose only problems are the placeholders to replace, each with its line', async () => {
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
    expect(result.problems.length).toBeGreaterThan(5);
    expect(new Set(result.problems.map((p) => p.rule))).toEqual(new Set(['placeholder']));
    expect(result.problems.every((p) => /^line \d+, column \d+: unfinished text "/.test(p.message))).toBe(true);
    expect(result.problems.some((p) => p.file === 'courses/new-course/course.yaml')).toBe(true);
    // Structurally it is a whole course: once the words are written, it passes.
    let written_ = 0;
    const words = ['planning', 'reach', 'tone', 'comments', 'reports', 'budgets', 'timing', 'formats', 'sources', 'legal notes', 'goals', 'metrics'];
    const written = (text: string) => text.replace(/Replace (with|this with) [^\n"<]*/g, () => `Text number ${++written_} the author wrote about ${words[written_ % words.length]} in case ${written_ * 7}`);
    const finished = { ...scaffolded, courseYaml: { ...scaffolded.courseYaml, text: written(scaffolded.courseYaml.text) }, lessons: scaffolded.lessons.map((l) => ({ ...l, text: written(l.text) })) };
    const after = validateCourses([...sources, finished], { specializations: new Map([['strategy-planning', { axis: 'function' }], ['linkedin-xing', { axis: 'platform' }], ['b2b', { axis: 'industry' }]]) });
    expect(after.problems).toEqual([]);
    expect(after.courses.find((c) => c.slug === 'new-course')?.lessons).toHaveLength(3);
  });
});

describe('messages an author understands', () => {
  it('names a misspelt key once, with its line and a "did you mean"', async () => {
    const sources = await readCourseTree(path.join(fixtures, 'valid'), root);
    const course = sources[0];
    const lesson = course.lessons.find((l) => l.fileName !== 'final.mdx')!;
    const broken = { ...course, lessons: course.lessons.map((l) => (l === lesson ? { ...l, text: l.text.replace(/^summary:/m, 'sumary:') } : l)) };
    const line = broken.lessons.find((l) => l.file === lesson.file)!.text.split('\n').findIndex((text) => text.startsWith('sumary:')) + 1;
    const result = validateCourses([broken], { specializations: new Map([['strategy-planning', { axis: 'function' }], ['linkedin-xing', { axis: 'platform' }], ['b2b', { axis: 'industry' }]]) });
    const about = result.problems.filter((p) => p.file === lesson.file);
    expect(about).toEqual([{ file: lesson.file, rule: 'unknown-key', message: `line ${line}, column 1: unknown key "sumary" in the lesson frontmatter; did you mean "summary"?`, fix: 'rename "sumary" to "summary"' }]);
  });

  it('suggests the component a typo meant', () => {
    const issues = scanLessonBody('Text\n\n<Calout type="legal">Careful.</Calout>\n').issues;
    expect(issues).toEqual([expect.objectContaining({ rule: 'unknown-component', line: 3, message: '<Calout> is not a component lessons can use (did you mean <Callout>?)' })]);
  });

  it('finds close words and leaves far ones alone', () => {
    expect(closest('sumary', ['summary', 'minutes'])).toBe('summary');
    expect(closest('objectivs', ['objectives', 'tasks'])).toBe('objectives');
    expect(closest('colour', ['summary', 'minutes'])).toBeNull();
    expect(editDistance('kitten', 'sitting')).toBe(3);
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

  it('ignores <Task> in inline code, comments and long fences, and reads multi-line tags', () => {
    const body = [
      'Write `<Task id="code" />` to place a task.', // 1
      '{/* <Task id="comment" /> */}', // 2
      '', // 3
      '~~~~', // 4
      '```', // 5
      '<Task id="fenced" />', // 6
      '~~~~', // 7
      '', // 8
      '<Task', // 9
      '  title="ignored"', // 10
      '  id="multi"', // 11
      '/>', // 12
      '', // 13
      '<Task id={"expression"} />', // 14
      '<Task id />', // 15
    ].join('\n');
    expect(findTaskPlacements(body)).toEqual([
      { id: 'multi', line: 9 },
      { id: null, line: 14 },
      { id: null, line: 15 },
    ]);
    expect(scanLessonBody(body).placements.map((p) => p.notText ?? false)).toEqual([false, true, false]);
  });

  it('reports MDX problems with their body lines', () => {
    expect(scanLessonBody('One\n\nfewer than <5 posts').issues.map((i) => [i.rule, i.line])).toEqual([['mdx-syntax', 3]]);
    expect(scanLessonBody('A {budget} here').issues.map((i) => i.rule)).toEqual(['mdx-syntax']);
    expect(scanLessonBody('A comment {/* fine */} and an escaped \\{brace\\}').issues).toEqual([]);
    expect(scanLessonBody('<!-- old comment -->').issues.map((i) => i.rule)).toEqual(['mdx-syntax']);
    expect(scanLessonBody('<Tip>never closed').issues.map((i) => i.rule)).toEqual(['mdx-syntax']);
    expect(scanLessonBody('<Warning>x</Warning> <tip>y</tip> <Foo.Bar /> H<sub>2</sub>O <>ok</>').issues.map((i) => [i.rule, i.message])).toEqual([
      ['unknown-component', '<Warning> is not a component lessons can use'],
      ['unknown-component', '<tip> is not a component lessons can use (did you mean <Tip>?)'],
      ['unknown-component', '<Foo.Bar> is not a component lessons can use'],
    ]);
    for (const name of LESSON_COMPONENTS) expect(scanLessonBody(`<${name} />`).issues).toEqual([]);
  });

  it('knows the same components as the MDX component map', () => {
    const map = readFileSync(path.join(root, 'src/components/mdx/index.ts'), 'utf8');
    const names = /lessonComponents\s*=\s*\{([^}]*)\}/.exec(map)![1].split(',').map((n) => n.trim().split(':')[0]).filter(Boolean);
    expect([...names].sort()).toEqual([...LESSON_COMPONENTS].sort());
  });

  it('requires alt text on figures with an image', () => {
    const rules = (body: string) => scanLessonBody(body).issues.map((i) => i.rule);
    expect(rules('<Figure src="/a.png" caption="c" />')).toEqual(['figure-alt']);
    expect(rules('<Figure src="/a.png" alt="" caption="c" />')).toEqual(['figure-alt']);
    expect(rules('<Figure src="/a.png" alt="  " caption="c" />')).toEqual(['figure-alt']);
    expect(rules('<Figure src="/a.png" alt caption="c" />')).toEqual(['figure-alt']);
    expect(rules('<Figure src="/a.png" alt="A chart" caption="c" />')).toEqual([]);
    expect(rules('<Figure src="/a.png" alt={"A chart"} caption="c" />')).toEqual([]);
    expect(rules('<Figure caption="c">\n\n| a |\n| - |\n| 1 |\n\n</Figure>')).toEqual([]);
  });

  it('splits frontmatter from the body', () => {
    expect(splitFrontmatter('---\ntitle: x\n---\nBody')).toEqual({ yaml: 'title: x', body: 'Body', bodyLine: 4 });
    expect(splitFrontmatter('No frontmatter')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { checkContent, contentPaths } from '../../src/lib/authoring/check.ts';
import { isStrictlyLongest, normalisePrompt, promptSimilarity, validateCourses, type Problem } from '../../src/lib/courses/validate.ts';
import type { CourseSource } from '../../src/lib/courses/source.ts';
import { validateAssessment } from '../../src/lib/assessment/validate.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
const courseYaml = readFileSync(path.join(fixtures, 'valid/demo-course/course.yaml'), 'utf8');
const specializations = new Map([
  ['strategy-planning', { axis: 'function' as const }],
  ['linkedin-xing', { axis: 'platform' as const }],
  ['b2b', { axis: 'industry' as const }],
]);

/** A question as [option text, correct] pairs; `lesson` only for final questions. */
interface Q {
  id: string;
  prompt: string;
  options: [string, boolean][];
  lesson?: string;
}

const q = (id: string, prompt: string, options: [string, boolean][], lesson?: string): Q => ({ id, prompt, options, lesson });
/** A single-answer question whose right option stands at `position` and is `longest` or not. */
const single = (id: string, position: number, longest = false, prompt = `Question ${id} about nothing in particular?`): Q =>
  q(
    id,
    prompt,
    [0, 1, 2].map((i) => (i === position ? [longest ? 'The answer, spelled out at length' : 'Short one', true] : [`Distractor ${i}`, false])),
  );

function questionsYaml(questions: Q[], indent: string): string {
  return questions
    .map((x) =>
      [
        `${indent}- id: ${x.id}`,
        `${indent}  prompt: ${JSON.stringify(x.prompt)}`,
        ...(x.lesson ? [`${indent}  lesson: ${x.lesson}`] : []),
        `${indent}  options:`,
        ...x.options.map(([text, correct]) => `${indent}    - { text: ${JSON.stringify(text)}, correct: ${correct} }`),
      ].join('\n'),
    )
    .join('\n');
}

function lessonText(n: number, questions: Q[], passMark?: number): string {
  return `---
title: Lesson ${n}
summary: A lesson built in memory.
minutes: 10
objectives:
  - Pass the check
tasks:
  - id: quiz-${n}
    kind: quiz
    title: Check
    prompt: Answer the questions.${passMark ? `\n    passMark: ${passMark}` : ''}
    questions:
${questionsYaml(questions, '      ')}
  - { id: think-${n}, kind: reflection, title: Think, prompt: Write about it. }
  - { id: do-${n}, kind: practice, title: Do, prompt: Hand in work. }
  - { id: confirm-${n}, kind: checklist, title: Confirm, prompt: Confirm., items: [One, Two] }
---

Text.
`;
}

function finalText(questions: Q[], extra = ''): string {
  return `---
title: Final lesson
summary: The final lesson, built in memory.
minutes: 15
assessment:
  passMark: 60${extra}
  questions:
${questionsYaml(questions, '    ')}
closingTask: { id: plan, kind: practice, title: Plan, prompt: Write your plan. }
---

Wrap-up.
`;
}

function course(lessons: Q[][], final: Q[], options: { extra?: string; yaml?: string; passMark?: number } = {}): CourseSource {
  const dir = 'mem/course';
  return {
    slug: 'course',
    dir,
    courseYaml: { file: `${dir}/course.yaml`, text: options.yaml ?? courseYaml },
    lessons: [
      ...lessons.map((questions, i) => {
        const fileName = `0${i + 1}-lesson.mdx`;
        return { fileName, file: `${dir}/lessons/${fileName}`, text: lessonText(i + 1, questions, options.passMark) };
      }),
      { fileName: 'final.mdx', file: `${dir}/lessons/final.mdx`, text: finalText(final, options.extra) },
    ],
  };
}

const check = (source: CourseSource) => validateCourses([source], { specializations });
const rules = (problems: Problem[]) => problems.map((p) => p.rule);

/** Six final questions, right answers spread over the positions, never the longest. */
const plainFinal = [0, 1, 2, 0, 1, 2].map((position, i) => single(`f${i + 1}`, position, false, `Final situation number ${i + 1}: what now?`));

describe('content-quality rules for courses', () => {
  it('passes a course that respects every rule, with the new optional fields set', () => {
    const yaml = courseYaml.replace('translations: []', 'translations: []\nquizPassMark: 80');
    const lessons = [
      [single('q1', 0, true), single('q2', 1), q('q3', 'Which are right?', [['A', false], ['B', true], ['C', true]])],
      [single('q1', 2, true), single('q2', 0), q('q3', 'Which apply?', [['A', true], ['B', false], ['C', true]])],
    ];
    const final = plainFinal.map((x, i) => ({ ...x, lesson: i % 2 ? '01-lesson' : '02-lesson' }));
    // 2 of 10 single-answer questions have the longest right option: well under a third.
    const result = check(course(lessons, final, { yaml, passMark: 50, extra: '\n  questionsPerAttempt: 6\n  attempts: { max: 5, cooldownHours: 2 }' }));
    expect(result.problems).toEqual([]);
    expect(result.courses).toHaveLength(1);
    expect(result.courses[0].meta.quizPassMark).toBe(80);
    expect(result.courses[0].final.meta.assessment.attempts).toEqual({ max: 5, cooldownHours: 2 });
  });

  it('allows the right option to be the longest in exactly a third of the single-answer questions, not more', () => {
    // 12 single-answer questions: the right option longest in 4 is exactly a third (fine), in 5 it is more.
    const lesson = (longest: number) => [0, 1, 2, 0, 1, 2].map((p, i) => single(`q${i + 1}`, p, i < longest));
    // The final's right options tie with their distractors in length: a tie is not "the longest".
    const final = plainFinal.map((x) => ({ ...x, options: x.options.map(([t, c]): [string, boolean] => [c ? 'Distractor X' : t, c]) }));
    expect(check(course([lesson(4)], final)).problems).toEqual([]);
    const over = check(course([lesson(5)], final));
    expect(rules(over.problems)).toEqual(['answer-longest']);
    expect(over.problems[0].file).toBe('mem/course/course.yaml');
    expect(over.problems[0].message).toMatch(/5 of 12 single-answer questions/);
    expect(over.problems[0].message).toContain('01-lesson.mdx quiz-1/q1');
    expect(over.courses).toEqual([]);
  });

  it('counts characters of the trimmed text, and only a strictly longer option', () => {
    expect(isStrictlyLongest(['abc', 'ab'], 0)).toBe(true);
    expect(isStrictlyLongest(['abc', 'abd'], 0)).toBe(false);
    expect(isStrictlyLongest(['  ab  ', 'abc'], 0)).toBe(false);
    expect(isStrictlyLongest(['Öl', '👍👍👍'], 1)).toBe(true);
    expect(isStrictlyLongest(['👍👍', 'abc'], 0)).toBe(false);
    expect(isStrictlyLongest(['Ba\u0308r', 'Bier'], 0)).toBe(false); // a decomposed umlaut counts once
  });

  it('reports right answers all in one position only from four single-answer questions on', () => {
    const sameSpot = (n: number) => Array.from({ length: n }, (_, i) => single(`q${i + 1}`, 1));
    // The final lesson needs five questions; give them several correct options so they are not single-answer.
    const multiFinal = plainFinal.slice(0, 5).map((x) => ({ ...x, options: [['A', true], ['B', false], ['C', true]] as [string, boolean][] }));
    expect(check(course([sameSpot(3)], multiFinal)).problems).toEqual([]);
    const four = check(course([sameSpot(4)], multiFinal));
    expect(rules(four.problems)).toEqual(['answer-position']);
    expect(four.problems[0].message).toMatch(/all 4 single-answer questions have the correct option in the second position/);
  });

  it('reports multi-select questions whose first two options are always both correct, from three such questions on', () => {
    const firstTwo = (id: string): Q => q(id, `Which apply to ${id}?`, [['A', true], ['B', true], ['C', false]]);
    const spread = (id: string): Q => q(id, `Which apply to ${id}?`, [['A', true], ['B', false], ['C', true]]);
    expect(check(course([[firstTwo('q1'), firstTwo('q2')]], plainFinal)).problems).toEqual([]);
    expect(check(course([[firstTwo('q1'), firstTwo('q2'), spread('q3')]], plainFinal)).problems).toEqual([]);
    const three = check(course([[firstTwo('q1'), firstTwo('q2'), firstTwo('q3')]], plainFinal));
    expect(rules(three.problems)).toEqual(['answer-position']);
    expect(three.problems[0].message).toMatch(/all 3 multi-select questions the first and the second option are both correct/);
  });

  it('reports a final question that repeats a lesson question, by wording or by word overlap', () => {
    const lessonQuestion = single('goal', 0, false, 'The campaign should bring visitors to the shop. Which number judges it?');
    const lessons = [[lessonQuestion, single('q2', 1), single('q3', 2)]];
    const withFinal = (prompt: string) => check(course(lessons, [single('f1', 1, false, prompt), ...plainFinal.slice(1)]));
    // Same words, other case and punctuation.
    const same = withFinal('the campaign should bring visitors to the shop — which number judges it');
    expect(rules(same.problems)).toEqual(['final-repeats-lesson']);
    expect(same.problems[0]).toMatchObject({ file: 'mem/course/lessons/final.mdx' });
    expect(same.problems[0].message).toMatch(/final question "f1" repeats question "goal" of task "quiz-1" in 01-lesson\.mdx/);
    // A light rewording: 9 of 10 words shared (short words such as "to" and "it" do not count).
    const reworded = withFinal('Which number judges the campaign? It should bring visitors into the shop.');
    expect(rules(reworded.problems)).toEqual(['final-repeats-lesson']);
    expect(reworded.problems[0].message).toMatch(/\(90% of the words shared\)/);
    // A new situation on the same idea.
    expect(withFinal('A webinar needs sign-ups from Stories. Which number do you report to management first?').problems).toEqual([]);
  });

  it('normalises prompts and measures word overlap over words of three or more letters', () => {
    expect(normalisePrompt('  Which  number, then?\n')).toBe('which number then');
    expect(normalisePrompt('Wähle: Größe!')).toBe('wähle größe');
    expect(promptSimilarity('Which number judges it?', 'which NUMBER judges, it')).toBe(1);
    expect(promptSimilarity('a b c', 'd e f')).toBe(0);
    expect(promptSimilarity('one two three four five', 'one two three four five six')).toBeCloseTo(5 / 6);
    expect(promptSimilarity('one two three four', 'one two three four five six')).toBeCloseTo(4 / 6);
  });

  it('reports a pool smaller than the questions per attempt, and final questions that name no lesson of the course', () => {
    const lessons = [[single('q1', 0), single('q2', 1)]];
    expect(check(course(lessons, plainFinal, { extra: '\n  questionsPerAttempt: 6' })).problems).toEqual([]);
    const pool = check(course(lessons, plainFinal, { extra: '\n  questionsPerAttempt: 7' }));
    expect(rules(pool.problems)).toEqual(['pool-size']);
    expect(pool.problems[0].message).toMatch(/questionsPerAttempt is 7, but the assessment has only 6 questions/);
    const named = plainFinal.map((x, i) => ({ ...x, lesson: ['01-lesson', 'final', '02-lesson', '01-lesson', '01-lesson', '01-lesson'][i] }));
    const wrong = check(course(lessons, named));
    expect(wrong.problems.map((p) => [p.rule, p.file])).toEqual([
      ['final-question-lesson', 'mem/course/lessons/final.mdx'],
      ['final-question-lesson', 'mem/course/lessons/final.mdx'],
    ]);
    expect(wrong.problems[0].message).toMatch(/question "f2": lesson "final" is not a lesson of this course \(lessons: 01-lesson\)/);
  });

  it('checks content quality only once a course passes every other rule', () => {
    const allFirst = [[single('q1', 0, true), single('q2', 0, true), single('q3', 0, true), single('q4', 0, true)]];
    const finalFirst = plainFinal.map((x, i) => single(x.id, 0, false, `Final situation number ${i + 1}: what now?`));
    const yaml = courseYaml.replace('price: 19.99', 'price: -1');
    expect(rules(check(course(allFirst, finalFirst, { yaml })).problems)).toEqual(['price']);
    expect(rules(check(course(allFirst, finalFirst)).problems)).toEqual(['answer-longest', 'answer-position']);
  });

  it('names the counts and the questions in the fixture messages', async () => {
    const specializationsDir = contentPaths(root).specializationsDir;
    const run = (fixture: string) => checkContent({ coursesDir: path.join(fixtures, 'broken', fixture), specializationsDir }, root);
    expect((await run('answer-longest')).problems[0].message).toMatch(/^in 5 of 6 single-answer questions .*final\.mdx assessment\/f1/);
    expect((await run('answer-position')).problems[0].message).toMatch(/^all 6 single-answer questions have the correct option in the first position/);
    expect((await run('final-repeats-lesson')).problems[0].message).toMatch(/"f3" repeats question "q1" of task "check" in 01-first-steps\.mdx/);
    expect((await run('final-question-lesson')).problems.map((p) => p.message)).toEqual([expect.stringMatching(/^question "f2": lesson "02-first-steps"/)]);
  });
});

describe('content-quality rules for the self-assessment scenarios', () => {
  const t = (en: string) => `{ en: ${JSON.stringify(en)}, de: x, sv: x }`;
  /** One function file with two scenarios; `best` is the best option's position, `long` whether it is the longest in English. */
  function item(id: string, scenarios: { best: number; long: boolean }[]): { id: string; file: string; text: string } {
    const body = scenarios
      .map(({ best, long }, n) => {
        const options = [0, 1, 2].map((i) => {
          // German and Swedish texts are left short on purpose: only English length counts.
          const text = i === best ? (long ? 'The best answer, spelled out at length' : 'Best') : `Option ${i}`;
          return `      - { text: ${t(text)}${i === best ? ', best: true' : ''} }`;
        });
        return `  - id: s${n + 1}\n    prompt: ${t('What do you do?')}\n    options:\n${options.join('\n')}`;
      })
      .join('\n');
    const text = `function: ${id}\nskill:\n  prompt: ${t('How good?')}\n  anchors: { 1: ${t('a')}, 3: ${t('b')}, 5: ${t('c')} }\ninclination:\n  prompt: ${t('How much?')}\nscenarios:\n${body}\n`;
    return { id, file: `src/content/assessment/${id}.yaml`, text };
  }
  /** Six scenarios over three functions, best options in several places; the first `longest` of them have the longest best option. */
  const sixScenarios = (longest: number) => {
    const spec = [[0, 1], [2, 0], [1, 2]].map((bests, f) => bests.map((best, n) => ({ best, long: f * 2 + n < longest })));
    return [item('paid-social', spec[0]), item('social-selling', spec[1]), item('governance-legal', spec[2])];
  };
  const contentRules = (sources: ReturnType<typeof item>[]) =>
    validateAssessment(sources).problems.filter((p) => p.rule.startsWith('scenario-'));

  it('passes scenarios whose best option is rarely the longest and stands in several places', () => {
    expect(contentRules(sixScenarios(1))).toEqual([]);
  });

  it('reports scenario-best-longest when the best option is the longest in English in more than a third of the scenarios', () => {
    const exactlyAThird = contentRules(sixScenarios(2));
    expect(exactlyAThird).toEqual([]);
    const problems = contentRules([
      item('paid-social', [{ best: 0, long: true }, { best: 1, long: true }]),
      item('social-selling', [{ best: 2, long: true }, { best: 0, long: false }]),
    ]);
    expect(problems.map((p) => [p.rule, p.file])).toEqual([['scenario-best-longest', 'src/content/assessment']]);
    expect(problems[0].message).toMatch(/in 3 of 4 scenarios the best option is the longest/);
    expect(problems[0].message).toContain('paid-social.yaml s1');
  });

  it('reports scenario-best-position when every best option stands in the same place, from four scenarios on', () => {
    expect(contentRules([item('paid-social', [{ best: 2, long: false }, { best: 2, long: false }]), item('social-selling', [{ best: 2, long: false }])])).toEqual([]);
    const problems = contentRules([
      item('paid-social', [{ best: 2, long: false }, { best: 2, long: false }]),
      item('social-selling', [{ best: 2, long: false }, { best: 2, long: false }]),
    ]);
    expect(problems.map((p) => p.rule)).toEqual(['scenario-best-position']);
    expect(problems[0].message).toMatch(/all 4 scenarios have the best option in the third position/);
  });
});

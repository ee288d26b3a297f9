/** A test-wise guesser who never reads the lessons must not pass any shipped final assessment. */
import { describe, expect, it } from 'vitest';
import { gradeQuestions } from '../../src/lib/courses/task-answers.ts';
import type { QuizQuestion } from '../../src/lib/courses/schema.ts';
import { shippedCourses } from '../support/content.ts';

/** Ticks the longest option (for "several are right": the longest as many as there are right ones would be guessed, two). */
function longestAnswers(questions: QuizQuestion[]): FormData {
  const form = new FormData();
  for (const question of questions) {
    const several = question.options.filter((o) => o.correct).length > 1;
    const byLength = question.options.map((o, i) => ({ i, length: o.text.trim().length })).sort((a, b) => b.length - a.length);
    for (const { i } of byLength.slice(0, several ? 2 : 1)) form.append(`q.${question.id}`, String(i));
  }
  return form;
}

describe('test-wise guessing', () => {
  it('"always pick the longest answer" fails every shipped final assessment', async () => {
    const outcomes = (await shippedCourses()).map((course) => {
      const { questions, passMark } = course.final.meta.assessment;
      const { result } = gradeQuestions(questions, longestAnswers(questions));
      return { course: course.slug, percent: result.percent, passMark };
    });
    expect(outcomes.filter((o) => o.percent >= o.passMark)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { optionOrder, optionSeed, printOrder, shuffledOrder } from '../../src/lib/courses/option-order.ts';
import { drawSpread } from '../../src/lib/progress/final-attempts.ts';
import type { QuizQuestion } from '../../src/lib/courses/schema.ts';

describe('option order', () => {
  it('is a permutation, the same for the same seed and spread over all positions across seeds', () => {
    const firstPositions = new Map<number, number>();
    for (let learner = 0; learner < 400; learner++) {
      const order = optionOrder(optionSeed(`user-${learner}`, 'course'), 'quiz', 'q1', 4);
      expect([...order].sort()).toEqual([0, 1, 2, 3]);
      expect(optionOrder(optionSeed(`user-${learner}`, 'course'), 'quiz', 'q1', 4)).toEqual(order);
      firstPositions.set(order.indexOf(0), (firstPositions.get(order.indexOf(0)) ?? 0) + 1);
    }
    // The author's first option lands in every position, each roughly a quarter of the time.
    for (const position of [0, 1, 2, 3]) expect(firstPositions.get(position)).toBeGreaterThan(60);
  });

  it('differs between learners and between questions', () => {
    const a = ['q1', 'q2', 'q3', 'q4'].map((q) => optionOrder(optionSeed('alice', 'c'), 't', q, 4));
    const b = ['q1', 'q2', 'q3', 'q4'].map((q) => optionOrder(optionSeed('bob', 'c'), 't', q, 4));
    expect(a).not.toEqual(b);
    expect(new Set(a.map((o) => o.join())).size).toBeGreaterThan(1);
    expect(shuffledOrder('x', 1)).toEqual([0]);
    expect(printOrder('Which KPI?', 3)).toEqual(printOrder('Which KPI?', 3));
  });
});

describe('drawing final questions from a pool', () => {
  const question = (id: string, lesson?: string): QuizQuestion => ({ id, prompt: id, options: [{ text: 'a', correct: true }, { text: 'b', correct: false }], lesson });
  const pool = ['01-a', '02-b', '03-c', '04-d'].flatMap((lesson) => [1, 2, 3].map((n) => question(`${lesson}-${n}`, lesson)));

  it('takes questions from every lesson in turn, no question twice', () => {
    for (let run = 0; run < 50; run++) {
      const drawn = drawSpread(pool, 8);
      expect(new Set(drawn).size).toBe(8);
      const perLesson = new Map<string, number>();
      for (const id of drawn) perLesson.set(id.slice(0, 4), (perLesson.get(id.slice(0, 4)) ?? 0) + 1);
      expect([...perLesson.values()].sort()).toEqual([2, 2, 2, 2]);
    }
  });

  it('draws afresh each time', () => {
    const draws = new Set(Array.from({ length: 20 }, () => drawSpread(pool, 8).sort().join()));
    expect(draws.size).toBeGreaterThan(1);
  });
});

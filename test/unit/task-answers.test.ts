import { describe, expect, it } from 'vitest';
import { countWords, evaluateTask, gradeQuestions } from '../../src/lib/courses/task-answers.ts';
import { evaluateLessonSubmission } from '../../src/lib/courses/lesson-submission.ts';
import { finalLessonSchema, taskSchema, type QuizQuestion } from '../../src/lib/courses/schema.ts';

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

const single: QuizQuestion = { id: 'one', prompt: 'Pick', options: [{ text: 'A', correct: false }, { text: 'B', correct: true }] };
const multiple: QuizQuestion = { id: 'many', prompt: 'Pick all', options: [{ text: 'A', correct: true }, { text: 'B', correct: true }, { text: 'C', correct: false }] };

describe('quiz grading', () => {
  it('grades single and multiple choice on the server', () => {
    const { result, errors } = gradeQuestions([single, multiple], form([['q.one', '1'], ['q.many', '0'], ['q.many', '1']]));
    expect(errors).toEqual({});
    expect(result).toMatchObject({ score: 2, total: 2, percent: 100 });
    expect(result.questions[1]).toEqual({ id: 'many', correct: true, selected: [0, 1], correctOptions: [0, 1] });
  });

  it('counts a partly right multiple choice answer as wrong', () => {
    const { result } = gradeQuestions([single, multiple], form([['q.one', '0'], ['q.many', '0']]));
    expect(result).toMatchObject({ score: 0, percent: 0 });
  });

  it('asks for missing answers per question and refuses options that do not exist', () => {
    const { errors, answers } = gradeQuestions([single, multiple], form([['q.many', '7']]));
    expect(errors['q.one'].key).toBe('error.answerRequired');
    expect(errors['q.many'].key).toBe('error.unknownOption');
    expect(answers).toEqual({ one: [] });
  });

  it('refuses two answers to a single-choice question', () => {
    const { errors } = gradeQuestions([single], form([['q.one', '0'], ['q.one', '1']]));
    expect(errors['q.one'].key).toBe('error.unknownOption');
  });
});

describe('other task kinds', () => {
  const reflection = taskSchema.parse({ id: 'r', kind: 'reflection', title: 'R', prompt: 'Write', minWords: 5 });
  const practice = taskSchema.parse({ id: 'p', kind: 'practice', title: 'P', prompt: 'Do', submission: 'text-and-link' });
  const either = taskSchema.parse({ id: 'e', kind: 'practice', title: 'E', prompt: 'Do' });
  const checklist = taskSchema.parse({ id: 'c', kind: 'checklist', title: 'C', prompt: 'Confirm', items: ['one', 'two', 'three'] });

  it('counts words in any language', () => {
    expect(countWords('Über   Målgrupper — und  Kanäle!')).toBe(4);
    expect(countWords('   ')).toBe(0);
  });

  it('needs the minimum number of words for a reflection and keeps the text', () => {
    const short = evaluateTask(reflection, form([['text', 'only three words']]));
    expect(short.ok).toBe(false);
    expect(short.errors.text).toEqual({ key: 'error.tooFewWords', vars: { min: 5, count: 3 } });
    expect(short.values.text).toBe('only three words');
    expect(evaluateTask(reflection, form([['text', 'one two three four five']])).ok).toBe(true);
  });

  it('validates practice text and link', () => {
    const bad = evaluateTask(practice, form([['text', ''], ['link', 'javascript:alert(1)']]));
    expect(bad.errors.text.key).toBe('error.textRequired');
    expect(bad.errors.link.key).toBe('error.linkInvalid');
    expect(evaluateTask(practice, form([['text', 'My plan'], ['link', 'https://example.com/post']])).ok).toBe(true);
    expect(evaluateTask(either, form([])).errors.text.key).toBe('error.textOrLinkRequired');
    expect(evaluateTask(either, form([['link', 'https://example.com/x']])).ok).toBe(true);
  });

  it('needs every checklist item confirmed', () => {
    const partial = evaluateTask(checklist, form([['item', '0'], ['item', '2']]));
    expect(partial.errors.item).toEqual({ key: 'error.confirmAll', vars: { open: 1 } });
    expect(partial.values.items).toEqual([0, 2]);
    expect(evaluateTask(checklist, form([['item', '0'], ['item', '1'], ['item', '2']])).ok).toBe(true);
    expect(evaluateTask(checklist, form([['item', '9']])).errors.item.key).toBe('error.unknownOption');
  });
});

describe('final assessment', () => {
  const question = (id: string): QuizQuestion => ({ id, prompt: id, options: [{ text: 'yes', correct: true }, { text: 'no', correct: false }] });
  const final = finalLessonSchema.parse({
    title: 'Final',
    summary: 'Final lesson',
    minutes: 10,
    assessment: { passMark: 60, questions: ['a', 'b', 'c', 'd', 'e'].map(question) },
    closingTask: { id: 'plan', kind: 'reflection', title: 'Plan', prompt: 'Plan', minWords: 2 },
  });
  const answers = (right: number) => form(['a', 'b', 'c', 'd', 'e'].map((id, i) => [`q.${id}`, i < right ? '0' : '1']));

  it('passes at the pass mark and fails below it', () => {
    const pass = evaluateLessonSubmission(final, (() => { const f = answers(3); f.append('task', 'final-assessment'); return f; })());
    expect(pass).toMatchObject({ type: 'assessment', evaluation: { ok: true, passed: true, result: { percent: 60 } } });
    const fail = evaluateLessonSubmission(final, (() => { const f = answers(2); f.append('task', 'final-assessment'); return f; })());
    expect(fail).toMatchObject({ type: 'assessment', evaluation: { ok: true, passed: false, result: { percent: 40 } } });
  });

  it('evaluates the closing task and refuses unknown task ids', () => {
    expect(evaluateLessonSubmission(final, form([['task', 'plan'], ['text', 'two words']]))).toMatchObject({ type: 'task', evaluation: { ok: true } });
    expect(evaluateLessonSubmission(final, form([['task', 'nope']]))).toEqual({ type: 'unknown-task', status: 400 });
  });
});

/**
 * Checking what a learner sends for a task: quizzes are graded here on the server (answer keys
 * never go to the browser before an answer), the other kinds are validated field by field.
 * The result keeps the entered values so a form can be shown again with messages next to fields.
 */
import type { QuizQuestion, Task } from './schema.ts';

export type MessageVars = Record<string, string | number>;
export interface FieldError {
  /** Key into the interface dictionary (src/lib/i18n/ui.ts). */
  key: 'error.answerRequired' | 'error.tooFewWords' | 'error.tooLong' | 'error.textRequired' | 'error.linkRequired' | 'error.linkInvalid' | 'error.textOrLinkRequired' | 'error.confirmAll' | 'error.unknownOption';
  vars?: MessageVars;
}

export interface QuestionResult {
  id: string;
  correct: boolean;
  /** Option indexes the learner chose. */
  selected: number[];
  /** Option indexes that are right. */
  correctOptions: number[];
}

export interface QuizResult {
  questions: QuestionResult[];
  score: number;
  total: number;
  /** Score as a whole percentage. */
  percent: number;
}

export interface TaskEvaluation {
  taskId: string;
  kind: Task['kind'];
  ok: boolean;
  errors: Record<string, FieldError>;
  /** What the learner entered, for showing the form again. */
  values: { text?: string; link?: string; items?: number[]; answers?: Record<string, number[]> };
  quiz?: QuizResult;
}

export const MAX_TEXT_LENGTH = 20_000;
export const MAX_LINK_LENGTH = 2_048;

export function countWords(text: string): number {
  return text.trim().split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

export function isMultipleChoice(question: QuizQuestion): boolean {
  return question.options.filter((o) => o.correct).length > 1;
}

function indexes(values: FormDataEntryValue[], max: number): number[] | null {
  const result = new Set<number>();
  for (const value of values) {
    if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) >= max) return null;
    result.add(Number(value));
  }
  return [...result].sort((a, b) => a - b);
}

/** Grades answers to a list of questions; form fields are `q.<question id>` holding option indexes. */
export function gradeQuestions(questions: QuizQuestion[], form: FormData): { result: QuizResult; errors: Record<string, FieldError>; answers: Record<string, number[]> } {
  const errors: Record<string, FieldError> = {};
  const answers: Record<string, number[]> = {};
  const results: QuestionResult[] = [];
  for (const question of questions) {
    const field = `q.${question.id}`;
    const selected = indexes(form.getAll(field), question.options.length);
    const correctOptions = question.options.flatMap((o, i) => (o.correct ? [i] : []));
    if (selected === null) {
      errors[field] = { key: 'error.unknownOption' };
      continue;
    }
    answers[question.id] = selected;
    if (selected.length === 0) {
      errors[field] = { key: 'error.answerRequired' };
      continue;
    }
    if (!isMultipleChoice(question) && selected.length > 1) {
      errors[field] = { key: 'error.unknownOption' };
      continue;
    }
    const correct = selected.length === correctOptions.length && selected.every((i, n) => i === correctOptions[n]);
    results.push({ id: question.id, correct, selected, correctOptions });
  }
  const score = results.filter((r) => r.correct).length;
  const total = questions.length;
  return { result: { questions: results, score, total, percent: Math.floor((score / total) * 100) }, errors, answers };
}

function validLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** Evaluates one task's form submission. */
export function evaluateTask(task: Task, form: FormData): TaskEvaluation {
  const evaluation: TaskEvaluation = { taskId: task.id, kind: task.kind, ok: false, errors: {}, values: {} };
  const text = String(form.get('text') ?? '').trim();
  const link = String(form.get('link') ?? '').trim();

  switch (task.kind) {
    case 'quiz': {
      const graded = gradeQuestions(task.questions, form);
      evaluation.values.answers = graded.answers;
      evaluation.errors = graded.errors;
      if (Object.keys(graded.errors).length === 0) evaluation.quiz = graded.result;
      break;
    }
    case 'reflection': {
      evaluation.values.text = text;
      const words = countWords(text);
      if (!text) evaluation.errors.text = { key: 'error.textRequired' };
      else if (text.length > MAX_TEXT_LENGTH) evaluation.errors.text = { key: 'error.tooLong', vars: { max: MAX_TEXT_LENGTH } };
      else if (words < task.minWords) evaluation.errors.text = { key: 'error.tooFewWords', vars: { min: task.minWords, count: words } };
      break;
    }
    case 'practice': {
      evaluation.values.text = text;
      evaluation.values.link = link;
      const needsText = task.submission === 'text' || task.submission === 'text-and-link';
      const needsLink = task.submission === 'link' || task.submission === 'text-and-link';
      if (text.length > MAX_TEXT_LENGTH) evaluation.errors.text = { key: 'error.tooLong', vars: { max: MAX_TEXT_LENGTH } };
      if (link.length > MAX_LINK_LENGTH) evaluation.errors.link = { key: 'error.tooLong', vars: { max: MAX_LINK_LENGTH } };
      else if (link && !validLink(link)) evaluation.errors.link = { key: 'error.linkInvalid' };
      if (needsText && !text) evaluation.errors.text = { key: 'error.textRequired' };
      if (needsLink && !link) evaluation.errors.link = { key: 'error.linkRequired' };
      if (task.submission === 'text-or-link' && !text && !link) evaluation.errors.text = { key: 'error.textOrLinkRequired' };
      break;
    }
    case 'checklist': {
      const items = indexes(form.getAll('item'), task.items.length);
      evaluation.values.items = items ?? [];
      if (items === null) evaluation.errors.item = { key: 'error.unknownOption' };
      else if (items.length !== task.items.length) evaluation.errors.item = { key: 'error.confirmAll', vars: { open: task.items.length - items.length } };
      break;
    }
  }
  evaluation.ok = Object.keys(evaluation.errors).length === 0;
  return evaluation;
}

/** The form that sends these chosen options (by question id) for a task or the final assessment. */
export function formFromAnswers(taskId: string, answers: Record<string, number[]>): FormData {
  const form = new FormData();
  form.set('task', taskId);
  for (const [questionId, options] of Object.entries(answers)) for (const option of options) form.append(`q.${questionId}`, String(option));
  return form;
}

/** The form that would send these saved values again (to show a saved answer's feedback after a redirect). */
export function formFromValues(task: Task, values: TaskEvaluation['values']): FormData {
  const form = formFromAnswers(task.id, values.answers ?? {});
  if (values.text !== undefined) form.set('text', values.text);
  if (values.link !== undefined) form.set('link', values.link);
  for (const item of values.items ?? []) form.append('item', String(item));
  return form;
}

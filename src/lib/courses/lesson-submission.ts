/**
 * What a learner sent from a lesson page: one task, or the final assessment. Returns a typed
 * result the page renders; an unknown task id is a client error (400), never a 500.
 */
import { isFinalLesson } from './catalogue.ts';
import type { FinalLessonMeta, LessonMeta, QuizQuestion } from './schema.ts';
import { evaluateTask, gradeQuestions, type FieldError, type QuizResult, type TaskEvaluation } from './task-answers.ts';

/** Form value of `task` that sends the final assessment. */
export const ASSESSMENT_FIELD_VALUE = 'final-assessment';

export interface AssessmentEvaluation {
  ok: boolean;
  errors: Record<string, FieldError>;
  answers: Record<string, number[]>;
  result?: QuizResult;
  passed?: boolean;
}

export type LessonSubmission =
  | { type: 'task'; evaluation: TaskEvaluation }
  | { type: 'assessment'; evaluation: AssessmentEvaluation }
  | { type: 'unknown-task'; status: 400 };

export function tasksOf(meta: LessonMeta | FinalLessonMeta) {
  return isFinalLesson(meta) ? [meta.closingTask] : meta.tasks;
}

/** `assessmentQuestions`: the questions of the learner's current attempt (a draw from the pool; all by default). */
export function evaluateLessonSubmission(meta: LessonMeta | FinalLessonMeta, form: FormData, assessmentQuestions?: QuizQuestion[]): LessonSubmission {
  const taskId = String(form.get('task') ?? '');
  if (isFinalLesson(meta) && taskId === ASSESSMENT_FIELD_VALUE) {
    const graded = gradeQuestions(assessmentQuestions ?? meta.assessment.questions, form);
    const ok = Object.keys(graded.errors).length === 0;
    return {
      type: 'assessment',
      evaluation: {
        ok,
        errors: graded.errors,
        answers: graded.answers,
        result: ok ? graded.result : undefined,
        passed: ok ? graded.result.percent >= meta.assessment.passMark : undefined,
      },
    };
  }
  const task = tasksOf(meta).find((candidate) => candidate.id === taskId);
  if (!task) return { type: 'unknown-task', status: 400 };
  return { type: 'task', evaluation: evaluateTask(task, form) };
}

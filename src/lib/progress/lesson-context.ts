import type { Language, Task } from '../courses/schema.ts';
import type { TaskEvaluation } from '../courses/task-answers.ts';
import type { StoredAnswer } from './lesson-actions.ts';

/** What a `<Task>` component placed inside lesson MDX needs to render its form. */
export interface LessonContext {
  /** Form target: the lesson URL. */
  action: string;
  /** Language of the course content (the interface may be in another). */
  contentLanguage: Language;
  tasks: Task[];
  /** The evaluation of the task the learner just sent, if any. */
  evaluation?: TaskEvaluation;
  /** Whether that evaluation was saved to the learner's progress. */
  saved: boolean;
  /** Answers the learner saved earlier, by task id. */
  stored: Record<string, StoredAnswer>;
  /** Percent right each quiz needs to count as done, by task id. */
  quizPassMarks: Record<string, number>;
  /** Seeds the option order of quizzes for this reader. */
  optionSeed: string;
  /** Shown instead of saving, e.g. "enrol to save your answers". */
  saveHint?: import('../i18n/ui.ts').UiKey;
}

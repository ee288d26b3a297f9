import type { Language, Task } from './schema.ts';
import type { TaskEvaluation } from './task-answers.ts';

/** What a `<Task>` component placed inside lesson MDX needs to render its form. */
export interface LessonContext {
  /** Form target: the lesson URL. */
  action: string;
  /** Language of the course content (the interface may be in another). */
  contentLanguage: Language;
  tasks: Task[];
  /** The evaluation of the task the learner just sent, if any. */
  evaluation?: TaskEvaluation;
}

/**
 * The course contract as zod schemas. Every field carries a JSDoc line so that authors
 * get hints in their editor; `npm run courses:check` and the build use the same schemas.
 * Objects are strict: an unknown key is almost always a typo and must not pass silently.
 */
import { z } from 'astro/zod';

// Languages belong to i18n; course content uses the same three.
import { LANGUAGES, type Language } from '../i18n/language.ts';
export { LANGUAGES, type Language };

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export const OFFER_KINDS = ['free', 'lesson-pdf', 'ecourse', 'supervised', 'consulting'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const AXES = ['function', 'platform', 'industry'] as const;
export type Axis = (typeof AXES)[number];

export const TASK_KINDS = ['quiz', 'reflection', 'practice', 'checklist'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const SUBMISSION_KINDS = ['text', 'link', 'text-or-link', 'text-and-link'] as const;

/** Most lessons a course may have, not counting the final lesson. */
export const MAX_LESSONS = 30;
/** Tasks in every regular lesson. */
export const TASKS_PER_LESSON = 4;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens, e.g. "audience-check"');

const text = z.string().trim().min(1, 'must not be empty');

export const languageSchema = z.enum(LANGUAGES);

export const offerSchema = z.strictObject({
  /** What is sold: `free` (open to everyone), `lesson-pdf` (one lesson as PDF), `ecourse` (the whole course on demand), `supervised` (e-mail course with a tutor and certificate), `consulting` (per hour). */
  kind: z.enum(OFFER_KINDS),
  /** Price in EUR including VAT: positive, at most two decimals. Leave out for `free`. */
  price: z.number().optional(),
  /** Optional name shown instead of the default name of the offer kind. */
  label: text.optional(),
});
export type Offer = z.infer<typeof offerSchema>;

export const authorSchema = z.strictObject({
  /** Full name as shown on the course page. */
  name: text,
  /** What the author does, e.g. "Community lead at an insurer". */
  role: text.optional(),
  /** A page about the author. */
  url: z.url().optional(),
});

export const courseSchema = z.strictObject({
  /** Course title as shown in the catalogue and on certificates. */
  title: text.max(120),
  /** One to three sentences for the catalogue (40-400 characters). */
  summary: text.min(40).max(400),
  /** Language of the course content: en, de or sv. */
  language: languageSchema,
  /** Who the course is for: beginner, intermediate or advanced. */
  level: z.enum(LEVELS),
  /** Hours a learner needs for the whole course, tasks included. */
  estimatedHours: z.number().positive().max(500),
  /** Three to six things a learner can do after the course. */
  objectives: z.array(text).min(3).max(6),
  /** Function-axis specialization ids the course builds (see src/content/specializations). */
  specializations: z.array(slug).min(1),
  /** Platform-axis specialization ids the course covers in depth. */
  platforms: z.array(slug).default([]),
  /** Industry-axis specialization ids the course is written for. */
  industries: z.array(slug).default([]),
  /** How the course can be bought or taken; kinds are unique within a course. */
  offers: z.array(offerSchema).min(1),
  /** Folder names of the same course in other languages. */
  translations: z.array(slug).default([]),
  /** Certificate settings. */
  certificate: z
    .strictObject({
      /** Percent of final-assessment points needed for the certificate; defaults to the final lesson's pass mark and may not be lower. */
      passMark: z.int().min(1).max(100).optional(),
    })
    .default({}),
  /** How the supervised e-mail course runs (used when the course has a `supervised` offer). */
  supervision: z
    .strictObject({
      /** Days between two lesson mails (default 2). */
      lessonIntervalDays: z.int().min(1).max(30).default(2),
      /** Hours within which a tutor aims to answer a submission (default 48); the tutor queue shows the due time. */
      reviewHours: z.int().min(1).max(336).default(48),
    })
    .default({ lessonIntervalDays: 2, reviewHours: 48 }),
  /** Percent of a quiz's questions a learner must answer right for the quiz to count as done (default 70); a quiz may set its own `passMark`. */
  quizPassMark: z.int().min(1).max(100).default(70),
  /** The people who wrote the course. */
  authors: z.array(authorSchema).min(1),
  /** Content version; bump it when lessons change in ways that matter for progress or certificates. */
  version: z.int().min(1).default(1),
  /** A draft is validated but not listed or served. */
  draft: z.boolean().default(false),
});
export type CourseMeta = z.infer<typeof courseSchema>;

export const quizOptionSchema = z.strictObject({
  /** The answer as the learner sees it. */
  text: text,
  /** Whether this option is right; several right options make a multiple-choice question. */
  correct: z.boolean().default(false),
});

export const quizQuestionSchema = z.strictObject({
  /** Stable id, unique within the quiz or assessment. */
  id: slug,
  /** The question. */
  prompt: text,
  /** At least two options, at least one of them correct. */
  options: z.array(quizOptionSchema),
  /** Shown after the learner answered: why the right answer is right. */
  explanation: text.optional(),
  /** Final assessment only: the lesson (file name without .mdx, e.g. 03-goals) this question tests; spreads each attempt's draw over the lessons and tells a learner who failed what to revisit. */
  lesson: slug.optional(),
});
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;

const taskCommon = {
  /** Stable id, unique within the lesson: progress is stored against it, so never rename a task that learners have done. */
  id: slug,
  /** Short heading of the task. */
  title: text.max(120),
  /** What the learner is asked to do. */
  prompt: text,
};

export const quizTaskSchema = z.strictObject({
  ...taskCommon,
  /** A quiz, graded on the server. */
  kind: z.literal('quiz'),
  /** The questions; answer keys never reach the browser. */
  questions: z.array(quizQuestionSchema).min(1),
  /** Percent right this quiz needs to count as done; defaults to the course's `quizPassMark`. */
  passMark: z.int().min(1).max(100).optional(),
});

export const reflectionTaskSchema = z.strictObject({
  ...taskCommon,
  /** Free text the learner writes about their own situation. */
  kind: z.literal('reflection'),
  /** Fewest words an answer needs (default 30). */
  minWords: z.int().min(1).max(2000).default(30),
});

export const practiceTaskSchema = z.strictObject({
  ...taskCommon,
  /** A piece of real work, reviewed by a tutor in supervised courses. */
  kind: z.literal('practice'),
  /** What the learner hands in: text, a link, either, or both (default text-or-link). */
  submission: z.enum(SUBMISSION_KINDS).default('text-or-link'),
});

export const checklistTaskSchema = z.strictObject({
  ...taskCommon,
  /** Items the learner confirms one by one. */
  kind: z.literal('checklist'),
  /** At least two items. */
  items: z.array(text).min(2),
});

export const taskSchema = z.discriminatedUnion('kind', [
  quizTaskSchema,
  reflectionTaskSchema,
  practiceTaskSchema,
  checklistTaskSchema,
]);
export type Task = z.infer<typeof taskSchema>;
export type QuizTask = z.infer<typeof quizTaskSchema>;

const lessonCommon = {
  /** Lesson title (the page supplies the top heading; start the body at ##). */
  title: text.max(140),
  /** One or two sentences on what the lesson gives the learner. */
  summary: text.max(400),
  /** Minutes to read the lesson and do its tasks. */
  minutes: z.int().min(1).max(240),
};

export const lessonSchema = z.strictObject({
  ...lessonCommon,
  /** One to five learning objectives. */
  objectives: z.array(text).min(1).max(5),
  /** Exactly four tasks, placed in the body with <Task id="…" /> or rendered after it. */
  tasks: z.array(taskSchema).length(TASKS_PER_LESSON),
});
export type LessonMeta = z.infer<typeof lessonSchema>;

export const finalLessonSchema = z.strictObject({
  ...lessonCommon,
  /** Optional learning objectives of the final lesson. */
  objectives: z.array(text).max(5).default([]),
  /** The final assessment that completes the course. */
  assessment: z.strictObject({
    /** Percent of questions answered right needed to pass (1-100). */
    passMark: z.int().min(1).max(100),
    /** At least five questions, same shape as quiz questions; write more than `questionsPerAttempt` to make a pool. */
    questions: z.array(quizQuestionSchema).min(5),
    /** How many questions one attempt asks, drawn afresh from the pool and spread over the lessons (default: all of them). */
    questionsPerAttempt: z.int().min(5).optional(),
    /** Failed attempts allowed within `cooldownHours` before the learner has to wait (default 3 in 24 hours). */
    attempts: z
      .strictObject({
        /** Failed attempts allowed in a row before the pause (default 3). */
        max: z.int().min(1).max(20).default(3),
        /** Hours until a further attempt is allowed, counted from the earliest of those failed attempts (default 24). */
        cooldownHours: z.number().min(0).max(720).default(24),
      })
      .default({ max: 3, cooldownHours: 24 }),
  }),
  /** One closing task (reflection, practice or checklist). */
  closingTask: z.discriminatedUnion('kind', [reflectionTaskSchema, practiceTaskSchema, checklistTaskSchema]),
});
export type FinalLessonMeta = z.infer<typeof finalLessonSchema>;

/** Either kind of lesson, as stored in the `lessons` collection. */
export const anyLessonSchema = z.union([lessonSchema, finalLessonSchema]);

const localized = z.strictObject({
  /** English. */
  en: text,
  /** German. */
  de: text,
  /** Swedish. */
  sv: text,
});

export const specializationSchema = z.strictObject({
  /** Which of the three axes this specialization lies on. */
  axis: z.enum(AXES),
  /** Name in every interface language. */
  title: localized,
  /** Two or three sentences per language: the daily work, and who enjoys it. */
  description: localized,
  /** Function-axis ids this specialization draws on most. */
  buildsOn: z.array(slug).default([]),
  /** Words in any language that show a lesson treats this (matched at a word start, any case); the titles when empty. `courses:check` wants one in at least two lessons of a course that lists it. */
  mentions: z.array(text).default([]),
});
export type Specialization = z.infer<typeof specializationSchema>;

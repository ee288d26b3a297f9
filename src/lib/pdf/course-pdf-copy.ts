/**
 * The fixed wording of course and lesson PDFs in every course language. A PDF speaks the
 * language of the course, not of the reader's interface, because it is read away from the site.
 * The texts are the `pdf.course.*` messages in `src/lib/i18n/messages/*.json`; this module only
 * shapes them for the typesetter. Every label below names its key as a `UiKey`, so a key missing
 * from en.json (or a level or task kind without a label) fails the type check.
 */
import type { Language, Level, TaskKind } from '../courses/schema.ts';
import { translator } from '../i18n/ui.ts';

/** Kinds of boxed asides a lesson body can contain (Tip, Callout types and Example). */
export type AsideKind = 'tip' | 'note' | 'warning' | 'legal' | 'example';

export interface CoursePdfCopy {
  /** Heading of the table of contents. */
  contents: string;
  /** Label above a regular lesson's title and in page headers, e.g. "Lesson 3". */
  lesson: (number: number) => string;
  /** Header of a single-lesson PDF, e.g. "Lesson 3 of 7". */
  lessonOf: (number: number, count: number) => string;
  /** Label above the final lesson's title. */
  finalLesson: string;
  /** Reading and working time of a lesson. */
  minutes: (minutes: number) => string;
  /** Heading above a lesson's objectives. */
  learningObjectives: string;
  /** Heading above the course objectives on the cover. */
  courseObjectives: string;
  /** Heading above the tasks the author did not place in the body. */
  moreTasks: string;
  /** Label of a task box. */
  task: string;
  /** Names of the task kinds. */
  taskKinds: Record<TaskKind, string>;
  /** Above the lines of a reflection. */
  yourAnswer: string;
  /** Above the lines of a practice task. */
  yourWork: string;
  /** Before the line for a link to the learner's work. */
  linkToWork: string;
  /** Length hint of a reflection. */
  minWords: (words: number) => string;
  /** General instruction above the questions of a quiz. */
  quizIntro: string;
  /** Under a question with one right answer. */
  tickOne: string;
  /** Under a question with several right answers. */
  tickAll: string;
  /** Above the items of a checklist. */
  checklistIntro: string;
  /** Heading of the final assessment. */
  finalAssessment: string;
  /** How the final assessment is passed. */
  passMark: (percent: number) => string;
  /** Note that the assessment counts only when taken online (the PDF is for preparing). */
  assessmentOnline: string;
  assessmentLocked: string;
  /** Heading of an unplaced closing task in the final lesson. */
  closingTask: string;
  /** Footer page number. */
  page: (number: number, total: number) => string;
  /** Cover labels. */
  cover: {
    language: string;
    level: string;
    duration: string;
    authors: string;
    version: string;
    online: string;
  };
  /** Total time of the course. */
  hours: (hours: string) => string;
  /** Names of the course languages, in this language. */
  languageNames: Record<Language, string>;
  /** Names of the levels. */
  levels: Record<Level, string>;
  /** Labels of boxed asides. */
  asides: Record<AsideKind, string>;
  /** Line under a key figure. */
  source: (source: string) => string;
  /** Stand-in for an image, which the PDF does not include. */
  image: (alt: string) => string;
  /** Counters under a mock social post. */
  likes: (count: string) => string;
  comments: (count: string) => string;
  shares: (count: string) => string;
  /** Network names that are not brand names. */
  newsletter: string;
  /** Shown when the PDF was made without an author list. */
  publisher: string;
}

function copyFor(language: Language): CoursePdfCopy {
  const t = translator(language);
  return {
    contents: t('pdf.course.contents'),
    lesson: (number) => t('pdf.course.lesson', { number }),
    lessonOf: (number, count) => t('pdf.course.lessonOf', { number, count }),
    finalLesson: t('pdf.course.finalLesson'),
    minutes: (minutes) => t('pdf.course.minutes', { minutes }),
    learningObjectives: t('pdf.course.learningObjectives'),
    courseObjectives: t('pdf.course.courseObjectives'),
    moreTasks: t('pdf.course.moreTasks'),
    task: t('pdf.course.task'),
    taskKinds: {
      quiz: t('pdf.course.taskKind.quiz'),
      reflection: t('pdf.course.taskKind.reflection'),
      practice: t('pdf.course.taskKind.practice'),
      checklist: t('pdf.course.taskKind.checklist'),
    },
    yourAnswer: t('pdf.course.yourAnswer'),
    yourWork: t('pdf.course.yourWork'),
    linkToWork: t('pdf.course.linkToWork'),
    minWords: (words) => t('pdf.course.minWords', { words }),
    quizIntro: t('pdf.course.quizIntro'),
    tickOne: t('pdf.course.tickOne'),
    tickAll: t('pdf.course.tickAll'),
    checklistIntro: t('pdf.course.checklistIntro'),
    finalAssessment: t('pdf.course.finalAssessment'),
    passMark: (percent) => t('pdf.course.passMark', { percent }),
    assessmentOnline: t('pdf.course.assessmentOnline'),
    assessmentLocked: t('pdf.course.assessmentLocked'),
    closingTask: t('pdf.course.closingTask'),
    page: (number, total) => t('pdf.course.page', { number, total }),
    cover: {
      language: t('pdf.course.cover.language'),
      level: t('pdf.course.cover.level'),
      duration: t('pdf.course.cover.duration'),
      authors: t('pdf.course.cover.authors'),
      version: t('pdf.course.cover.version'),
      online: t('pdf.course.cover.online'),
    },
    // The typesetter passes hours and counts already formatted ("7,5"); the translator reads
    // them back as numbers for the plural.
    hours: (hours) => t('pdf.course.hours', { hours }),
    languageNames: { en: t('pdf.course.languageName.en'), de: t('pdf.course.languageName.de'), sv: t('pdf.course.languageName.sv') },
    levels: {
      beginner: t('pdf.course.level.beginner'),
      intermediate: t('pdf.course.level.intermediate'),
      advanced: t('pdf.course.level.advanced'),
    },
    asides: {
      tip: t('pdf.course.aside.tip'),
      note: t('pdf.course.aside.note'),
      warning: t('pdf.course.aside.warning'),
      legal: t('pdf.course.aside.legal'),
      example: t('pdf.course.aside.example'),
    },
    source: (source) => t('pdf.course.source', { source }),
    image: (alt) => t('pdf.course.image', { alt }),
    likes: (count) => t('pdf.course.likes', { count }),
    comments: (count) => t('pdf.course.comments', { count }),
    shares: (count) => t('pdf.course.shares', { count }),
    newsletter: t('pdf.course.newsletter'),
    publisher: t('pdf.course.publisher'),
  };
}

/** PDF wording by course language. */
export const COURSE_PDF_COPY: Record<Language, CoursePdfCopy> = { en: copyFor('en'), de: copyFor('de'), sv: copyFor('sv') };

/** The wording for a course language; English for anything unexpected rather than a crash. */
export function coursePdfCopy(language: string): CoursePdfCopy {
  return COURSE_PDF_COPY[language as Language] ?? COURSE_PDF_COPY.en;
}

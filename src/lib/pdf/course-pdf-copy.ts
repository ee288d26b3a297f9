/**
 * The fixed wording of course and lesson PDFs in every course language. A PDF speaks the
 * language of the course, not of the reader's interface, because it is read away from the site;
 * so this dictionary lives next to the typesetter instead of in the UI strings.
 * German and Swedish are typed against the English shape, so a missing key fails the type check.
 */
import type { Language, Level, TaskKind } from '../courses/schema.ts';

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

const en: CoursePdfCopy = {
  contents: 'Contents',
  lesson: (n) => `Lesson ${n}`,
  lessonOf: (n, count) => `Lesson ${n} of ${count}`,
  finalLesson: 'Final lesson',
  minutes: (m) => (m === 1 ? '1 minute' : `${m} minutes`),
  learningObjectives: 'Learning objectives',
  courseObjectives: 'After this course you can',
  moreTasks: 'Your tasks',
  task: 'Task',
  taskKinds: { quiz: 'Quiz', reflection: 'Reflection', practice: 'Practice', checklist: 'Checklist' },
  yourAnswer: 'Your answer',
  yourWork: 'Your work',
  linkToWork: 'Link to your work:',
  minWords: (w) => `Write at least ${w} words.`,
  quizIntro: 'Tick the right answers.',
  tickOne: 'Tick one answer.',
  tickAll: 'Tick every answer that applies.',
  checklistIntro: 'Tick each item once it is true for you.',
  finalAssessment: 'Final assessment',
  passMark: (p) => `Pass mark: at least ${p}% of the questions answered correctly.`,
  assessmentOnline: 'Prepare your answers here, then take the assessment online: only the online result counts.',
  assessmentLocked: 'The questions open on the site once you have completed every lesson; download the PDF again then to have them on paper.',
  closingTask: 'Closing task',
  page: (n, total) => `Page ${n} of ${total}`,
  cover: { language: 'Language', level: 'Level', duration: 'Time needed', authors: 'Written by', version: 'Course version', online: 'Online' },
  hours: (h) => `about ${h} hours`,
  languageNames: { en: 'English', de: 'German', sv: 'Swedish' },
  levels: { beginner: 'Beginner', intermediate: 'Intermediate', advanced: 'Advanced' },
  asides: { tip: 'Tip', note: 'Note', warning: 'Watch out', legal: 'Legal note', example: 'Example' },
  source: (s) => `Source: ${s}`,
  image: (alt) => `Image: ${alt}`,
  likes: (c) => `${c} likes`,
  comments: (c) => `${c} comments`,
  shares: (c) => `${c} shares`,
  newsletter: 'Newsletter',
  publisher: 'Channelwise',
};

const de: CoursePdfCopy = {
  contents: 'Inhalt',
  lesson: (n) => `Lektion ${n}`,
  lessonOf: (n, count) => `Lektion ${n} von ${count}`,
  finalLesson: 'Abschlusslektion',
  minutes: (m) => (m === 1 ? '1 Minute' : `${m} Minuten`),
  learningObjectives: 'Lernziele',
  courseObjectives: 'Nach diesem Kurs kannst du',
  moreTasks: 'Deine Aufgaben',
  task: 'Aufgabe',
  taskKinds: { quiz: 'Quiz', reflection: 'Reflexion', practice: 'Praxisaufgabe', checklist: 'Checkliste' },
  yourAnswer: 'Deine Antwort',
  yourWork: 'Dein Ergebnis',
  linkToWork: 'Link zu deinem Ergebnis:',
  minWords: (w) => `Schreib mindestens ${w} Wörter.`,
  quizIntro: 'Kreuze die richtigen Antworten an.',
  tickOne: 'Kreuze eine Antwort an.',
  tickAll: 'Kreuze alle zutreffenden Antworten an.',
  checklistIntro: 'Hake jeden Punkt ab, sobald er für dich zutrifft.',
  finalAssessment: 'Abschlussprüfung',
  passMark: (p) => `Bestehensgrenze: mindestens ${p} % der Fragen richtig beantwortet.`,
  assessmentOnline: 'Bereite deine Antworten hier vor und leg die Prüfung dann online ab: Nur das Ergebnis online zählt.',
  assessmentLocked: 'Die Fragen öffnen sich auf der Website, sobald du alle Lektionen abgeschlossen hast; lade das PDF dann noch einmal herunter, um sie auf Papier zu haben.',
  closingTask: 'Abschlussaufgabe',
  page: (n, total) => `Seite ${n} von ${total}`,
  cover: { language: 'Sprache', level: 'Niveau', duration: 'Zeitaufwand', authors: 'Geschrieben von', version: 'Kursversion', online: 'Online' },
  hours: (h) => `etwa ${h} Stunden`,
  languageNames: { en: 'Englisch', de: 'Deutsch', sv: 'Schwedisch' },
  levels: { beginner: 'Einstieg', intermediate: 'Fortgeschritten', advanced: 'Profi' },
  asides: { tip: 'Tipp', note: 'Hinweis', warning: 'Achtung', legal: 'Rechtlicher Hinweis', example: 'Beispiel' },
  source: (s) => `Quelle: ${s}`,
  image: (alt) => `Abbildung: ${alt}`,
  likes: (c) => `${c} Gefällt mir`,
  comments: (c) => `${c} Kommentare`,
  shares: (c) => `${c}-mal geteilt`,
  newsletter: 'Newsletter',
  publisher: 'Channelwise',
};

const sv: CoursePdfCopy = {
  contents: 'Innehåll',
  lesson: (n) => `Lektion ${n}`,
  lessonOf: (n, count) => `Lektion ${n} av ${count}`,
  finalLesson: 'Slutlektion',
  minutes: (m) => (m === 1 ? '1 minut' : `${m} minuter`),
  learningObjectives: 'Lärandemål',
  courseObjectives: 'Efter kursen kan du',
  moreTasks: 'Dina uppgifter',
  task: 'Uppgift',
  taskKinds: { quiz: 'Quiz', reflection: 'Reflektion', practice: 'Övning', checklist: 'Checklista' },
  yourAnswer: 'Ditt svar',
  yourWork: 'Ditt arbete',
  linkToWork: 'Länk till ditt arbete:',
  minWords: (w) => `Skriv minst ${w} ord.`,
  quizIntro: 'Kryssa för de rätta svaren.',
  tickOne: 'Kryssa för ett svar.',
  tickAll: 'Kryssa för alla svar som stämmer.',
  checklistIntro: 'Bocka av varje punkt när den stämmer för dig.',
  finalAssessment: 'Slutprov',
  passMark: (p) => `Godkänt: minst ${p} % av frågorna rätt besvarade.`,
  assessmentOnline: 'Förbered dina svar här och gör sedan provet på nätet: bara resultatet där räknas.',
  assessmentLocked: 'Frågorna öppnas på webbplatsen när du har gått igenom alla lektioner; ladda ner pdf:en igen då för att få dem på papper.',
  closingTask: 'Avslutande uppgift',
  page: (n, total) => `Sida ${n} av ${total}`,
  cover: { language: 'Språk', level: 'Nivå', duration: 'Tidsåtgång', authors: 'Skriven av', version: 'Kursversion', online: 'På nätet' },
  hours: (h) => `cirka ${h} timmar`,
  languageNames: { en: 'engelska', de: 'tyska', sv: 'svenska' },
  levels: { beginner: 'Nybörjare', intermediate: 'Fortsättning', advanced: 'Avancerad' },
  asides: { tip: 'Tips', note: 'Observera', warning: 'Varning', legal: 'Juridik', example: 'Exempel' },
  source: (s) => `Källa: ${s}`,
  image: (alt) => `Bild: ${alt}`,
  likes: (c) => `${c} gillamarkeringar`,
  comments: (c) => `${c} kommentarer`,
  shares: (c) => `${c} delningar`,
  newsletter: 'Nyhetsbrev',
  publisher: 'Channelwise',
};

/** PDF wording by course language. */
export const COURSE_PDF_COPY: Record<Language, CoursePdfCopy> = { en, de, sv };

/** The wording for a course language; English for anything unexpected rather than a crash. */
export function coursePdfCopy(language: string): CoursePdfCopy {
  return COURSE_PDF_COPY[language as Language] ?? en;
}

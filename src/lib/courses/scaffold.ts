/**
 * The files of a new course, complete in structure, so an author starts from a working course and
 * writes the texts marked "Replace with" (the check refuses them until then). Pure: returns paths and texts.
 */
import type { Language } from './schema.ts';

export interface ScaffoldOptions {
  language: Language;
  /** Number of regular lessons, 1-30. */
  lessons: number;
}

function lessonFile(number: number): { path: string; text: string } {
  const nn = String(number).padStart(2, '0');
  return {
    path: `lessons/${nn}-lesson-${nn}.mdx`,
    text: `---
title: "Lesson ${number}: replace with a title that names the learner's gain"
summary: Replace with one or two sentences on what this lesson gives the learner.
minutes: 20
objectives:
  - Replace with something the learner can do after this lesson
tasks:
  - id: check-understanding-${nn}
    kind: quiz
    title: Check your understanding
    prompt: Answer the questions; you see why after answering.
    questions:
      - id: q1
        prompt: Replace with a question about this lesson.
        options:
          - text: The right answer
            correct: true
          - text: A plausible wrong answer
          - text: Another plausible wrong answer
        explanation: Replace with why the right answer is right.
  - id: reflect-${nn}
    kind: reflection
    title: Think about your situation
    prompt: Replace with a question the learner answers about their own organisation.
    minWords: 40
  - id: practice-${nn}
    kind: practice
    title: Put it into practice
    prompt: Replace with a small piece of real work the learner hands in.
    submission: text-or-link
  - id: checklist-${nn}
    kind: checklist
    title: Before you move on
    prompt: Confirm each item.
    items:
      - Replace with a first thing to confirm
      - Replace with a second thing to confirm
---

## First section

Replace this with the lesson text. Use headings from \`##\` down; the page shows the title.

<Task id="check-understanding-${nn}" />

<Tip title="A practical hint">Replace with a hint from practice.</Tip>

<Task id="reflect-${nn}" />

## Second section

<Task id="practice-${nn}" />

<Task id="checklist-${nn}" />
`,
  };
}

export function scaffoldCourse({ language, lessons }: ScaffoldOptions): { path: string; text: string }[] {
  const files = [
    {
      path: 'course.yaml',
      text: `# yaml-language-server: $schema=../../schemas/course.schema.json
# See AUTHORING.md for every field. Run npm run courses:check after each change.
title: Replace with the course title
summary: Replace with one to three sentences for the catalogue that tell a practitioner what they will be able to do.
language: ${language}
level: beginner
estimatedHours: ${Math.ceil((lessons * 20 + 30) / 60)}
objectives:
  - Replace with the first thing a learner can do after the course
  - Replace with the second
  - Replace with the third
specializations: [strategy-planning]
platforms: []
industries: []
offers:
  - kind: ecourse
    price: 19.99
translations: []
authors:
  - name: Replace with your name
version: 1
draft: true
`,
    },
    ...Array.from({ length: lessons }, (_, i) => lessonFile(i + 1)),
    {
      path: 'lessons/final.mdx',
      text: `---
title: "Final lesson: replace with a title"
summary: Replace with what the final lesson brings together.
minutes: 30
assessment:
  passMark: 70
  questions:
${[1, 2, 3, 4, 5]
  .map(
    // The right answer sits in different places, as the check asks of real questions too.
    (n) => `    - id: f${n}
      prompt: Replace with final question ${n}.
      options:
${n % 2 === 0 ? '        - text: A plausible wrong answer\n        - text: The right answer\n          correct: true' : '        - text: The right answer\n          correct: true\n        - text: A plausible wrong answer'}
      explanation: Replace with why.`,
  )
  .join('\n')}
closingTask:
  id: action-plan
  kind: practice
  title: Your action plan
  prompt: Replace with the closing piece of work.
---

## What you have learned

Replace with a short wrap-up and what to do next.

<Task id="action-plan" />
`,
    },
  ];
  return files;
}

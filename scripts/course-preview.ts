/**
 * `npm run course:preview -- <slug> [--port 4321]`: checks the course and prints the addresses to
 * read it as a learner will see it under `npm run dev`: the overview, every lesson with its tasks
 * and the answer key (?answers=1, shown only by the dev server), the final assessment and the PDF.
 * With --serve it starts the dev server too.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent } from '../src/lib/authoring/check.ts';
import { formatProblems } from '../src/lib/courses/validate.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: process.env.PORT ?? '4321' }, serve: { type: 'boolean', default: false } } });
const slug = positionals[0];
if (!slug) {
  console.error('usage: npm run course:preview -- <course-folder> [--port 4321] [--serve]');
  process.exit(2);
}
const { problems, courses } = await checkContent();
const mine = problems.filter((p) => p.file.split(/[\\/]/).includes(slug));
if (mine.length) console.log(`${mine.length} problem(s) in ${slug} (the preview shows them in a banner; a build refuses them):\n${formatProblems(mine)}\n`);
const course = courses.find((c) => c.slug === slug);
const base = `http://localhost:${values.port}`;
if (!course && !mine.length) {
  console.error(`There is no course "${slug}" in courses/.`);
  process.exit(1);
}
const lessons = course ? [...course.lessons.map((l) => ({ slug: l.slug, title: l.meta.title })), { slug: 'final', title: course.final.meta.title }] : [];
console.log(`Preview of ${course?.meta.title ?? slug} (sign in as admin@example.com to open every lesson, the final assessment and the PDF):`);
console.log(`  overview      ${base}/courses/${slug}`);
for (const lesson of lessons) console.log(`  ${lesson.slug.padEnd(13)} ${base}/courses/${slug}/${lesson.slug}?answers=1   ${lesson.title}`);
console.log(`  course PDF    ${base}/courses/${slug}/pdf/course.pdf`);
if (values.serve) {
  console.log('\nStarting the dev server (Ctrl-C to stop) …');
  spawn(process.execPath, [path.join(import.meta.dirname, '..', 'node_modules', 'astro', 'bin', 'astro.mjs'), 'dev', '--port', values.port], { stdio: 'inherit' });
} else {
  console.log('\nRun npm run dev (or add --serve) and open these addresses.');
}

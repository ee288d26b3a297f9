/**
 * `npm run courses:check`: validates every course and prints each problem with the file,
 * the rule broken and how to fix it. Exits 1 when any rule is broken.
 * Optional argument: a courses folder to check instead of `courses/` (e.g. a fixture).
 */
import path from 'node:path';
import { checkContent, contentPaths } from '../src/lib/courses/check.ts';
import { formatProblems } from '../src/lib/courses/validate.ts';

const paths = contentPaths();
if (process.argv[2]) paths.coursesDir = path.resolve(process.argv[2]);

const { problems, courses } = await checkContent(paths);
if (problems.length > 0) {
  console.error(formatProblems(problems));
  console.error(`\n${problems.length} problem(s) found; ${courses.length} course(s) passed.`);
  process.exit(1);
}
for (const course of courses) {
  console.log(`ok  ${course.slug} (${course.meta.language}): ${course.lessons.length} lessons + final, ${course.lessons.length * 4 + 1} tasks`);
}
console.log(`\nAll ${courses.length} course(s) pass.`);

/**
 * `npm run courses:check`: validates every course and prints each problem with the file,
 * the rule broken and how to fix it. Exits 1 when any rule is broken.
 * Optional argument: a courses folder to check instead of `courses/` (e.g. a fixture).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { checkContent, contentPaths } from '../src/lib/authoring/check.ts';
import { formatProblems } from '../src/lib/courses/validate.ts';

const paths = contentPaths();
if (process.argv[2]) paths.coursesDir = path.resolve(process.argv[2]);

/** A path as the user would type it: relative to the working folder when inside it. */
function shown(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
}

for (const [what, dir] of [['courses folder', paths.coursesDir], ['specializations folder', paths.specializationsDir]] as const) {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) {
    console.error(`courses:check: the ${what} ${shown(dir)} does not exist or is not a folder`);
    process.exit(1);
  }
}

let result: Awaited<ReturnType<typeof checkContent>>;
try {
  result = await checkContent(paths);
} catch (error) {
  // A file that vanished or cannot be read mid-check: one clear line instead of a stack trace.
  const e = error as NodeJS.ErrnoException;
  if (!e.code) throw error;
  console.error(`courses:check: cannot read ${e.path ?? 'the course files'} (${e.code})`);
  process.exit(1);
}
const { problems, courses } = result;
if (problems.length > 0) {
  console.error(formatProblems(problems));
  console.error(`\n${problems.length} problem(s) found; ${courses.length} course(s) passed.`);
  process.exit(1);
}
for (const course of courses) {
  console.log(`ok  ${course.slug} (${course.meta.language}): ${course.lessons.length} lessons + final, ${course.lessons.length * 4 + 1} tasks`);
}
console.log(`\nAll ${courses.length} course(s) pass.`);

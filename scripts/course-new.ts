/**
 * `npm run course:new -- <slug> [--language en|de|sv] [--lessons N]`: scaffolds a whole course
 * whose texts say what to write ("Replace with …"); `npm run courses:check` lists each until it is written.
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentPaths } from '../src/lib/authoring/check.ts';
import { scaffoldCourse } from '../src/lib/courses/scaffold.ts';
import { isLanguage } from '../src/lib/i18n/language.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { language: { type: 'string', default: 'en' }, lessons: { type: 'string', default: '3' } },
});
const slug = positionals[0];
const lessons = Number(values.lessons);
const usage = 'usage: npm run course:new -- <slug> [--language en|de|sv] [--lessons 1-30]';
if (!slug || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
  console.error(`Give the course a folder name in lowercase-kebab, e.g. "paid-social-basics".\n${usage}`);
  process.exit(2);
}
if (!isLanguage(values.language)) {
  console.error(`--language must be en, de or sv.\n${usage}`);
  process.exit(2);
}
if (!Number.isInteger(lessons) || lessons < 1 || lessons > 30) {
  console.error(`--lessons must be a whole number from 1 to 30.\n${usage}`);
  process.exit(2);
}
const dir = path.join(contentPaths().coursesDir, slug);
try {
  await access(dir);
  console.error(`${path.relative(process.cwd(), dir)} already exists; choose another name.`);
  process.exit(1);
} catch {
  // the folder is free
}
for (const file of scaffoldCourse({ language: values.language, lessons })) {
  const target = path.join(dir, file.path);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, file.text);
  console.log(`created ${path.relative(process.cwd(), target)}`);
}
console.log('\nNext: write the texts marked "Replace with" (see AUTHORING.md); npm run courses:check lists every one left, with its line.');

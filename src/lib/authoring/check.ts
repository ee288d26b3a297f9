/**
 * Reads and validates all course content in one call; used by the content loader and by
 * `npm run courses:check`, so both apply exactly the same rules.
 */
import path from 'node:path';
import { readCourseTree, readYamlFiles } from '../courses/source.ts';
import { validateAssessment } from '../assessment/validate.ts';
import { validateCourses, validateSpecializations, type Problem, type ValidatedCourse } from '../courses/validate.ts';

export interface ContentPaths {
  /** Folder holding one folder per course. */
  coursesDir: string;
  /** Folder holding one YAML file per specialization. */
  specializationsDir: string;
  /** Folder with the self-assessment items; left out by tests that check courses only. */
  assessmentDir?: string;
}

/** Where content lives; `COURSES_DIR` points the build at another course folder (tests use it for broken fixtures). */
export function contentPaths(root = process.cwd()): ContentPaths {
  return {
    coursesDir: path.resolve(root, process.env.COURSES_DIR ?? 'courses'),
    specializationsDir: path.resolve(root, 'src/content/specializations'),
    assessmentDir: path.resolve(root, 'src/content/assessment'),
  };
}

export async function checkContent(paths: ContentPaths = contentPaths(), root = process.cwd()): Promise<{ problems: Problem[]; courses: ValidatedCourse[] }> {
  const specs = validateSpecializations(await readYamlFiles(paths.specializationsDir, root));
  const result = validateCourses(await readCourseTree(paths.coursesDir, root), { specializations: specs.specializations });
  const assessment = paths.assessmentDir ? validateAssessment(await readYamlFiles(paths.assessmentDir, root)).problems : [];
  return { problems: [...specs.problems, ...assessment, ...result.problems], courses: result.courses };
}

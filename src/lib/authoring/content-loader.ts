/**
 * A `glob()` loader that first validates the whole course tree with the same function as
 * `npm run courses:check`. A broken course therefore fails `astro build` and `astro dev`
 * with the full list of problems instead of rendering half a course.
 */
import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import { checkContent, contentPaths } from './check.ts';
import { formatProblems } from '../courses/validate.ts';

export class CourseValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CourseValidationError';
  }
}

/**
 * The courses and lessons collections load in the same content sync; they share one validation
 * run instead of reading and checking every file twice. A later sync (a change under `astro dev`)
 * starts a fresh one.
 */
let running: ReturnType<typeof checkContent> | undefined;
function validateOnce(): ReturnType<typeof checkContent> {
  running ??= checkContent(contentPaths()).finally(() => setTimeout(() => (running = undefined), 0));
  return running;
}

/** Validates all courses, then loads files with `glob()` using the options given. */
export function validatedGlob(options: Parameters<typeof glob>[0]): Loader {
  const inner = glob(options);
  return {
    name: 'validated-course-glob',
    load: async (context) => {
      const { problems: all } = await validateOnce();
      // Unfinished text (scaffold placeholders, TODO) is a warning while an author previews with
      // `astro dev`, and an error in a build: an unfinished course cannot be published.
      const dev = Boolean(import.meta.env?.DEV);
      const warnings = dev ? all.filter((p) => p.rule === 'placeholder') : [];
      const problems = all.filter((p) => !warnings.includes(p));
      if (warnings.length > 0) context.logger.warn(`Unfinished course text (${warnings.length}); a build refuses it:\n${formatProblems(warnings)}`);
      if (problems.length > 0) {
        throw new CourseValidationError(`Course content is invalid (${problems.length} problem(s)):\n${formatProblems(problems)}`);
      }
      await inner.load(context);
    },
  };
}

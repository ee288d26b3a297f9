/**
 * A `glob()` loader that first validates the whole course tree with the same function as
 * `npm run courses:check`. A broken course therefore fails `astro build` and `astro dev`
 * with the full list of problems instead of rendering half a course.
 */
import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import path from 'node:path';
import { checkContent, contentPaths } from './check.ts';
import { formatProblems, type Problem } from '../courses/validate.ts';
import { recordContentProblems } from './dev-report.ts';

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

/** The course folders a problem list concerns (problems name files relative to the project root). */
function coursesWithErrors(problems: Problem[]): string[] {
  const { coursesDir } = contentPaths();
  const slugs = problems.filter((p) => p.rule !== 'placeholder').map((p) => path.relative(coursesDir, path.resolve(p.file)).split(path.sep)[0]);
  return [...new Set(slugs.filter((slug) => slug && !slug.startsWith('..')))];
}

let watching = false;

/**
 * Validates all courses, then loads files with `glob()` using the options given.
 *
 * In a build any problem stops it. Under `astro dev` the author keeps a working preview instead:
 * the problems are printed in the courses:check format and shown in a banner on every page;
 * courses with errors are left out (never served as if they were fine), and unfinished text is
 * only a warning. Every change to a course file runs the check again.
 */
export function validatedGlob(options: Parameters<typeof glob>[0]): Loader {
  return {
    name: 'validated-course-glob',
    load: async (context) => {
      const { problems: all } = await validateOnce();
      if (!import.meta.env?.DEV) {
        if (all.length > 0) throw new CourseValidationError(`Course content is invalid (${all.length} problem(s)):\n${formatProblems(all)}`);
        await glob(options).load(context);
        return;
      }
      recordContentProblems(all);
      if (all.length > 0) context.logger.warn(`Course content has ${all.length} problem(s); courses with errors are left out of the preview until fixed:\n${formatProblems(all)}`);
      const excluded = coursesWithErrors(all);
      const patterns = Array.isArray(options.pattern) ? options.pattern : [options.pattern];
      await glob({ ...options, pattern: [...patterns, ...excluded.map((slug) => `!${slug}/**`)] }).load(context);
      if (!watching && context.watcher) {
        watching = true;
        const root = path.resolve(contentPaths().coursesDir);
        let timer: NodeJS.Timeout | undefined;
        context.watcher.on('all', (_event, file) => {
          if (!path.resolve(file).startsWith(root)) return;
          clearTimeout(timer);
          timer = setTimeout(async () => {
            const { problems } = await checkContent(contentPaths());
            recordContentProblems(problems);
            context.logger[problems.length ? 'warn' : 'info'](problems.length ? `Course content has ${problems.length} problem(s):\n${formatProblems(problems)}` : 'Course content: no problems.');
          }, 150);
        });
      }
    },
  };
}

/**
 * The content problems the dev server knows of, for the banner on every page under `astro dev`
 * (the content loader and the pages run in the same process there). Empty in a build, which
 * refuses any problem instead.
 */
import type { Problem } from '../courses/validate.ts';

const KEY = Symbol.for('channelwise.contentProblems');
type Store = { problems: Problem[] };
const store = ((globalThis as Record<symbol, Store>)[KEY] ??= { problems: [] });

export function recordContentProblems(problems: Problem[]): void {
  store.problems = problems;
}

export function currentContentProblems(): Problem[] {
  return store.problems;
}

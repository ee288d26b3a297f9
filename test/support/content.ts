/** The validated shipped courses, for tests that compare pages with their source. */

import { checkContent, contentPaths } from '../../src/lib/authoring/check.ts';
import { root } from './server.ts';

export async function shippedCourses() {
  const { problems, courses } = await checkContent(contentPaths(root), root);
  if (problems.length) throw new Error(`shipped courses are invalid: ${problems.map((p) => p.message).join('; ')}`);
  return courses;
}


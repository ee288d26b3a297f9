/** The self-assessment content from its collection (pages call this; scripts validate the files directly). */
import { getCollection } from 'astro:content';
import type { AssessmentContext, AssessmentItem } from './schema.ts';

/** The self-assessment content: items by function id, and the context questions. */
export async function loadAssessmentContent() {
  const entries = await getCollection('assessment');
  const items = new Map<string, AssessmentItem>();
  let context: AssessmentContext | null = null;
  for (const entry of entries) {
    if ('roles' in entry.data) context = entry.data;
    else items.set(entry.id, entry.data);
  }
  if (!context) throw new Error('src/content/assessment/context.yaml is missing');
  return { items, context };
}

/** Answer sets for the self-assessment, built from the real content. */
import path from 'node:path';
import { validateAssessment } from '../../src/lib/assessment/validate.ts';
import { readYamlFiles } from '../../src/lib/courses/source.ts';
import { FUNCTION_IDS, type FunctionId } from '../../src/lib/assessment/scoring.ts';
import { root } from './server.ts';

export async function assessmentItems() {
  const { items, problems } = validateAssessment(await readYamlFiles(path.join(root, 'src/content/assessment'), root));
  if (problems.length) throw new Error(problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  return items;
}

/**
 * Form fields for a full questionnaire: every function rated `skill`/`inclination`, scenarios
 * answered best where `right`, except the functions in `weak` (skill 1, wrong answers).
 */
export async function answerFields(options: { weak?: FunctionId[]; skill?: number; role?: string; goal?: string; platforms?: string[] } = {}): Promise<[string, string][]> {
  const items = await assessmentItems();
  const fields: [string, string][] = [
    ['role', options.role ?? 'solo-generalist'],
    ['goal', options.goal ?? 'plan-measure'],
    ['industry', 'b2b'],
    ...(options.platforms ?? ['linkedin-xing']).map((p) => ['platforms', p] as [string, string]),
  ];
  for (const id of FUNCTION_IDS) {
    const weak = options.weak?.includes(id);
    fields.push([`skill.${id}`, String(weak ? 1 : (options.skill ?? 4))], [`inclination.${id}`, weak ? '4' : '3']);
    for (const scenario of items.get(id)!.scenarios) {
      const best = scenario.options.findIndex((o) => o.best);
      fields.push([`scenario.${id}.${scenario.id}`, String(weak ? (best + 1) % scenario.options.length : best)]);
    }
  }
  return fields;
}

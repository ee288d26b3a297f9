/**
 * Validation of the self-assessment content, run with the course check (build, courses:check,
 * tests): one file per function, all three languages, exactly one best answer per scenario.
 */
import { parse as parseYaml } from 'yaml';
import { QUALITY, isStrictlyLongest, type Problem } from '../courses/validate.ts';
import type { YamlSource } from '../courses/source.ts';
import { assessmentContextSchema, assessmentItemSchema, type AssessmentContext, type AssessmentItem } from './schema.ts';
import { FUNCTION_IDS } from './scoring.ts';

export const CONTEXT_FILE_ID = 'context';

export function validateAssessment(sources: YamlSource[]): { problems: Problem[]; items: Map<string, AssessmentItem>; context: AssessmentContext | null } {
  const problems: Problem[] = [];
  const items = new Map<string, AssessmentItem>();
  let context: AssessmentContext | null = null;
  for (const source of sources) {
    let data: unknown;
    try {
      data = parseYaml(source.text);
    } catch (error) {
      problems.push({ file: source.file, rule: 'yaml-syntax', message: `the YAML cannot be read: ${(error as Error).message.split('\n')[0]}`, fix: 'fix the indentation or quoting' });
      continue;
    }
    const schema = source.id === CONTEXT_FILE_ID ? assessmentContextSchema : assessmentItemSchema;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = issue.path.join('.');
        problems.push({
          file: source.file,
          rule: issue.code === 'unrecognized_keys' ? 'unknown-key' : 'schema',
          message: `${at || 'file'}: ${issue.message}${issue.code === 'invalid_type' && /\.(en|de|sv)$/.test(at) ? ' (every text needs en, de and sv)' : ''}`,
          fix: 'follow the format of the other files in src/content/assessment',
        });
      }
      continue;
    }
    if (source.id === CONTEXT_FILE_ID) {
      context = parsed.data as AssessmentContext;
      continue;
    }
    const item = parsed.data as AssessmentItem;
    if (item.function !== source.id) {
      problems.push({ file: source.file, rule: 'assessment-function', message: `function "${item.function}" differs from the file name`, fix: `name the file ${item.function}.yaml or correct the field` });
    }
    if (!(FUNCTION_IDS as readonly string[]).includes(source.id)) {
      problems.push({ file: source.file, rule: 'assessment-function', message: `"${source.id}" is not one of the ten functions`, fix: `use one of: ${FUNCTION_IDS.join(', ')}` });
    }
    const ids = new Set<string>();
    for (const scenario of item.scenarios) {
      if (ids.has(scenario.id)) problems.push({ file: source.file, rule: 'scenario-id-unique', message: `scenario id "${scenario.id}" is used twice`, fix: 'give every scenario its own id' });
      ids.add(scenario.id);
      const best = scenario.options.filter((o) => o.best).length;
      if (best !== 1) problems.push({ file: source.file, rule: 'scenario-best', message: `scenario "${scenario.id}" has ${best} best answers`, fix: 'mark exactly one option with best: true' });
    }
    items.set(source.id, item);
  }
  checkScenarioAnswers(sources, items, problems);
  for (const id of FUNCTION_IDS) {
    if (!sources.some((s) => s.id === id)) problems.push({ file: `src/content/assessment/${id}.yaml`, rule: 'assessment-missing', message: `no assessment item for the function "${id}"`, fix: 'add the file; every function is assessed' });
  }
  if (!context) problems.push({ file: 'src/content/assessment/context.yaml', rule: 'assessment-missing', message: 'the context questions are missing or invalid', fix: 'add context.yaml with roles and goals' });
  return { problems, items, context };
}

const ORDINAL = ['first', 'second', 'third', 'fourth'];

/**
 * The same answer rules as for course quizzes, across all scenarios: the best option must not
 * give itself away by being the longest (judged in English) or by always sitting in one place.
 */
function checkScenarioAnswers(sources: YamlSource[], items: Map<string, AssessmentItem>, problems: Problem[]): void {
  const scenarios: { where: string; best: number; texts: string[] }[] = [];
  for (const source of sources) {
    const item = items.get(source.id);
    for (const scenario of item?.scenarios ?? []) {
      const best = scenario.options.findIndex((o) => o.best);
      if (best < 0 || scenario.options.filter((o) => o.best).length !== 1) continue; // reported as scenario-best
      scenarios.push({ where: `${source.file.split('/').pop()} ${scenario.id}`, best, texts: scenario.options.map((o) => o.text.en) });
    }
  }
  if (scenarios.length === 0) return;
  const folder = sources[0].file.includes('/') ? sources[0].file.slice(0, sources[0].file.lastIndexOf('/')) : '.';
  const list = (shown: typeof scenarios) =>
    shown.slice(0, QUALITY.listed).map((s) => s.where).join(', ') + (shown.length > QUALITY.listed ? ` and ${shown.length - QUALITY.listed} more` : '');

  const longest = scenarios.filter((s) => isStrictlyLongest(s.texts, s.best));
  if (longest.length > scenarios.length * QUALITY.longestShare) {
    problems.push({
      file: folder,
      rule: 'scenario-best-longest',
      message: `in ${longest.length} of ${scenarios.length} scenarios the best option is the longest (in English), more than a third, so picking the longest answer scores well: ${list(longest)}`,
      fix: 'make the other options as long and specific as the best one (a tempting shortcut or half-truth with its reason), or the best one shorter; it may be the strictly longest in at most a third of the scenarios',
    });
  }
  const positions = new Set(scenarios.map((s) => s.best));
  if (scenarios.length >= QUALITY.samePositionMinSingle && positions.size === 1) {
    const position = [...positions][0];
    problems.push({
      file: folder,
      rule: 'scenario-best-position',
      message: `all ${scenarios.length} scenarios have the best option in the ${ORDINAL[position] ?? `${position + 1}th`} position of the source (e.g. ${list(scenarios)})`,
      fix: 'vary where the best option stands (move "best: true" with its option); the page shuffles the options, but the source order should give nothing away either',
    });
  }
}

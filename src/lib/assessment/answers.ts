/**
 * Reading the questionnaire form. Every missing or out-of-range answer gets a message next to
 * its field, and what was entered is kept so nothing has to be answered twice.
 */
import type { UiKey } from '../i18n/ui.ts';
import { GOAL_IDS, ROLE_IDS, type AssessmentItem, type GoalId, type RoleId } from './schema.ts';
import { FUNCTION_IDS, type FunctionId, type ResultInput } from './scoring.ts';
import { shuffledOrder } from '../courses/option-order.ts';

/** The answers as stored: ids and numbers only, no text. */
export interface StoredAnswers {
  role: RoleId;
  goal: GoalId;
  industry?: string;
  platforms: string[];
  functions: Record<FunctionId, { skill: number; inclination: number; scenarios: Record<string, number> }>;
}

export type AnswerParse =
  | { ok: true; answers: StoredAnswers; values: Record<string, string | string[]> }
  | { ok: false; errors: Record<string, UiKey>; values: Record<string, string | string[]> };

export interface KnownOptions {
  items: Map<string, AssessmentItem>;
  platforms: Set<string>;
  industries: Set<string>;
}

function rating(value: FormDataEntryValue | null): number | null {
  if (typeof value !== 'string' || !/^[1-5]$/.test(value)) return null;
  return Number(value);
}

export function parseAssessmentForm(form: FormData, known: KnownOptions): AnswerParse {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map(String);
    values[key] = key === 'platforms' ? [...new Set(all)] : all[0];
  }
  const errors: Record<string, UiKey> = {};
  const role = form.get('role');
  const goal = form.get('goal');
  const industry = String(form.get('industry') ?? '');
  // Each platform once: a form repeating a value thousands of times stores it once.
  const platforms = [...new Set(form.getAll('platforms').map(String))];
  if (!(ROLE_IDS as readonly unknown[]).includes(role)) errors.role = 'assessment.error.role';
  if (!(GOAL_IDS as readonly unknown[]).includes(goal)) errors.goal = 'assessment.error.goal';
  if (industry && !known.industries.has(industry)) errors.industry = 'assessment.error.option';
  if (platforms.some((p) => !known.platforms.has(p))) errors.platforms = 'assessment.error.option';

  const functions = {} as StoredAnswers['functions'];
  for (const id of FUNCTION_IDS) {
    const item = known.items.get(id);
    if (!item) continue;
    const skill = rating(form.get(`skill.${id}`));
    const inclination = rating(form.get(`inclination.${id}`));
    if (skill === null) errors[`skill.${id}`] = form.get(`skill.${id}`) ? 'assessment.error.range' : 'assessment.error.rating';
    if (inclination === null) errors[`inclination.${id}`] = form.get(`inclination.${id}`) ? 'assessment.error.range' : 'assessment.error.rating';
    const scenarios: Record<string, number> = {};
    for (const scenario of item.scenarios) {
      const field = `scenario.${id}.${scenario.id}`;
      const raw = form.get(field);
      if (typeof raw !== 'string' || !/^\d$/.test(raw) || Number(raw) >= scenario.options.length) {
        errors[field] = raw ? 'assessment.error.option' : 'assessment.error.scenario';
      } else {
        scenarios[scenario.id] = Number(raw);
      }
    }
    functions[id] = { skill: skill ?? 0, inclination: inclination ?? 0, scenarios };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    values,
    answers: { role: role as RoleId, goal: goal as GoalId, industry: industry || undefined, platforms, functions },
  };
}

/** Turns stored answers into the scoring input, marking scenario answers against the content. */
export function scoringInput(answers: StoredAnswers, items: Map<string, AssessmentItem>): ResultInput {
  const functions = {} as ResultInput['functions'];
  for (const id of FUNCTION_IDS) {
    const answer = answers.functions[id];
    const scenarios = items.get(id)?.scenarios ?? [];
    const right = scenarios.filter((s) => s.options[answer?.scenarios[s.id] ?? -1]?.best).length;
    functions[id] = { skill: answer?.skill ?? 1, inclination: answer?.inclination ?? 1, scenariosRight: right, scenariosTotal: scenarios.length };
  }
  return { role: answers.role, goal: answers.goal, functions, platforms: answers.platforms, industry: answers.industry };
}

/**
 * The order in which a scenario's options are shown: shuffled, but the same on every visit
 * (seeded by function and scenario id), so the best answer is not always in the same place.
 * Values stay the option's index in the content.
 */
export function displayOrder(functionId: string, scenarioId: string, count: number): number[] {
  return shuffledOrder(`${functionId}/${scenarioId}`, count);
}

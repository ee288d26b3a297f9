/**
 * The self-assessment questionnaire page: its content in the reader's language, reading a sent
 * form, and the error summary that links each problem to its question.
 */
import type { Db } from '../db/client.ts';
import type { Language } from '../i18n/language.ts';
import type { Translate, UiKey } from '../i18n/ui.ts';
import { listSpecializations } from '../courses/content.ts';
import { loadAssessmentContent } from './content.ts';
import { displayOrder, parseAssessmentForm } from './answers.ts';
import { saveScoredAssessment } from './stored-scores.ts';
import { FUNCTION_IDS } from './scoring.ts';
import { GOAL_IDS, ROLE_IDS } from './schema.ts';
import { ASSESSMENT_RULE, limitAction } from '../auth/throttle.ts';

export async function assessmentForm(lang: Language) {
  const { items, context } = await loadAssessmentContent();
  const specializations = await listSpecializations();
  const options = (axis: 'platform' | 'industry') => specializations.filter((s) => s.data.axis === axis).map((s) => ({ value: s.id, label: s.data.title[lang] }));
  const titles = new Map(specializations.map((s) => [s.id, s.data.title[lang]]));
  const functions = FUNCTION_IDS.filter((id) => items.has(id)).map((id) => ({ id, title: titles.get(id) ?? id, item: items.get(id)! }));
  return {
    items,
    functions,
    roles: ROLE_IDS.map((id) => ({ value: id, label: context.roles[id][lang] })),
    goals: GOAL_IDS.map((id) => ({ value: id, label: context.goals[id][lang] })),
    platforms: options('platform'),
    industries: options('industry'),
  };
}

export type AssessmentForm = Awaited<ReturnType<typeof assessmentForm>>;

/** Reads and, when complete, stores a sent questionnaire. */
/** `address`: the sender's network address; results without an account are limited per address. */
export function submitAssessment(db: Db, form: FormData, content: AssessmentForm, lang: Language, userId: string | null, address: string) {
  const parsed = parseAssessmentForm(form, {
    items: content.items,
    platforms: new Set(content.platforms.map((p) => p.value)),
    industries: new Set(content.industries.map((i) => i.value)),
  });
  if (!parsed.ok) return parsed;
  if (!userId) limitAction(db, [[`assessment:${address}`, ASSESSMENT_RULE]]);
  return { ok: true as const, ...saveScoredAssessment(db, parsed.answers, content.items, lang, userId) };
}

/** One line per problem for the summary at the top; each links to the first input of its question, so following it moves focus there. */
export function errorSummary(errors: Record<string, UiKey>, content: AssessmentForm, t: Translate): { href: string; text: string }[] {
  const titles = new Map<string, string>(content.functions.map((f) => [f.id, f.title]));
  return Object.entries(errors).map(([field, key]) => {
    const [kind, fn, scenarioId] = field.split('.');
    const item = fn ? content.items.get(fn) : undefined;
    const question = kind === 'skill' ? t('assessment.skillScale') : kind === 'inclination' ? t('assessment.legend.inclination') : t('assessment.scenario', { number: (item?.scenarios.findIndex((s) => s.id === scenarioId) ?? 0) + 1 });
    const part = fn ? `${titles.get(fn)} – ${question}` : t('assessment.contextTitle');
    let first: string = kind;
    if (kind === 'skill' || kind === 'inclination') first = `${kind}-${fn}-1`;
    else if (kind === 'scenario') first = `scenario-${fn}-${scenarioId}-${displayOrder(fn, scenarioId, item?.scenarios.find((s) => s.id === scenarioId)?.options.length ?? 1)[0]}`;
    else if (kind === 'role') first = `role-${ROLE_IDS[0]}`;
    else if (kind === 'goal') first = `goal-${GOAL_IDS[0]}`;
    else if (kind === 'platforms') first = `platform-${content.platforms[0]?.value}`;
    return { href: `#${first}`, text: `${part}: ${t(key)}` };
  });
}

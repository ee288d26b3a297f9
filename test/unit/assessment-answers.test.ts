import { describe, expect, it } from 'vitest';
import { displayOrder, parseAssessmentForm, scoringInput } from '../../src/lib/assessment/answers.ts';
import { assessmentItemSchema, type AssessmentItem } from '../../src/lib/assessment/schema.ts';
import { FUNCTION_IDS } from '../../src/lib/assessment/scoring.ts';
import { validateAssessment } from '../../src/lib/assessment/validate.ts';
import { readYamlFiles } from '../../src/lib/courses/source.ts';
import path from 'node:path';

const l = (text: string) => ({ en: text, de: `${text} (de)`, sv: `${text} (sv)` });
function item(id: string): AssessmentItem {
  return assessmentItemSchema.parse({
    function: id,
    skill: { prompt: l('How good?'), anchors: { 1: l('new'), 3: l('solid'), 5: l('expert') } },
    inclination: { prompt: l('How much fun?') },
    scenarios: [
      { id: 'one', prompt: l('Situation one'), options: [{ text: l('best'), best: true }, { text: l('other') }, { text: l('third') }] },
      { id: 'two', prompt: l('Situation two'), options: [{ text: l('other') }, { text: l('best'), best: true }, { text: l('third') }] },
    ],
  });
}
const items = new Map(FUNCTION_IDS.map((id) => [id, item(id)]));
const known = { items, platforms: new Set(['instagram', 'tiktok']), industries: new Set(['b2b']) };

function completeForm(): FormData {
  const form = new FormData();
  form.set('role', 'agency');
  form.set('goal', 'reach');
  form.set('industry', 'b2b');
  form.append('platforms', 'tiktok');
  form.append('platforms', 'instagram');
  for (const id of FUNCTION_IDS) {
    form.set(`skill.${id}`, '4');
    form.set(`inclination.${id}`, '2');
    form.set(`scenario.${id}.one`, '0');
    form.set(`scenario.${id}.two`, '0');
  }
  return form;
}

describe('reading the questionnaire', () => {
  it('accepts a complete form and marks scenario answers against the content', () => {
    const parsed = parseAssessmentForm(completeForm(), known);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.answers).toMatchObject({ role: 'agency', goal: 'reach', industry: 'b2b', platforms: ['tiktok', 'instagram'] });
    const input = scoringInput(parsed.answers, items);
    expect(input.functions['paid-social']).toEqual({ skill: 4, inclination: 2, scenariosRight: 1, scenariosTotal: 2 });
  });

  it('refuses missing and out-of-range answers with a message per field, keeping what was entered', () => {
    const form = completeForm();
    form.delete('role');
    form.set('goal', 'fame');
    form.set('skill.paid-social', '7');
    form.delete('inclination.content-creation');
    form.set('scenario.crisis-reputation.two', '9');
    form.delete('scenario.governance-legal.one');
    form.append('platforms', 'myspace');
    const parsed = parseAssessmentForm(form, known);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      role: 'assessment.error.role',
      goal: 'assessment.error.goal',
      platforms: 'assessment.error.option',
      'skill.paid-social': 'assessment.error.range',
      'inclination.content-creation': 'assessment.error.rating',
      'scenario.governance-legal.one': 'assessment.error.scenario',
      'scenario.crisis-reputation.two': 'assessment.error.option',
    });
    expect(parsed.values['skill.social-selling']).toBe('4');
    expect(parsed.values.platforms).toEqual(['tiktok', 'instagram', 'myspace']);
  });
});

describe('option order', () => {
  it('shows each scenario\'s options in a stable shuffled order, so the best answer is not always first', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const { items: loaded } = validateAssessment(await readYamlFiles(path.join(root, 'src/content/assessment'), root));
    const positions: number[] = [];
    for (const [id, item] of loaded) {
      for (const scenario of item.scenarios) {
        const order = displayOrder(id, scenario.id, scenario.options.length);
        expect([...order].sort()).toEqual(scenario.options.map((_, i) => i));
        expect(displayOrder(id, scenario.id, scenario.options.length)).toEqual(order);
        positions.push(order.indexOf(scenario.options.findIndex((o) => o.best)));
      }
    }
    // Across the twenty scenarios the best answer appears in several positions, not one.
    expect(new Set(positions).size).toBeGreaterThanOrEqual(3);
  });
});

describe('assessment content', () => {
  it('has every item, in English, German and Swedish, with one best answer per scenario', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const { problems, items: loaded, context } = validateAssessment(await readYamlFiles(path.join(root, 'src/content/assessment'), root));
    expect(problems).toEqual([]);
    expect([...loaded.keys()].sort()).toEqual([...FUNCTION_IDS].sort());
    expect(context).not.toBeNull();
  });

  it('names the file and the missing language when a translation is missing', () => {
    const broken = `function: paid-social\nskill:\n  prompt: { en: a, de: b }\n  anchors: { 1: { en: a, de: b, sv: c }, 3: { en: a, de: b, sv: c }, 5: { en: a, de: b, sv: c } }\ninclination:\n  prompt: { en: a, de: b, sv: c }\nscenarios:\n  - id: x\n    prompt: { en: a, de: b, sv: c }\n    options: [{ text: { en: a, de: b, sv: c }, best: true }, { text: { en: a, de: b, sv: c } }, { text: { en: a, de: b, sv: c } }]\n`;
    const { problems } = validateAssessment([{ id: 'paid-social', file: 'src/content/assessment/paid-social.yaml', text: broken }]);
    expect(problems[0]).toMatchObject({ file: 'src/content/assessment/paid-social.yaml', rule: 'schema' });
    expect(problems[0].message).toContain('skill.prompt.sv');
    expect(problems.some((p) => p.rule === 'assessment-missing' && p.file.endsWith('community-management.yaml'))).toBe(true);
  });
});

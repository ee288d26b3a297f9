import { describe, expect, it } from 'vitest';
import { FUNCTION_IDS, GOAL_BOOSTS, ROLE_WEIGHTS, scoreAssessment, scoreFunctions, type FunctionAnswer, type FunctionId, type ResultInput } from '../../src/lib/assessment/scoring.ts';
import { compareResults, coursesFor, learningPath } from '../../src/lib/assessment/view.ts';
import { courseSchema } from '../../src/lib/courses/schema.ts';
import { GOAL_IDS, ROLE_IDS } from '../../src/lib/assessment/schema.ts';

function everywhere(answer: FunctionAnswer): Record<FunctionId, FunctionAnswer> {
  return Object.fromEntries(FUNCTION_IDS.map((id) => [id, { ...answer }])) as Record<FunctionId, FunctionAnswer>;
}
const input = (overrides: Partial<ResultInput> = {}): ResultInput => ({
  role: 'solo-generalist',
  goal: 'plan-measure',
  platforms: [],
  functions: everywhere({ skill: 3, inclination: 3, scenariosRight: 1, scenariosTotal: 2 }),
  ...overrides,
});

describe('scoring, against hand-computed values', () => {
  it('calibrates the self-rating with the scenarios and derives importance, gap and fit', () => {
    const functions = everywhere({ skill: 3, inclination: 3, scenariosRight: 1, scenariosTotal: 2 });
    functions['strategy-planning'] = { skill: 5, inclination: 2, scenariosRight: 0, scenariosTotal: 2 };
    const scores = scoreFunctions({ role: 'solo-generalist', goal: 'plan-measure', functions });
    const strategy = scores.find((s) => s.id === 'strategy-planning')!;
    // scenario level 1 + 4 × 0 = 1; skill 0.6 × 5 + 0.4 × 1 = 3.4; importance 4 + 2 = 6 → capped 5
    expect(strategy).toMatchObject({ scenarioLevel: 1, skill: 3.4, importance: 5, gap: 1.6, fit: 2.6, overestimated: true });
    const content = scores.find((s) => s.id === 'content-creation')!;
    // scenario level 3; skill 0.6 × 3 + 0.4 × 3 = 3; importance 4 (no goal boost); gap 1; fit 0.6 × 3 + 0.4 × 3 = 3
    expect(content).toMatchObject({ scenarioLevel: 3, skill: 3, importance: 4, gap: 1, fit: 3, overestimated: false });
    const analytics = scores.find((s) => s.id === 'analytics-reporting')!;
    // importance 3 + 2 = 5
    expect(analytics).toMatchObject({ importance: 5, gap: 2 });
  });

  it('keeps every weight and boost on the 1-5 scale', () => {
    for (const role of ROLE_IDS) for (const id of FUNCTION_IDS) expect(ROLE_WEIGHTS[role][id]).toBeGreaterThanOrEqual(1);
    for (const goal of GOAL_IDS) for (const boost of Object.values(GOAL_BOOSTS[goal])) expect(boost).toBeLessThanOrEqual(2);
  });
});

describe('results that make sense', () => {
  it('a learner strong everywhere has no gaps and is told so', () => {
    const result = scoreAssessment(input({ functions: everywhere({ skill: 5, inclination: 4, scenariosRight: 2, scenariosTotal: 2 }) }));
    expect(result.gaps).toEqual([]);
    expect(result.functions.every((f) => f.skill === 5)).toBe(true);
    expect(result.delegate).toEqual([]);
  });

  it('a learner weak everywhere gets the three largest gaps where the role and goal need most', () => {
    const result = scoreAssessment(input({ functions: everywhere({ skill: 1, inclination: 3, scenariosRight: 0, scenariosTotal: 2 }) }));
    expect(result.gaps).toHaveLength(3);
    expect(result.gaps.map((g) => g.id)).toEqual(['strategy-planning', 'analytics-reporting', 'content-creation']);
    expect(result.gaps[0].gap).toBe(4);
  });

  it('a learner inclined opposite to their skill is routed by inclination, and told what to hand over', () => {
    const functions = everywhere({ skill: 5, inclination: 1, scenariosRight: 2, scenariosTotal: 2 });
    functions['community-management'] = { skill: 1, inclination: 5, scenariosRight: 0, scenariosTotal: 2 };
    const result = scoreAssessment(input({ goal: 'customer-dialogue', functions }));
    // Fit 0.6 × 5 + 0.4 × 1 = 3.4 beats 0.6 × 1 + 0.4 × 5 = 2.6 for the strong but unloved functions.
    expect(result.recommendations[0]).toMatchObject({ axis: 'function', id: 'community-management', reason: { key: 'fit', fit: 3.4 } });
    expect(result.gaps[0].id).toBe('community-management');
    expect(result.delegate).toEqual([]);

    const reluctant = everywhere({ skill: 2, inclination: 1, scenariosRight: 0, scenariosTotal: 2 });
    reluctant['content-creation'] = { skill: 4, inclination: 5, scenariosRight: 2, scenariosTotal: 2 };
    const solo = scoreAssessment(input({ functions: reluctant }));
    expect(solo.delegate.map((f) => f.id)).toContain('strategy-planning');
    expect(solo.delegate.map((f) => f.id)).not.toContain('content-creation');
  });

  it('recommends no function when the learner would enjoy none, and says so instead of guessing', () => {
    const result = scoreAssessment(input({ functions: everywhere({ skill: 4, inclination: 2, scenariosRight: 2, scenariosTotal: 2 }) }));
    expect(result.recommendations.filter((r) => r.axis === 'function')).toEqual([]);
  });

  it('does not call small differences gaps', () => {
    // Skill 0.6 × 4 + 0.4 × 3 = 3.6 against importance 4: a difference of 0.4.
    const result = scoreAssessment(input({ goal: 'career', functions: everywhere({ skill: 4, inclination: 3, scenariosRight: 1, scenariosTotal: 2 }) }));
    expect(result.gaps.every((g) => g.gap >= 0.5)).toBe(true);
    expect(result.functions.find((f) => f.id === 'governance-legal')!.gap).toBe(0.4);
    expect(result.gaps.map((g) => g.id)).not.toContain('governance-legal');
  });

  it('reaches every specialization on every axis with some answer set', () => {
    for (const id of FUNCTION_IDS) {
      const functions = everywhere({ skill: 2, inclination: 2, scenariosRight: 0, scenariosTotal: 2 });
      functions[id] = { skill: 4, inclination: 5, scenariosRight: 2, scenariosTotal: 2 };
      expect(scoreAssessment(input({ functions })).recommendations[0].id).toBe(id);
    }
    for (const platform of ['instagram', 'tiktok', 'linkedin-xing', 'x-twitter', 'facebook', 'youtube', 'newsletter-messenger']) {
      expect(scoreAssessment(input({ platforms: [platform] })).recommendations).toContainEqual({ axis: 'platform', id: platform, reason: { key: 'platform' } });
    }
    for (const industry of ['b2b', 'consumer-goods', 'technology', 'video-games', 'insurance', 'media', 'public-sector']) {
      expect(scoreAssessment(input({ industry })).recommendations.at(-1)).toEqual({ axis: 'industry', id: industry, reason: { key: 'industry' } });
    }
  });
});

describe('from result to courses', () => {
  const course = (id: string, language: 'en' | 'de' | 'sv', specializations: string[]) => ({
    id,
    data: courseSchema.parse({ title: id, summary: 'A summary long enough for the schema to accept it here.', language, level: 'beginner', estimatedHours: 2, objectives: ['a', 'b', 'c'], specializations, offers: [{ kind: 'free' }], authors: [{ name: 'A' }] }),
  });
  const courses = [course('strategy-en', 'en', ['strategy-planning']), course('community-de', 'de', ['community-management']), course('analytics-sv', 'sv', ['analytics-reporting', 'strategy-planning'])];

  it('prefers courses in the learner\'s language and says so honestly when there is none', () => {
    expect(coursesFor('strategy-planning', courses, 'en').courses.map((c) => c.id)).toEqual(['strategy-en']);
    const german = coursesFor('analytics-reporting', courses, 'de');
    expect(german.courses).toEqual([]);
    expect(german.otherLanguages.map((c) => c.id)).toEqual(['analytics-sv']);
    expect(coursesFor('paid-social', courses, 'en')).toEqual({ courses: [], otherLanguages: [] });
  });

  it('builds a learning path from the largest gaps, in the learner\'s language where possible, each course once', () => {
    const result = scoreAssessment(input({ functions: everywhere({ skill: 1, inclination: 3, scenariosRight: 0, scenariosTotal: 2 }) }));
    // Gaps: strategy, analytics, content. In Swedish one course covers both strategy and analytics.
    expect(learningPath(result, courses, 'sv').map((c) => c.id)).toEqual(['analytics-sv']);
    // In German there is none for those gaps, so the path offers the closest courses in other languages.
    expect(learningPath(result, courses, 'de').map((c) => c.id)).toEqual(['strategy-en', 'analytics-sv']);
  });

  it('compares two attempts per function', () => {
    const before = scoreAssessment(input());
    const after = scoreAssessment(input({ functions: everywhere({ skill: 4, inclination: 3, scenariosRight: 2, scenariosTotal: 2 }) }));
    const change = compareResults(before, after);
    expect(change).toHaveLength(10);
    expect(change[0]).toEqual({ id: 'content-creation', before: 3, after: 4.4, change: 1.4 });
  });
});

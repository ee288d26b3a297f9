/**
 * Scoring of the skills-gap self-assessment: a documented pure function.
 *
 * For each of the ten functions:
 * - scenario level = 1 + 4 × (share of scenario questions answered with the best answer), so
 *   all right = 5, none right = 1;
 * - skill = 60 % self-rating + 40 % scenario level. Self-ratings alone overestimate skill; the
 *   scenarios pull them towards what the answers showed. A self-rating two or more points above
 *   the scenario level is flagged as possibly overestimated;
 * - importance = the weight of the function for the learner's role (1-5) plus a boost of 0-2
 *   for their goal, capped at 5;
 * - gap = importance − skill (negative: a strength beyond what the role needs);
 * - fit = 60 % inclination + 40 % skill: what the learner would enjoy and can build on.
 * The recommended function is the one with the best fit among those the learner would enjoy
 * (inclination 3 or more, fit 3 or more); gaps below 0.5 are not listed. Functions that matter (importance 4 or
 * more) but that the learner would not enjoy (inclination 2 or less) and is not strong in
 * (skill below 3) are candidates to delegate or buy in. All values are rounded to one decimal.
 */
import type { GoalId, RoleId } from './schema.ts';

export const FUNCTION_IDS = [
  'content-creation',
  'community-management',
  'social-customer-care',
  'strategy-planning',
  'analytics-reporting',
  'paid-social',
  'social-selling',
  'social-commerce',
  'governance-legal',
  'crisis-reputation',
] as const;
export type FunctionId = (typeof FUNCTION_IDS)[number];

type Weights = Record<FunctionId, number>;
const weights = (values: number[]): Weights => Object.fromEntries(FUNCTION_IDS.map((id, i) => [id, values[i]])) as Weights;

/** How much each function matters in a role (order as FUNCTION_IDS). */
export const ROLE_WEIGHTS: Record<RoleId, Weights> = {
  // One person does everything: breadth matters, and legal slips hit the company directly.
  'solo-generalist': weights([4, 4, 3, 4, 3, 3, 2, 2, 4, 3]),
  // In a team the work is split: a solid core, depth comes from the goal.
  'team-member': weights([3, 3, 3, 3, 3, 3, 2, 2, 3, 3]),
  // Agencies sell production, campaigns and proof of results.
  agency: weights([5, 3, 2, 4, 4, 5, 2, 3, 3, 3]),
  // Consultants sell strategy and insight, and must win their own clients.
  freelance: weights([3, 2, 2, 5, 4, 3, 4, 2, 3, 3]),
  // Newcomers need the foundations first.
  'career-changer': weights([4, 4, 3, 3, 3, 2, 2, 2, 3, 2]),
};

/** Which functions a goal makes more important (added to the role weight). */
export const GOAL_BOOSTS: Record<GoalId, Partial<Weights>> = {
  reach: { 'content-creation': 2, 'paid-social': 2, 'analytics-reporting': 1 },
  'leads-sales': { 'social-selling': 2, 'social-commerce': 2, 'paid-social': 1, 'analytics-reporting': 1 },
  'customer-dialogue': { 'community-management': 2, 'social-customer-care': 2, 'crisis-reputation': 1 },
  reputation: { 'crisis-reputation': 2, 'governance-legal': 2, 'community-management': 1 },
  'plan-measure': { 'strategy-planning': 2, 'analytics-reporting': 2 },
  career: { 'strategy-planning': 1, 'content-creation': 1, 'community-management': 1 },
};

export interface FunctionAnswer {
  /** Self-rating 1-5. */
  skill: number;
  /** Enjoyment 1-5. */
  inclination: number;
  /** Number of scenario questions answered with the best answer, and how many there were. */
  scenariosRight: number;
  scenariosTotal: number;
}

export interface ScoringInput {
  role: RoleId;
  goal: GoalId;
  functions: Record<FunctionId, FunctionAnswer>;
}

export interface FunctionScore {
  id: FunctionId;
  selfRating: number;
  scenarioLevel: number;
  skill: number;
  importance: number;
  gap: number;
  inclination: number;
  fit: number;
  /** The self-rating is two or more points above what the scenarios showed. */
  overestimated: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
/** Smaller differences are within the uncertainty of a self-assessment and not called gaps. */
export const MIN_GAP = 0.5;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function scoreFunctions(input: ScoringInput): FunctionScore[] {
  return FUNCTION_IDS.map((id) => {
    const answer = input.functions[id];
    const share = answer.scenariosTotal > 0 ? answer.scenariosRight / answer.scenariosTotal : 0;
    const scenarioLevel = 1 + 4 * share;
    const skill = round1(0.6 * answer.skill + 0.4 * scenarioLevel);
    const importance = clamp(ROLE_WEIGHTS[input.role][id] + (GOAL_BOOSTS[input.goal][id] ?? 0), 1, 5);
    return {
      id,
      selfRating: answer.skill,
      scenarioLevel: round1(scenarioLevel),
      skill,
      importance,
      gap: round1(importance - skill),
      inclination: answer.inclination,
      fit: round1(0.6 * answer.inclination + 0.4 * skill),
      overestimated: answer.skill - scenarioLevel >= 2,
    };
  });
}

export interface Recommendation {
  axis: 'function' | 'platform' | 'industry';
  id: string;
  /** Why: keys and values the results page turns into a sentence. */
  reason: { key: 'fit' | 'platform' | 'industry'; fit?: number; inclination?: number; skill?: number };
}

export interface AssessmentResult {
  functions: FunctionScore[];
  /** The three largest positive gaps, largest first. */
  gaps: FunctionScore[];
  /** One to three recommended specializations, one per axis. */
  recommendations: Recommendation[];
  /** Important functions the learner would not enjoy and is not strong in: delegate or buy in. */
  delegate: FunctionScore[];
}

export interface ResultInput extends ScoringInput {
  /** Platform-axis ids the learner's target group uses, most important first. */
  platforms: string[];
  /** Industry-axis id, if given. */
  industry?: string;
}

export function scoreAssessment(input: ResultInput): AssessmentResult {
  const functions = scoreFunctions(input);
  const gaps = functions
    .filter((f) => f.gap >= MIN_GAP)
    .sort((a, b) => b.gap - a.gap || b.importance - a.importance)
    .slice(0, 3);
  const ranked = [...functions].sort((a, b) => b.fit - a.fit || b.skill - a.skill || b.importance - a.importance);
  // Only recommend a function the learner would enjoy; otherwise say that there is no clear fit yet.
  const bestFit = ranked.find((f) => f.inclination >= 3 && f.fit >= 3);
  const recommendations: Recommendation[] = bestFit
    ? [{ axis: 'function', id: bestFit.id, reason: { key: 'fit', fit: bestFit.fit, inclination: bestFit.inclination, skill: bestFit.skill } }]
    : [];
  if (input.platforms[0]) recommendations.push({ axis: 'platform', id: input.platforms[0], reason: { key: 'platform' } });
  if (input.industry) recommendations.push({ axis: 'industry', id: input.industry, reason: { key: 'industry' } });
  const delegate = functions
    .filter((f) => f.importance >= 4 && f.inclination <= 2 && f.skill < 3 && f.id !== bestFit?.id)
    .sort((a, b) => b.importance - a.importance || a.fit - b.fit);
  return { functions, gaps, recommendations, delegate };
}

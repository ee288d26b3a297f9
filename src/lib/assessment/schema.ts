/**
 * The self-assessment content contract: one file per function with the self-rating, its
 * anchors, the inclination question and two scenario questions; and context.yaml with the
 * roles and goals. Every text exists in English, German and Swedish.
 */
import { z } from 'astro/zod';

const text = z.string().trim().min(1, 'must not be empty');
/** A text in every interface language. */
export const localizedSchema = z.strictObject({
  /** English. */
  en: text,
  /** German. */
  de: text,
  /** Swedish. */
  sv: text,
});
export type Localized = z.infer<typeof localizedSchema>;

export const ROLE_IDS = ['solo-generalist', 'team-member', 'agency', 'freelance', 'career-changer'] as const;
export type RoleId = (typeof ROLE_IDS)[number];
export const GOAL_IDS = ['reach', 'leads-sales', 'customer-dialogue', 'reputation', 'plan-measure', 'career'] as const;
export type GoalId = (typeof GOAL_IDS)[number];

export const scenarioSchema = z.strictObject({
  /** Stable id, unique within the function. */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** The situation and the question. */
  prompt: localizedSchema,
  /** Three or four options, exactly one marked best. */
  options: z
    .array(
      z.strictObject({
        /** The option. */
        text: localizedSchema,
        /** The best answer. */
        best: z.boolean().default(false),
      }),
    )
    .min(3)
    .max(4),
});

export const assessmentItemSchema = z.strictObject({
  /** Function-axis specialization id this item assesses. */
  function: z.string(),
  /** The self-rating 1-5 with described anchors. */
  skill: z.strictObject({
    /** The question. */
    prompt: localizedSchema,
    /** What levels 1, 3 and 5 look like in practice. */
    anchors: z.strictObject({ 1: localizedSchema, 3: localizedSchema, 5: localizedSchema }),
  }),
  /** How much the learner would enjoy the work, 1-5. */
  inclination: z.strictObject({
    /** The question. */
    prompt: localizedSchema,
  }),
  /** One or two scenario questions with a best answer. */
  scenarios: z.array(scenarioSchema).min(1).max(2),
});
export type AssessmentItem = z.infer<typeof assessmentItemSchema>;

export const assessmentContextSchema = z.strictObject({
  /** The learner's role, for how important each function is to them. */
  roles: z.strictObject(Object.fromEntries(ROLE_IDS.map((id) => [id, localizedSchema])) as Record<RoleId, typeof localizedSchema>),
  /** What the learner wants to achieve. */
  goals: z.strictObject(Object.fromEntries(GOAL_IDS.map((id) => [id, localizedSchema])) as Record<GoalId, typeof localizedSchema>),
});
export type AssessmentContext = z.infer<typeof assessmentContextSchema>;

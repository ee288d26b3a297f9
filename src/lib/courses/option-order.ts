/**
 * The order in which answer options are shown. Shuffled so that position gives nothing away, and
 * seeded so that one learner sees the same order on every visit while two learners see different
 * ones. Answers stay keyed on the option's index in the content (its stable identity).
 */
import { createHash } from 'node:crypto';

/** A permutation of 0…count-1 determined by `seed` (SHA-256 seeded mulberry32, Fisher–Yates). */
export function shuffledOrder(seed: string, count: number): number[] {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Who a quiz is shown to: a learner's id, or one shared seed for visitors (who cannot save answers). */
export function optionSeed(userId: string | null | undefined, courseSlug: string): string {
  return `${userId ?? 'visitor'}|${courseSlug}`;
}

/** The option order of one question for one reader: `task` is the quiz task id or `final-assessment`. */
export function optionOrder(seed: string, task: string, questionId: string, count: number): number[] {
  return shuffledOrder(`${seed}|${task}|${questionId}`, count);
}

/** A neutral order for print (the same for everyone, and not the order the author wrote). */
export function printOrder(questionPrompt: string, count: number): number[] {
  return shuffledOrder(`print|${questionPrompt}`, count);
}

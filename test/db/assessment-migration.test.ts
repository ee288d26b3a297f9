/** Migration 0005 keeps stored self-assessment answers meaning the same after the best options moved. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { freshDb } from '../support/db.ts';
import { root } from '../support/server.ts';

describe('migration 0005: best options moved', () => {
  it('swaps a stored best answer with its new position and leaves other answers other answers', () => {
    const db = freshDb();
    const answers = {
      role: 'team-member',
      goal: 'reach',
      platforms: [],
      functions: {
        'analytics-reporting': { skill: 3, inclination: 3, scenarios: { 'likes-not-leads': 0, 'overnight-spike': 1 } },
        'community-management': { skill: 2, inclination: 4, scenarios: { 'heated-thread': 2 } },
      },
    };
    db.$client.prepare("insert into assessments (id, language, answers, created_at) values ('a1', 'en', ?, 0)").run(JSON.stringify(answers));
    const file = readdirSync(path.join(root, 'drizzle')).find((f) => f.startsWith('0005_'))!;
    for (const statement of readFileSync(path.join(root, 'drizzle', file), 'utf8').split('--> statement-breakpoint')) db.$client.exec(statement);
    const after = JSON.parse((db.$client.prepare("select answers from assessments where id = 'a1'").get() as { answers: string }).answers);
    // likes-not-leads: the best answer moved from 0 to 2; overnight-spike: from 0 to 1 (the stored 1 was another answer, now at 0).
    expect(after.functions['analytics-reporting'].scenarios).toEqual({ 'likes-not-leads': 2, 'overnight-spike': 0 });
    expect(after.functions['community-management'].scenarios['heated-thread']).toBe(2);
  });
});

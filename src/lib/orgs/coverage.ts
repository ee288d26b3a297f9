/**
 * The team coverage map: for each of the ten functions, who on the team is strong, who is
 * learning it, and where there is no one, with the advice that follows (DOMAIN.md: train
 * specializations, split functions across people, buy in what nobody covers).
 *
 * Evidence, strongest first:
 * - a certificate or a completion of a course tagged with the function: strong;
 * - a shared self-assessment with a skill of 3.5 or more in the function: strong (self-assessed);
 * - enrolled in, or assigned, such a course and not yet completed: learning;
 * - a shared self-assessment with an inclination of 4 or more: interested (a candidate to train).
 * Self-assessments count only while their owner shares them with this organisation (access.ts).
 */
import { and, desc, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assessments } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { FUNCTION_IDS, scoreFunctions, type FunctionId } from '../assessment/scoring.ts';
import { scoringInput, type StoredAnswers } from '../assessment/answers.ts';
import type { AssessmentItem } from '../assessment/schema.ts';
import { membersSharingAssessment, type OrgAccess } from './access.ts';
import { targets } from './assignments.ts';
import { readTeamFacts, teamsOf } from './team-data.ts';

export const STRONG_SKILL = 3.5;
export const INTERESTED_INCLINATION = 4;
/** Someone strong in this many functions or more carries too much alone. */
export const OVERLOADED_FUNCTIONS = 4;

export type CellState = 'strong' | 'learning' | 'interested' | 'none';
export type Evidence = 'certificate' | 'completed' | 'self-assessed' | 'enrolled' | 'assigned' | 'inclination';

export interface Cell {
  state: CellState;
  evidence: Evidence | null;
}

export interface CoverageMember {
  userId: string;
  name: string;
  team: string | null;
  cells: Record<FunctionId, Cell>;
}

export type FunctionStatus = 'gap' | 'learning-only' | 'single' | 'covered';

export interface FunctionCoverage {
  id: FunctionId;
  strong: { userId: string; name: string; evidence: Evidence }[];
  learning: { userId: string; name: string; evidence: Evidence }[];
  interested: { userId: string; name: string }[];
  status: FunctionStatus;
  /** Counts per team (`''` for members without a team), for the matrix. */
  byTeam: Map<string, { strong: number; learning: number }>;
}

export interface Coverage {
  functions: FunctionCoverage[];
  members: CoverageMember[];
  teams: string[];
  /** Members strong in many functions: split the work. */
  overloaded: { userId: string; name: string; functions: FunctionId[] }[];
  /** Functions nobody covers, learns or wants to: buy in support from outside. */
  buyIn: FunctionId[];
  /** Functions nobody covers yet but someone is learning or wants to: train them. */
  train: FunctionId[];
  /** Functions exactly one person covers: train a second (holidays, evenings, Sundays). */
  single: FunctionId[];
  sharing: number;
}

export interface CourseFunctions {
  slug: string;
  /** Function ids among the course's specializations. */
  functions: string[];
}

function latestSharedAssessments(db: Db, userIds: string[]): Map<string, StoredAnswers> {
  const latest = new Map<string, StoredAnswers>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = db
      .select({ userId: assessments.userId, answers: assessments.answers })
      .from(assessments)
      .where(and(isNotNull(assessments.userId), inArray(assessments.userId, userIds.slice(i, i + 500))))
      .orderBy(desc(assessments.createdAt))
      .all();
    for (const row of rows) if (row.userId && !latest.has(row.userId)) latest.set(row.userId, row.answers as StoredAnswers);
  }
  return latest;
}

const RANK: Record<CellState, number> = { strong: 3, learning: 2, interested: 1, none: 0 };

export function teamCoverage(db: Db, access: OrgAccess, courses: CourseFunctions[], items: Map<string, AssessmentItem>, team = ''): Coverage {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  const facts = readTeamFacts(db, access.org.id);
  const sharing = membersSharingAssessment(db, access.org.id);
  const allTeams = teamsOf(facts.members);
  const members = team ? facts.members.filter((m) => m.team === team) : facts.members;
  const shared = latestSharedAssessments(db, members.filter((m) => sharing.has(m.userId)).map((m) => m.userId));
  const functionsOf = new Map(courses.map((c) => [c.slug, c.functions.filter((f): f is FunctionId => (FUNCTION_IDS as readonly string[]).includes(f))]));

  const coverageMembers: CoverageMember[] = members.map((member) => {
    const cells = Object.fromEntries(FUNCTION_IDS.map((id) => [id, { state: 'none', evidence: null } as Cell])) as Record<FunctionId, Cell>;
    const raise = (id: FunctionId, state: CellState, evidence: Evidence) => {
      if (RANK[state] > RANK[cells[id].state]) cells[id] = { state, evidence };
    };
    const answers = shared.get(member.userId);
    if (answers) {
      for (const score of scoreFunctions(scoringInput(answers, items))) {
        if (score.skill >= STRONG_SKILL) raise(score.id, 'strong', 'self-assessed');
        else if (score.inclination >= INTERESTED_INCLINATION) raise(score.id, 'interested', 'inclination');
      }
    }
    for (const a of facts.assignments) {
      if (targets(a.target, member)) for (const f of functionsOf.get(a.courseSlug) ?? []) raise(f, 'learning', 'assigned');
    }
    for (const fact of member.courses) if (fact.enrolled) for (const f of functionsOf.get(fact.slug) ?? []) raise(f, 'learning', 'enrolled');
    // A completion outranks a self-rating: evidence beats opinion, so it replaces it.
    for (const fact of member.courses) {
      if (fact.completedAt) for (const f of functionsOf.get(fact.slug) ?? []) cells[f] = { state: 'strong', evidence: fact.certificateId ? 'certificate' : 'completed' };
    }
    return { userId: member.userId, name: member.name, team: member.team, cells };
  });

  const functions: FunctionCoverage[] = FUNCTION_IDS.map((id) => {
    const strong = coverageMembers.filter((m) => m.cells[id].state === 'strong').map((m) => ({ userId: m.userId, name: m.name, evidence: m.cells[id].evidence! }));
    const learning = coverageMembers.filter((m) => m.cells[id].state === 'learning').map((m) => ({ userId: m.userId, name: m.name, evidence: m.cells[id].evidence! }));
    const interested = coverageMembers.filter((m) => m.cells[id].state === 'interested').map((m) => ({ userId: m.userId, name: m.name }));
    const byTeam = new Map<string, { strong: number; learning: number }>();
    for (const m of coverageMembers) {
      const counts = byTeam.get(m.team ?? '') ?? { strong: 0, learning: 0 };
      if (m.cells[id].state === 'strong') counts.strong++;
      if (m.cells[id].state === 'learning') counts.learning++;
      byTeam.set(m.team ?? '', counts);
    }
    const status: FunctionStatus = strong.length >= 2 ? 'covered' : strong.length === 1 ? 'single' : learning.length > 0 ? 'learning-only' : 'gap';
    return { id, strong, learning, interested, status, byTeam };
  });

  const overloaded = coverageMembers
    .map((m) => ({ userId: m.userId, name: m.name, functions: FUNCTION_IDS.filter((id) => m.cells[id].state === 'strong') }))
    .filter((m) => m.functions.length >= OVERLOADED_FUNCTIONS)
    .sort((a, b) => b.functions.length - a.functions.length);
  return {
    functions,
    members: coverageMembers,
    teams: allTeams,
    overloaded,
    buyIn: functions.filter((f) => f.status === 'gap' && f.interested.length === 0).map((f) => f.id),
    train: functions.filter((f) => (f.status === 'gap' && f.interested.length > 0) || f.status === 'learning-only').map((f) => f.id),
    single: functions.filter((f) => f.status === 'single').map((f) => f.id),
    sharing: members.filter((m) => sharing.has(m.userId)).length,
  };
}

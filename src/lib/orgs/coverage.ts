/**
 * The team coverage map: for each of the ten functions, who on the team is strong, who is
 * learning it, and where there is no one, with the advice that follows (DOMAIN.md: train
 * specializations, split functions across people, buy in what nobody covers).
 *
 * Evidence, strongest first:
 * - a certificate or a completion of a course tagged with the function: strong (named a
 *   certificate when any completed course for it has one);
 * - a shared self-assessment with a skill of 3.5 or more in the function: strong (self-assessed);
 * - enrolled in, or assigned, such a course and not yet completed: learning;
 * - a shared self-assessment with an inclination of 4 or more: interested (a candidate to train).
 * Self-assessments count only while their owner shares them with this organisation (access.ts).
 */
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { FUNCTION_IDS, type FunctionId } from '../assessment/scoring.ts';
import { functionNumbers, readLatestNumbers, scoringFingerprint, storeFunctionNumbers, type FunctionNumbers } from '../assessment/stored-scores.ts';
import type { AssessmentItem } from '../assessment/schema.ts';
import { membersSharingAssessment, type OrgAccess } from './access.ts';
import { targets, type Assignment } from './assignments.ts';
import { readTeamProgress, teamsOf, type MemberProgress } from './team-data.ts';

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

/** What a member's courses and assignments say about one function, before any self-assessment. */
interface CourseEvidence {
  strong: Evidence | null;
  learning: Evidence | null;
}

function courseEvidence(member: Pick<MemberProgress, 'userId' | 'team' | 'courses'>, assignments: Assignment[], functionsOf: Map<string, FunctionId[]>): Record<FunctionId, CourseEvidence> {
  const evidence = Object.fromEntries(FUNCTION_IDS.map((id) => [id, { strong: null, learning: null }])) as Record<FunctionId, CourseEvidence>;
  // Assigned counts before enrolled as the evidence of learning; a completion makes the member strong, a certificate is the strongest evidence of it.
  for (const a of assignments) if (targets(a.target, member)) for (const f of functionsOf.get(a.courseSlug) ?? []) evidence[f].learning = 'assigned';
  for (const state of member.courses) {
    for (const f of functionsOf.get(state.slug) ?? []) {
      if (state.enrolled) evidence[f].learning ??= 'enrolled';
      if (state.completed && evidence[f].strong !== 'certificate') evidence[f].strong = state.certified ? 'certificate' : 'completed';
    }
  }
  return evidence;
}

/** Every cell there can be, made once: members share them (read them, never change them). */
const CELL = {
  none: { state: 'none', evidence: null },
  certificate: { state: 'strong', evidence: 'certificate' },
  completed: { state: 'strong', evidence: 'completed' },
  'self-assessed': { state: 'strong', evidence: 'self-assessed' },
  assigned: { state: 'learning', evidence: 'assigned' },
  enrolled: { state: 'learning', evidence: 'enrolled' },
  inclination: { state: 'interested', evidence: 'inclination' },
} as const satisfies Record<Evidence | 'none', Cell>;

/**
 * A member's cell per function. A completion outranks a self-rating (evidence beats opinion); a
 * strong self-rating outranks learning; learning outranks an inclination.
 */
function cellsOf(evidence: Record<FunctionId, CourseEvidence>, numbers: FunctionNumbers | undefined): Record<FunctionId, Cell> {
  const cells = {} as Record<FunctionId, Cell>;
  FUNCTION_IDS.forEach((id, i) => {
    const skill = numbers ? numbers[2 * i] : 0;
    const inclination = numbers ? numbers[2 * i + 1] : 0;
    const { strong, learning } = evidence[id];
    cells[id] = CELL[strong ?? (skill >= STRONG_SKILL ? 'self-assessed' : (learning ?? (inclination >= INTERESTED_INCLINATION ? 'inclination' : 'none')))];
  });
  return cells;
}

/**
 * The map for the whole organisation or one team. Members with the same team, digest and no
 * shared self-assessment or assignment of their own have the same cells: worked out once per group.
 */
export function teamCoverage(db: Db, access: OrgAccess, courses: CourseFunctions[], items: Map<string, AssessmentItem>, team = ''): Coverage {
  if (!access.isAdmin) throw new AppError(403, 'error.forbidden');
  // One snapshot: the digests, who shares and what they shared agree.
  const fingerprint = scoringFingerprint(items);
  const { facts, sharing, members, shared } = db.$client.transaction(() => {
    const facts = readTeamProgress(db, access.org.id);
    const sharing = membersSharingAssessment(db, access.org.id);
    const members = team ? facts.members.filter((m) => m.team === team) : facts.members;
    return { facts, sharing, members, shared: readLatestNumbers(db, members.filter((m) => sharing.has(m.userId)).map((m) => m.userId), fingerprint) };
  })();
  // Assessments never scored with this content and scoring code: scored once now, and kept.
  if (shared.stale.length > 0) {
    const scored = shared.stale.map(({ userId, assessmentId, answers }) => ({ userId, assessmentId, numbers: functionNumbers(answers, items) }));
    db.transaction((tx) => storeFunctionNumbers(tx, scored, fingerprint));
    for (const { userId, numbers } of scored) shared.numbers.set(userId, numbers);
  }
  const allTeams = teamsOf(facts.members);
  const functionsOf = new Map(courses.map((c) => [c.slug, c.functions.filter((f): f is FunctionId => (FUNCTION_IDS as readonly string[]).includes(f))]));
  const ownAssignment = new Set(facts.assignments.filter((a) => a.target.startsWith('member:')).map((a) => a.target.slice('member:'.length)));

  // Cells depend on the place and on what the self-assessment says per function (strong,
  // interested or neither: a number in base 3), so members who agree on both share them.
  const byPlace = new Map<string, { evidence: Record<FunctionId, CourseEvidence>; cells: Map<number, Record<FunctionId, Cell>> }>();
  const coverageMembers: CoverageMember[] = members.map((member) => {
    const numbers = shared.numbers.get(member.userId);
    const own = ownAssignment.has(member.userId);
    const place = `${member.team ?? ''}\u0000${member.digest}`;
    let known = own ? undefined : byPlace.get(place);
    if (!known) {
      known = { evidence: courseEvidence(member, facts.assignments, functionsOf), cells: new Map() };
      if (!own) byPlace.set(place, known);
    }
    let said = 0;
    if (numbers) for (let i = FUNCTION_IDS.length - 1; i >= 0; i--) said = said * 3 + (numbers[2 * i] >= STRONG_SKILL ? 2 : numbers[2 * i + 1] >= INTERESTED_INCLINATION ? 1 : 0);
    let cells = known.cells.get(said);
    if (!cells) known.cells.set(said, (cells = cellsOf(known.evidence, numbers)));
    return { userId: member.userId, name: member.name, team: member.team, cells };
  });

  // One pass over the members: the lists per function, and the counts per team for the matrix.
  // A member's entry for one kind of evidence is made once and shared by every function it stands for.
  type Person = FunctionCoverage['strong'][number];
  const lists = FUNCTION_IDS.map((id) => ({ id, strong: [] as Person[], learning: [] as Person[], interested: [] as FunctionCoverage['interested'] }));
  const teamCounts = new Map<string, { strong: number; learning: number }[]>();
  for (const m of coverageMembers) {
    let counts = teamCounts.get(m.team ?? '');
    if (!counts) teamCounts.set(m.team ?? '', (counts = FUNCTION_IDS.map(() => ({ strong: 0, learning: 0 }))));
    const entries: Partial<Record<Evidence, Person>> = {};
    const entry = (evidence: Evidence) => (entries[evidence] ??= { userId: m.userId, name: m.name, evidence });
    let plain: { userId: string; name: string } | undefined;
    for (let i = 0; i < lists.length; i++) {
      const cell = m.cells[lists[i].id];
      if (cell.state === 'strong') {
        lists[i].strong.push(entry(cell.evidence!));
        counts[i].strong++;
      } else if (cell.state === 'learning') {
        lists[i].learning.push(entry(cell.evidence!));
        counts[i].learning++;
      } else if (cell.state === 'interested') lists[i].interested.push((plain ??= { userId: m.userId, name: m.name }));
    }
  }
  const functions: FunctionCoverage[] = lists.map(({ id, strong, learning, interested }, i) => {
    const byTeam = new Map([...teamCounts].map(([name, counts]) => [name, counts[i]]));
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

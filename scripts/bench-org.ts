/**
 * `npm run bench` (second part): the organisation dashboard and coverage map at scale. Seeds
 * 10,000 members with 5 assigned courses each and full progress rows (task answers, kept task
 * counts, completions for a fifth of them, a shared self-assessment for a tenth), then times the
 * server-side work of both pages (the functions the pages call, median of 15 runs after a warm-up);
 * last, the coverage map again with every member sharing a self-assessment.
 * Writes bench/results/<date>-org.json. Measured here, never asserted in tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb } from '../src/lib/db/client.ts';
import { createUser } from '../src/lib/auth/accounts.ts';
import { loadSessionUser } from '../src/lib/auth/sessions.ts';
import { checkContent, contentPaths } from '../src/lib/authoring/check.ts';
import { validateAssessment } from '../src/lib/assessment/validate.ts';
import { readYamlFiles } from '../src/lib/courses/source.ts';
import { structureFromValidated } from '../src/lib/courses/structure.ts';
import { FUNCTION_IDS } from '../src/lib/assessment/scoring.ts';
import { createOrganisation } from '../src/lib/orgs/organisations.ts';
import { requireOrgAdmin } from '../src/lib/orgs/access.ts';
import { orgDashboard, parseDashboardFilters, dashboardCsv } from '../src/lib/orgs/dashboard.ts';
import { teamCoverage } from '../src/lib/orgs/coverage.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const root = path.resolve(import.meta.dirname, '..');
const workDir = mkdtempSync(path.join(os.tmpdir(), 'cw-bench-org-'));
const db = createDb(path.join(workDir, 'org.db'));
const { courses } = await checkContent();
const chosen = courses.filter((c) => !c.meta.draft && c.meta.language === 'en').slice(0, 5);
const structures = chosen.map(structureFromValidated);
const courseInfo = chosen.map((c, i) => {
  const s = structures[i];
  return { slug: c.slug, title: c.meta.title, steps: s.lessons.reduce((n, l) => n + l.taskIds.length, 0) + s.final.taskIds.length + 1, functions: c.meta.specializations };
});

const ownerId = await createUser(db, { name: 'Bench Owner', email: 'owner@bench.example', password: 'bench-password-123' });
const owner = loadSessionUser(db, ownerId)!;
const slug = createOrganisation(db, owner, { name: 'Bench Org', note: '' });
const access = requireOrgAdmin(db, owner, slug);

const seedStarted = performance.now();
const sql = db.$client;
const insertUser = sql.prepare("insert into users (id, email, name, email_verified_at, language) values (?, ?, ?, unixepoch(), 'en')");
const insertMember = sql.prepare("insert into organisation_members (organisation_id, user_id, role, team, seat) values (?, ?, 'member', ?, '*')");
const insertEnrolment = sql.prepare('insert into enrolments (user_id, course_slug, tasks_done) values (?, ?, ?)');
const insertResponse = sql.prepare("insert into task_responses (user_id, course_slug, lesson_slug, task_id, kind, answer, completed_at, updated_at) values (?, ?, ?, ?, 'reflection', '{}', unixepoch(), unixepoch())");
const insertCompletion = sql.prepare('insert into course_completions (user_id, course_slug, course_version, final_percent, completed_at) values (?, ?, 1, 90, unixepoch())');
const insertAssessment = sql.prepare("insert into assessments (id, user_id, language, answers, created_at) values (?, ?, 'en', ?, ?)");
const shareAssessment = sql.prepare('update organisation_members set assessment_shared_at = unixepoch() where user_id = ?');
const teams = ['Communications', 'Customer care', 'Marketing', 'Sales', 'HR'];
const answers = JSON.stringify({ role: 'team-member', goal: 'career', platforms: [], functions: Object.fromEntries(FUNCTION_IDS.map((id, i) => [id, { skill: 1 + (i % 5), inclination: 5 - (i % 5), scenarios: {} }])) });
let responses = 0;
sql.transaction(() => {
  for (let n = 0; n < MEMBERS; n++) {
    const id = randomUUID();
    insertUser.run(id, `member${n}@bench.example`, `Member ${n}`);
    insertMember.run(access.org.id, id, teams[n % teams.length]);
    structures.forEach((course, c) => {
      // Full progress rows: every task of every lesson answered (so the database is as large as it gets).
      const taskIds = course.lessons.flatMap((l) => l.taskIds.map((t) => [l.slug, t]));
      for (const [lesson, task] of taskIds) insertResponse.run(id, course.slug, lesson, task);
      responses += taskIds.length;
      insertEnrolment.run(id, course.slug, taskIds.length);
      if ((n + c) % 5 === 0) insertCompletion.run(id, course.slug);
    });
    if (n % 10 === 0) {
      insertAssessment.run(randomUUID(), id, answers, Date.now());
      shareAssessment.run(id);
    }
  }
  const insertAssignment = sql.prepare("insert into organisation_assignments (organisation_id, course_slug, target, due_at, reminder_offsets, created_by) values (?, ?, 'everyone', unixepoch() + 86400 * 30, '[7,1,-1]', ?)");
  for (const course of structures) insertAssignment.run(access.org.id, course.slug, ownerId);
})();
const seedSeconds = (performance.now() - seedStarted) / 1000;
sql.pragma('optimize');

// The real self-assessment content, so shared assessments are scored as on the site.
const { items } = validateAssessment(await readYamlFiles(contentPaths().assessmentDir!, root));

function time(label: string, run: () => unknown) {
  run();
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const result = { label, medianMs: Math.round(samples[7] * 10) / 10, minMs: Math.round(samples[0] * 10) / 10, maxMs: Math.round(samples[14] * 10) / 10 };
  console.log(`${label.padEnd(40)} median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs})`);
  return result;
}

const filters = parseDashboardFilters(new URLSearchParams());
const results = [
  time('dashboard, first page, no filter', () => orgDashboard(db, access, courseInfo, filters)),
  time('dashboard, team and overdue filter', () => orgDashboard(db, access, courseInfo, parseDashboardFilters(new URLSearchParams('team=Sales&status=in-progress')))),
  time('coverage map, whole organisation', () => teamCoverage(db, access, courseInfo, items)),
  time('coverage map, one team', () => teamCoverage(db, access, courseInfo, items, 'Sales')),
  time('CSV export, everyone', () => dashboardCsv(db, access, courseInfo, filters, 'http://bench.example')),
];
// Beyond the case: every member shares a self-assessment. The first read scores the 9,000
// new ones and stores their numbers (as saving them on the site would have); later reads use them.
sql.transaction(() => {
  const unshared = sql.prepare("select user_id from organisation_members where organisation_id = ? and role = 'member' and assessment_shared_at is null").pluck().all(access.org.id) as string[];
  for (const id of unshared) {
    insertAssessment.run(randomUUID(), id, answers, Date.now());
    shareAssessment.run(id);
  }
})();
const firstReadStarted = performance.now();
teamCoverage(db, access, courseInfo, items);
const firstReadMs = Math.round(performance.now() - firstReadStarted);
console.log(`${'coverage map, everyone sharing: first read'.padEnd(40)} ${firstReadMs} ms (scores and stores 9,000 assessments)`);
results.push({ label: 'coverage map, everyone sharing: first read (scores and stores)', medianMs: firstReadMs, minMs: firstReadMs, maxMs: firstReadMs });
results.push(time('coverage map, everyone sharing', () => teamCoverage(db, access, courseInfo, items)));

const memory = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(`${MEMBERS} members, ${structures.length} courses each, ${responses} task answers seeded in ${seedSeconds.toFixed(1)} s; RSS ${memory} MB`);
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = path.join(root, 'bench/results', `${new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-')}-org.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: `${os.cpus().length} cores, Node ${process.version}`, members: MEMBERS, courses: structures.length, taskAnswers: responses, seedSeconds, rssMb: memory, results }, null, 2) + '\n');
console.log(`Written to ${path.relative(root, file)}`);
db.$client.close();
// The seeded database is about 430 MB: it goes when the run is done.
rmSync(workDir, { recursive: true, force: true });

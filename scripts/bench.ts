/**
 * `npm run bench`: how close the platform comes to serving static files.
 *
 * Builds the site (timed), seeds a realistic database (every published course, 20,000 learners
 * with a few million task answers, one organisation of 10,000 of them), starts the server as
 * production does (`scripts/start.mjs`: a process per core, WAL database) and loads it with
 * autocannon from a separate process (`scripts/bench-load.mjs`). The first row is the physical
 * limit: the signed-in lesson's own HTML saved into `dist/client/` and served as a file by the same
 * server. Every other row is compared with it.
 *
 * Prints a table and writes `bench/results.json` (the latest full run) and
 * `bench/results/<date>.json` (the history). `--quick` (or BENCH_QUICK=1) runs the same steps with
 * a small data set and short runs and writes nothing into bench/: `.ci/run` uses it so the
 * benchmark keeps working. Timings are measured here, never asserted in tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDb } from '../src/lib/db/client.ts';
import { createUser } from '../src/lib/auth/accounts.ts';
import { loadSessionUser, SESSION_COOKIE, startSession } from '../src/lib/auth/sessions.ts';
import { checkContent } from '../src/lib/authoring/check.ts';
import { structureFromValidated } from '../src/lib/courses/structure.ts';
import { sampleAnswerForm, seedDemoData } from '../src/lib/demo/demo-data.ts';
import { createOrganisation } from '../src/lib/orgs/organisations.ts';
import { freePort } from '../test/support/server.ts';

const root = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const settings = quick
  ? { learners: 300, orgMembers: 100, coursesEach: 3, connections: 10, seconds: 1, saves: 300, saveLearners: 50 }
  : { learners: 20_000, orgMembers: 10_000, coursesEach: 7, connections: 50, seconds: Number(process.env.BENCH_SECONDS ?? 8), saves: 16_000, saveLearners: 2_000 };
// BENCH_ONLY=<words> runs only the scenarios whose names contain them (and the static row), for
// trying one change quickly; results then go to a temporary folder like quick mode.
const only = process.env.BENCH_ONLY?.toLowerCase();
const preparePdfs = (process.env.PDF_PREPARE ?? (quick ? 'off' : 'on')) !== 'off';
const workDir = mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
const dbPath = path.join(workDir, 'bench.db');
const pdfCacheDir = path.join(workDir, 'pdf-cache');
const staticName = `bench-static-${process.pid}.html`;
const staticFile = path.join(root, 'dist', 'client', staticName);
const log = (line: string) => console.log(`[bench] ${line}`);

// 1. The build, timed: the course library is most of it.
log('building …');
const buildStarted = performance.now();
const build = spawnSync(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], { cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(1);
}
const buildSeconds = round((performance.now() - buildStarted) / 1000, 1);
log(`built in ${buildSeconds} s`);

// 2. The data set.
log('seeding …');
const seedStarted = performance.now();
const { courses: validated } = await checkContent();
const published = validated.filter((c) => !c.meta.draft);
const structures = published.map(structureFromValidated);
const lessonCourse = published.find((c) => c.meta.language === 'en' && c.meta.offers.some((o) => o.kind === 'free'))!;
const lessonStructure = structureFromValidated(lessonCourse);
const db = createDb(dbPath);
const sql = db.$client;
const password = 'bench-password-123';

// The learner whose lesson is measured: enrolled, with the first lesson done; the demo accounts
// (with a graduate holding a certificate) come from the demo seed.
await seedDemoData(db, [lessonCourse]);
const benchLearnerId = await createUser(db, { name: 'Bench Learner', email: 'bench@example.com', password });
const ownerId = await createUser(db, { name: 'Bench Owner', email: 'owner@bench.example', password });
const orgSlug = createOrganisation(db, loadSessionUser(db, ownerId)!, { name: 'Bench Org', note: '' });
const orgId = (sql.prepare('select id from organisations where slug = @slug').get({ slug: orgSlug }) as { id: string }).id;

const insertUser = sql.prepare("insert into users (id, email, name, email_verified_at, language) values (@id, @email, @name, unixepoch(), 'en')");
const insertEnrolment = sql.prepare('insert or ignore into enrolments (user_id, course_slug, tasks_done) values (@user, @course, @done)');
const insertResponse = sql.prepare("insert into task_responses (user_id, course_slug, lesson_slug, task_id, kind, answer, completed_at, updated_at) values (@user, @course, @lesson, @task, 'reflection', '{\"text\":\"seeded\"}', unixepoch(), unixepoch())");
const insertMember = sql.prepare("insert into organisation_members (organisation_id, user_id, role, team, seat) values (@org, @user, 'member', @team, '*')");
const teams = ['Communications', 'Customer care', 'Marketing', 'Sales', 'HR'];
let taskRows = 0;
/** Answers the first `lessons` lessons of a course for a learner, as the site would have stored them. */
function progress(user: string, course: (typeof structures)[number], lessons: number) {
  let done = 0;
  for (const lesson of course.lessons.slice(0, lessons)) {
    for (const task of lesson.taskIds) insertResponse.run({ user, course: course.slug, lesson: lesson.slug, task });
    done += lesson.taskIds.length;
  }
  insertEnrolment.run({ user, course: course.slug, done });
  taskRows += done;
}
sql.transaction(() => {
  for (let n = 0; n < settings.learners; n++) {
    const id = randomUUID();
    insertUser.run({ id, email: `learner${n}@bench.example`, name: `Learner ${n}` });
    for (let c = 0; c < settings.coursesEach; c++) {
      const course = structures[(n + c * 7) % structures.length];
      progress(id, course, (n * 7 + c * 3) % (course.lessons.length + 1));
    }
    if (n < settings.orgMembers) insertMember.run({ org: orgId, user: id, team: teams[n % teams.length] });
  }
  progress(benchLearnerId, lessonStructure, 1);
})();

// Learners who save answers during the run: enrolled in the lesson course, nothing answered yet,
// so every save is a new row and rows stored can be compared with saves acknowledged.
const saveTasks = lessonCourse.lessons.flatMap((lesson) => ('tasks' in lesson.meta ? lesson.meta.tasks : []).filter((t) => t.kind !== 'quiz').map((task) => ({ lesson: lesson.slug, task })));
const saveLearners: string[] = [];
sql.transaction(() => {
  for (let n = 0; n < settings.saveLearners; n++) {
    const id = randomUUID();
    insertUser.run({ id, email: `saver${n}@bench.example`, name: `Saver ${n}` });
    insertEnrolment.run({ user: id, course: lessonCourse.slug, done: 0 });
    saveLearners.push(id);
  }
})();
if (saveLearners.length * saveTasks.length < settings.saves) throw new Error('not enough learner-task pairs for the saves');
const cookieOf = async (userId: string) => `${SESSION_COOKIE}=${(await startSession(db, userId)).value}`;
const learnerCookie = await cookieOf(benchLearnerId);
const ownerCookie = await cookieOf(ownerId);
const saverCookies = await Promise.all(saveLearners.map(cookieOf));
const certificateId = (sql.prepare('select id from certificates limit 1').get() as { id: string }).id;
sql.pragma('optimize');
sql.pragma('wal_checkpoint(TRUNCATE)');
const counts = sql.prepare('select (select count(*) from users) as users, (select count(*) from task_responses) as answers, (select count(*) from enrolments) as enrolments').get() as Record<string, number>;
db.$client.close();
const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
log(`seeded ${published.length} courses, ${counts.users} accounts, ${counts.enrolments} enrolments, ${counts.answers} task answers in ${seedSeconds} s`);

// 3. The server, as `npm start` runs it.
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
  cwd: root,
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    SITE_URL: base,
    DATABASE_PATH: dbPath,
    DEMO_DATA: 'off',
    MAIL_OUTBOX_DIR: workDir,
    KEYS_DIR: path.join(workDir, 'keys'),
    PDF_CACHE_DIR: pdfCacheDir,
    // Quick mode does not wait a minute for every course PDF; the full run measures with them prepared.
    PDF_PREPARE: preparePdfs ? 'on' : 'off',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Whatever fails from here on, the server is stopped and the scratch folder removed.
process.on('exit', () => server.kill('SIGTERM'));
await waitForListening(server);
const processes = serverProcesses(server.pid!);
log(`server: ${processes.length} processes`);
const expectedPdfs = preparePdfs ? published.length * 2 : 0;
if (expectedPdfs) {
  log(`waiting for the ${expectedPdfs} course PDFs to be prepared …`);
  const pdfStarted = performance.now();
  const deadline = Date.now() + 15 * 60_000;
  while (countFiles(pdfCacheDir, '.pdf') < expectedPdfs) {
    if (Date.now() > deadline) throw new Error(`only ${countFiles(pdfCacheDir, '.pdf')} of ${expectedPdfs} course PDFs were prepared in 15 minutes (see the server log)`);
    await sleep(500);
  }
  log(`course PDFs prepared in about ${round((performance.now() - pdfStarted) / 1000, 0)} s after start`);
}

const lesson = lessonCourse.lessons[0];
const lessonPath = `/courses/${lessonCourse.slug}/${lesson.slug}`;
const signedInHtml = await (await fetch(base + lessonPath, { headers: { Cookie: learnerCookie } })).text();
if (!signedInHtml.includes('action="/sign-out"')) throw new Error('the lesson was not rendered for a signed-in learner');
writeFileSync(staticFile, signedInHtml);

try {
  // 4. Bytes per page type (HTML, and the CSS and JS each page loads), raw and gzipped.
  const pageTypes: [string, string, string?][] = [
    ['home', '/'],
    ['catalogue', '/courses'],
    ['course page', `/courses/${lessonCourse.slug}`],
    ['lesson, visitor', lessonPath],
    ['lesson, signed in', lessonPath, learnerCookie],
    ['dashboard', '/dashboard', learnerCookie],
    ['certificate page', `/certificates/${certificateId}`],
    ['organisation dashboard', `/org/${orgSlug}`, ownerCookie],
  ];
  const pageBytes = [];
  for (const [name, pagePath, cookie] of pageTypes) pageBytes.push({ page: name, ...(await bytesOf(pagePath, cookie)) });

  // 5. Load.
  const get = (name: string, pagePath: string, cookie?: string) => ({ name, url: base + pagePath, headers: cookie ? { Cookie: cookie } : {} });
  const scenarios = [
    get('static file (same bytes as the signed-in lesson)', `/${staticName}`),
    get('lesson, visitor', lessonPath),
    // Any cookie besides the language one bypasses the few seconds a public page is kept: this row is the rendering itself.
    { ...get('lesson, visitor, rendered each time', lessonPath), headers: { Cookie: 'bench=1' } },
    get('lesson, signed in with progress', lessonPath, learnerCookie),
    get('catalogue, visitor', '/courses'),
    get('dashboard, signed in', '/dashboard', learnerCookie),
    get('certificate page, visitor', `/certificates/${certificateId}`),
    get('certificate PDF (kept in memory)', `/certificates/${certificateId}/certificate.pdf`),
    get('course PDF (prepared file)', `/courses/${lessonCourse.slug}/pdf/course.pdf`, learnerCookie),
    get(`organisation dashboard (${settings.orgMembers} members)`, `/org/${orgSlug}`, ownerCookie),
  ];
  // Quick mode prepares no PDFs at start; the course PDF scenario measures downloads of a stored file.
  if (quick) await (await fetch(`${base}/courses/${lessonCourse.slug}/pdf/course.pdf`, { headers: { Cookie: learnerCookie } })).arrayBuffer();
  // Twenty people opening a new certificate's PDF at once: one typesetting per process, shared.
  const certificateBurst = await burst(`/certificates/${certificateId}/certificate.pdf`, 20);
  const rows: Row[] = [];
  for (const scenario of scenarios.filter((s, i) => i === 0 || !only || s.name.toLowerCase().includes(only))) {
    const result = await load({ ...scenario, connections: settings.connections, duration: settings.seconds });
    rows.push(row(scenario.name, result, 200));
  }

  const saveVariants = Array.from({ length: settings.saves }, (_, i) => {
    const learner = i % saveLearners.length;
    const { lesson: lessonSlug, task } = saveTasks[Math.floor(i / saveLearners.length) % saveTasks.length];
    const form = new URLSearchParams([...sampleAnswerForm(task).entries()].map(([k, v]) => [k, String(v)]));
    return { path: `/courses/${lessonCourse.slug}/${lessonSlug}`, method: 'POST', body: form.toString(), headers: { Cookie: saverCookies[learner], Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' } };
  });
  const saves = await load({ name: 'save an answer (POST, 303 to the page)', url: base, connections: settings.connections, amount: settings.saves, variants: saveVariants });
  const saveRow = row('save an answer (POST, 303 to the page)', saves, 303);
  const check = createDb(dbPath, { migrate: false });
  const rowsStored = (check.$client.prepare(`select count(*) as n from task_responses where user_id in (${saveLearners.map(() => '?').join(',')})`).get(...saveLearners) as { n: number }).n;
  check.$client.close();
  rows.push({ ...saveRow, savesAcknowledged: saves.statuses['303'] ?? 0, rowsStored });

  // 6. Does a PDF hold anything up? Lesson PDFs nobody asked for yet are typeset while a reader
  // loads a lesson page one request after another; compare with the same reader without PDFs.
  const pdfStall = await stallBehindPdfs(lessonCourse.lessons.slice(1, 9).map((l) => `/courses/${lessonCourse.slug}/pdf/${l.slug}.pdf`), lessonPath, learnerCookie);

  const staticRow = rows[0];
  for (const r of rows) {
    r.ratio = round(r.requestsPerSecond / staticRow.requestsPerSecond, 2);
    r.p99Ratio = round(r.latencyMs.p99 / Math.max(1, staticRow.latencyMs.p99), 1);
  }
  const memory = processes.map((pid) => ({ pid, peakRssMb: peakRss(pid) }));
  /** A ratio goal on the row whose name starts with `prefix` (not met when BENCH_ONLY left it out). */
  const ratioGoal = (name: string, prefix: string, field: 'ratio' | 'p99Ratio', met: (value: number) => boolean) => {
    const value = rows.find((r) => r.scenario.startsWith(prefix))?.[field];
    return goal(name, value !== undefined && met(value), value === undefined ? 'not run' : `${value}x`);
  };
  const goals = [
    ratioGoal('signed-in lesson: at least 0.5x the static rate', 'lesson, signed in', 'ratio', (v) => v >= 0.5),
    ratioGoal('signed-in lesson: p99 at most twice the static p99', 'lesson, signed in', 'p99Ratio', (v) => v <= 2),
    ratioGoal('visitor lesson: at least 0.5x', 'lesson, visitor', 'ratio', (v) => v >= 0.5),
    ratioGoal('catalogue: at least 0.5x', 'catalogue', 'ratio', (v) => v >= 0.5),
    ratioGoal('dashboard: at least 0.5x', 'dashboard', 'ratio', (v) => v >= 0.5),
    goal('saves: at least 2,000/s', saveRow.requestsPerSecond >= 2000, `${saveRow.requestsPerSecond}/s`),
    goal('saves: no errors', saveRow.errors === 0, `${saveRow.errors}`),
    goal('saves: rows stored equal saves acknowledged', rowsStored === (saves.statuses['303'] ?? 0), `${rowsStored} rows, ${saves.statuses['303'] ?? 0} acknowledged`),
    goal('no request waits more than 50 ms behind a PDF', pdfStall.worstExtraMs <= 50, `${pdfStall.worstExtraMs} ms`),
    goal('memory under 300 MB per process', lostProcesses() === 0 && memory.every((m) => m.peakRssMb < 300), lostProcesses() ? `${lostProcesses()} server processes died during the run` : memory.map((m) => `${m.peakRssMb} MB`).join(', ')),
    goal('npm start uses every core', processes.length === os.availableParallelism(), `${processes.length} processes, ${os.availableParallelism()} cores`),
  ];

  const result = {
    date: new Date().toISOString(),
    quick,
    machine: { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    settings,
    data: { courses: published.length, ...counts, organisationMembers: settings.orgMembers },
    buildSeconds,
    seedSeconds,
    serverProcesses: processes.length,
    // Settings of the server that were given to this run (unset ones take their defaults).
    serverEnvironment: Object.fromEntries(['WEB_CONCURRENCY', 'HEAP_MB', 'SEMI_SPACE_MB', 'PAGE_CACHE_SECONDS', 'LESSON_BODY_CACHE', 'PDF_THREADS'].filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
    scenarios: rows,
    certificatePdfBurst: certificateBurst,
    pdfStall,
    memory,
    pageBytes,
    goals,
  };

  console.log('');
  console.table(rows.map((r) => ({ scenario: r.scenario, 'req/s': r.requestsPerSecond, 'p50 ms': r.latencyMs.p50, 'p99 ms': r.latencyMs.p99, errors: r.errors, 'x static': r.ratio, 'p99 x static': r.p99Ratio, 'max RSS MB': r.rssMb, ...(r.rowsStored !== undefined ? { 'rows/acked': `${r.rowsStored}/${r.savesAcknowledged}` } : {}) })));
  console.table(pageBytes);
  console.log(`certificate PDF, 20 first requests at once: all answered in ${certificateBurst.allMs} ms`);
  console.log(`PDF stall: a reader's lesson took p50 ${pdfStall.baseline.p50} / max ${pdfStall.baseline.max} ms alone and p50 ${pdfStall.during.p50} / max ${pdfStall.during.max} ms while ${pdfStall.pdfs} lesson PDFs were typeset (${pdfStall.pdfMs} ms)`);
  console.log(`peak RSS per server process: ${memory.map((m) => `${m.peakRssMb} MB`).join(', ')}; build ${buildSeconds} s; seed ${seedSeconds} s`);
  console.table(goals);

  if (quick || only) {
    const file = path.join(os.tmpdir(), `cw-bench-result-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    log(`${quick ? 'quick mode' : 'BENCH_ONLY'}: written to ${file} (bench/ is left alone)`);
    const failures = rows.filter((r) => r.errors > 0 || r.answered === 0 || r.serverProcessesLost > 0);
    if (failures.length || rowsStored !== (saves.statuses['303'] ?? 0)) {
      console.error('[bench] quick run had failing scenarios:', failures.map((r) => r.scenario));
      process.exitCode = 1;
    }
  } else {
    const stamp = result.date.slice(0, 16).replace(/[:T]/g, '-');
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(path.join(root, 'bench/results', `${stamp}.json`), JSON.stringify(result, null, 2) + '\n');
    log(`written to bench/results.json and bench/results/${stamp}.json`);
  }
} finally {
  rmSync(staticFile, { force: true });
  await stop(server);
  rmSync(workDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

interface LoadResult {
  answered: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

interface Row {
  scenario: string;
  answered: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Connection errors, timeouts and answers other than the expected status. */
  errors: number;
  rssMb: number;
  ratio?: number;
  p99Ratio?: number;
  savesAcknowledged?: number;
  rowsStored?: number;
  /** Server processes that had died by the end of the scenario (a crash would hide in the figures otherwise). */
  serverProcessesLost: number;
}

function row(scenario: string, result: LoadResult, expected: number): Row {
  const unexpected = result.answered - (result.statuses[String(expected)] ?? 0);
  return {
    scenario,
    answered: result.answered,
    requestsPerSecond: result.requestsPerSecond,
    latencyMs: { p50: result.latencyMs.p50, p99: result.latencyMs.p99 },
    // autocannon's errors include its timeouts.
    errors: result.errors + unexpected,
    rssMb: Math.max(...processes.map(currentRss)),
    serverProcessesLost: lostProcesses(),
  };
}

/** Runs one scenario in the load-generator process and returns its summary. */
async function load(scenario: Record<string, unknown> & { name: string }): Promise<LoadResult> {
  const file = path.join(workDir, `scenario-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const child = spawn(process.execPath, [path.join(root, 'scripts/bench-load.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator failed for ${scenario.name}`);
  const result = JSON.parse(out) as LoadResult;
  log(`${scenario.name}: ${result.requestsPerSecond} req/s, p99 ${result.latencyMs.p99} ms`);
  return result;
}

/** Bytes of a page's HTML and of the stylesheets and scripts it loads, raw and gzipped. */
async function bytesOf(pagePath: string, cookie?: string) {
  const headers = { 'Accept-Encoding': 'identity', ...(cookie ? { Cookie: cookie } : {}) };
  const response = await fetch(base + pagePath, { headers });
  if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
  const html = Buffer.from(await response.arrayBuffer());
  const text = html.toString('utf8');
  const css = [...text.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const js = [...text.matchAll(/<script[^>]+src="([^"]+)"/g), ...text.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const assets = async (urls: string[]) => {
    let raw = 0;
    let gz = 0;
    for (const url of new Set(urls)) {
      const body = Buffer.from(await (await fetch(new URL(url, base), { headers })).arrayBuffer());
      raw += body.length;
      gz += gzipSync(body).length;
    }
    return { raw, gz };
  };
  const styles = await assets(css);
  const scripts = await assets(js);
  return { htmlBytes: html.length, htmlGzip: gzipSync(html).length, cssBytes: styles.raw, cssGzip: styles.gz, jsBytes: scripts.raw, jsGzip: scripts.gz };
}

/** `count` requests for the same URL at once; how long until the last one is answered. */
async function burst(pagePath: string, count: number) {
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: count }, async () => {
    const response = await fetch(base + pagePath);
    await response.arrayBuffer();
    return response.status;
  }));
  return { requests: count, allMs: Math.round(performance.now() - started), ok: statuses.filter((s) => s === 200).length };
}

/**
 * A reader requests `probePath` one request after another, first alone, then while `pdfPaths`
 * (not typeset yet) are requested all at once. The worst extra wait is the goal's measure.
 */
async function stallBehindPdfs(pdfPaths: string[], probePath: string, cookie: string) {
  const probe = async (until: () => boolean) => {
    const samples: number[] = [];
    while (!until()) {
      const started = performance.now();
      const response = await fetch(base + probePath, { headers: { Cookie: cookie } });
      await response.arrayBuffer();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return { requests: samples.length, p50: round(samples[Math.floor(samples.length / 2)] ?? 0, 1), max: round(samples.at(-1) ?? 0, 1) };
  };
  const aloneUntil = performance.now() + 2000;
  const baseline = await probe(() => performance.now() > aloneUntil);
  let done = false;
  const pdfStarted = performance.now();
  const pdfs = Promise.all(pdfPaths.map(async (p) => {
    const response = await fetch(base + p, { headers: { Cookie: cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${p} answered ${response.status}`);
  })).finally(() => (done = true));
  const during = await probe(() => done);
  await pdfs;
  const pdfMs = Math.round(performance.now() - pdfStarted);
  return { pdfs: pdfPaths.length, pdfMs, baseline, during, worstExtraMs: round(Math.max(0, during.max - baseline.max), 1) };
}

function goal(name: string, met: boolean, measured: string) {
  return { goal: name, measured, met };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function countFiles(dir: string, ending: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(ending)).length : 0;
}

/** The cluster's server processes (children of the `npm start` process), or that process alone. */
function serverProcesses(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.length ? children : [pid];
}

/** How many of the server processes seen at start are gone (the cluster replaces them with new pids). */
function lostProcesses(): number {
  return processes.filter((pid) => !existsSync(`/proc/${pid}`)).length;
}

function statusField(pid: number, field: string): number {
  try {
    return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}
function currentRss(pid: number): number {
  return statusField(pid, 'VmRSS');
}
function peakRss(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** Resolves once every server process listens (the cluster prints one line per process). */
function waitForListening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const wanted = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism()) || 1;
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output.slice(-2000)}`)), 120_000);
    let listening = false;
    // Read to the end (the request log keeps coming), but keep only what is needed to start.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening) return;
      output += chunk;
      if ((output.match(/listening on/gi) ?? []).length >= wanted) {
        listening = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * `npm run bench`: load on the built server with autocannon, over loopback: the catalogue, a lesson
 * for a visitor, a lesson and the dashboard for a signed-in learner, saving a task answer, and
 * certificates (verification page, PDF rendered per request, stored credential, status list) and
 * the cached course PDF.
 * Writes bench/results/<date>.json and prints a table. Timings are measured here, never asserted in tests.
 * Needs a build (npm run build). Uses its own database copy so it never touches data/app.db.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/lib/db/client.ts';
import { createUser } from '../src/lib/auth/accounts.ts';
import { checkContent } from '../src/lib/authoring/check.ts';
import { enrol } from '../src/lib/progress/progress.ts';
import { loadSessionUser } from '../src/lib/auth/sessions.ts';
import { structureFromValidated } from '../src/lib/courses/structure.ts';
import { sampleAnswerForm, seedDemoData } from '../src/lib/demo/demo-data.ts';

const root = path.resolve(import.meta.dirname, '..');
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const dbPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-bench-')), 'bench.db');
const db = createDb(dbPath);
const { courses } = await checkContent();
const course = courses.find((c) => c.meta.offers.some((o) => o.kind === 'free'))!;
const userId = await createUser(db, { name: 'Bench', email: 'bench@example.com', password: 'bench-password-123' });
enrol(db, loadSessionUser(db, userId)!, structureFromValidated(course));
// The demo data includes a graduate with a certificate.
await seedDemoData(db, [course]);
const certificateId = (db.$client.prepare('select id from certificates limit 1').get() as { id: string }).id;
db.$client.close();

const server = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs')], {
  cwd: root,
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_PATH: dbPath,
    MAIL_OUTBOX_DIR: path.dirname(dbPath),
    KEYS_DIR: path.join(path.dirname(dbPath), 'keys'),
    PDF_CACHE_DIR: path.join(path.dirname(dbPath), 'pdf-cache'),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve, reject) => {
  let log = '';
  server.stdout.on('data', (chunk: Buffer) => {
    log += chunk;
    const match = /listening on (http:\/\/\S+)/i.exec(log);
    if (match) resolve(match[1].replace(/\/$/, ''));
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const signIn = await fetch(`${base}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ email: 'bench@example.com', password: 'bench-password-123' }),
});
const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const lesson = course.lessons[0];
const task = 'tasks' in lesson.meta ? lesson.meta.tasks.find((t) => t.kind === 'reflection')! : null;
const answer = new URLSearchParams([...sampleAnswerForm(task!).entries()].map(([k, v]) => [k, String(v)])).toString();

const scenarios = [
  { name: 'catalogue, visitor', path: '/courses', headers: {} },
  { name: 'lesson, visitor', path: `/courses/${course.slug}/${lesson.slug}`, headers: {} },
  { name: 'lesson, signed in', path: `/courses/${course.slug}/${lesson.slug}`, headers: { Cookie: cookie } },
  { name: 'dashboard, signed in', path: '/dashboard', headers: { Cookie: cookie } },
  {
    name: 'save reflection, signed in',
    path: `/courses/${course.slug}/${lesson.slug}`,
    method: 'POST' as const,
    // A saved answer is answered with a redirect to the lesson (post/redirect/get): 303 is success here.
    expected: 303,
    body: answer,
    headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
  },
  { name: 'certificate page, visitor', path: `/certificates/${certificateId}`, headers: {} },
  { name: 'certificate PDF (kept in memory)', path: `/certificates/${certificateId}/certificate.pdf`, headers: {} },
  { name: 'credential JSON (stored)', path: `/certificates/${certificateId}/credential.json`, headers: {} },
  { name: 'status list (cached)', path: '/credentials/status/1', headers: {} },
  { name: 'course PDF (cached)', path: `/courses/${course.slug}/pdf/course.pdf`, headers: { Cookie: cookie } },
];
// Warm the caches the scenarios name (first signing, first course PDF), so they measure the steady state.
for (const warm of [`/certificates/${certificateId}/credential.json`, '/credentials/status/1', `/courses/${course.slug}/pdf/course.pdf`]) {
  const response = await fetch(base + warm, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`${warm} answered ${response.status}`);
  await response.arrayBuffer();
}

const results = [];
for (const scenario of scenarios) {
  const result = await autocannon({ url: base + scenario.path, connections: 10, duration, method: scenario.method ?? 'GET', body: scenario.body, headers: scenario.headers });
  const rssMb = Math.round(Number(server.pid ? (await import('node:fs')).readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0 : 0) / 1024);
  results.push({
    scenario: scenario.name,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    // Answers other than the scenario's expected status (2xx, or 303 for a saved answer).
    unexpected: 'expected' in scenario ? result.requests.total - (result.statusCodeStats?.[`${scenario.expected}` as `${number}`]?.count ?? 0) : result.non2xx,
    errors: result.errors,
    serverRssMb: rssMb,
  });
}
server.kill('SIGTERM');

const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = path.join(root, 'bench/results', `${stamp}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, durationSeconds: duration, connections: 10, results }, null, 2) + '\n');
console.table(results.map((r) => ({ scenario: r.scenario, 'req/s': r.requestsPerSecond, 'p50 ms': r.latencyMs.p50, 'p99 ms': r.latencyMs.p99, unexpected: r.unexpected, 'RSS MB': r.serverRssMb })));
console.log(`written to ${path.relative(root, file)}`);

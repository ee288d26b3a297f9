/**
 * A bounded fault test: the server is killed with SIGKILL while learners' answers are being
 * saved, then started again on the same database. The file must pass `integrity_check`, and
 * every answer the server acknowledged (200) before it died must be there, word for word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import { freshDbPath } from '../support/db.ts';
import { root, startServer, type RunningServer } from '../support/server.ts';
import { Client, uniqueEmail } from '../support/http.ts';
import { shippedCourses } from '../support/content.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { sampleAnswerForm } from '../../src/lib/demo/demo-data.ts';
import { tasksOf } from '../support/journey.ts';

const COURSE = 'social-media-foundation';
const PASSWORD = 'correct horse battery staple';
let dbPath: string;
let env: Record<string, string>;
let server: RunningServer | undefined;

beforeAll(() => {
  dbPath = freshDbPath();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-crash-'));
  env = { DATABASE_PATH: dbPath, MAIL_OUTBOX_DIR: dir, KEYS_DIR: path.join(dir, 'keys'), LOG_LEVEL: 'warn' };
});
afterAll(async () => {
  await server?.stop();
});

describe('a crash while answers are saved', () => {
  it('loses no acknowledged answer and leaves an intact database', async () => {
    const email = uniqueEmail('crash');
    const setup = createDb(dbPath);
    const userId = await createUser(setup, { name: 'Crash Tester', email, password: PASSWORD, verified: true });
    setup.$client.close();

    server = await startServer(path.join(root, 'dist-test'), env);
    const learner = new Client(server.url);
    await learner.signIn(email, PASSWORD);
    expect((await learner.post(`/courses/${COURSE}/enrol`, [])).status).toBe(303);

    const course = (await shippedCourses()).find((c) => c.slug === COURSE)!;
    const writes = course.lessons.flatMap((lesson) =>
      tasksOf(lesson).filter((t) => t.kind === 'reflection' || t.kind === 'practice').map((task) => ({ lesson: lesson.slug, task })),
    );
    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < writes.length) {
        const { lesson, task } = writes[next++];
        const form = sampleAnswerForm(task);
        const marker = `marker-${task.id}-${next}`;
        form.set('text', `${form.get('text')} ${marker}`);
        try {
          const page = await learner.post(`/courses/${COURSE}/${lesson}`, form);
          // A saved answer is acknowledged with the redirect to the lesson (post/redirect/get).
          if (page.status === 303) acknowledged.set(task.id, marker);
        } catch {
          // The connection died with the server: not acknowledged.
        }
        if (!killed && acknowledged.size >= 12) {
          killed = true;
          server!.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(12);
    await new Promise((resolve) => (server!.process.exitCode !== null || server!.process.signalCode ? resolve(null) : server!.process.once('exit', resolve)));

    // Started again on the same file: whole, and every acknowledged answer is there.
    server = await startServer(path.join(root, 'dist-test'), env);
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Map(
      (db.prepare('select task_id, answer from task_responses where user_id = ? and course_slug = ?').all(userId, COURSE) as { task_id: string; answer: string }[]).map((row) => [row.task_id, row.answer]),
    );
    db.close();
    for (const [taskId, marker] of acknowledged) expect(stored.get(taskId), taskId).toContain(marker);

    const again = new Client(server.url);
    await again.signIn(email, PASSWORD);
    expect((await again.get(`/courses/${COURSE}/${course.lessons[0].slug}`)).status).toBe(200);
  });
});

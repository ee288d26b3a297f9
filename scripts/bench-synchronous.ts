/**
 * `npx tsx scripts/bench-synchronous.ts`: what `synchronous = FULL` costs against `NORMAL` for the
 * writes the platform makes (one small transaction per saved answer), on this machine's disk.
 * Prints transactions per second for each; the decision is in docs/decisions/0012.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TRANSACTIONS = 3000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-sync-'));
for (const mode of ['NORMAL', 'FULL']) {
  const db = new Database(path.join(dir, `${mode}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${mode}`);
  db.exec('CREATE TABLE answers (id INTEGER PRIMARY KEY, user_id TEXT, task_id TEXT, answer TEXT, saved_at INTEGER)');
  const insert = db.prepare('INSERT INTO answers (user_id, task_id, answer, saved_at) VALUES (?, ?, ?, ?)');
  const save = db.transaction((i: number) => insert.run(`user-${i % 50}`, `task-${i % 120}`, JSON.stringify({ text: 'x'.repeat(400) }), Date.now()));
  const started = process.hrtime.bigint();
  for (let i = 0; i < TRANSACTIONS; i++) save(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${mode.padEnd(6)} ${Math.round(TRANSACTIONS / seconds)} transactions/s (${((seconds / TRANSACTIONS) * 1000).toFixed(3)} ms each)`);
  db.close();
}
rmSync(dir, { recursive: true, force: true });

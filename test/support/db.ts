/**
 * Real SQLite files for tests: one template migrated once per process, copied for each test,
 * so every test starts from the real schema without paying for migrations again.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/lib/db/client.ts';

let template: string | undefined;

export function templateDbPath(): string {
  if (!template) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-template-'));
    template = path.join(dir, 'template.db');
    const db = createDb(template);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    // A template in rollback mode copies as one file; each copy turns WAL on again when opened.
    db.$client.pragma('journal_mode = DELETE');
    db.$client.close();
  }
  return template;
}

/** A new database file for one test, with every migration applied. */
export function freshDbPath(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-test-')), 'app.db');
  copyFileSync(templateDbPath(), file);
  return file;
}

export function freshDb(): Db {
  return createDb(freshDbPath(), { migrate: false });
}

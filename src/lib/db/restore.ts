/**
 * Restoring a backup made by `npm run db:backup`: the copy is checked (it opens, passes
 * `integrity_check` and is a platform database) before it replaces anything, the current file
 * is kept beside it, and the swap is a rename so a failure halfway leaves the old file in place.
 * Run it with the server stopped; migrations bring an older backup up to date at the next start.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export class RestoreError extends Error {}

export interface RestoreResult {
  /** Where the database that was replaced now lies (null when there was none). */
  keptAs: string | null;
}

function checkBackup(file: string): void {
  if (!existsSync(file)) throw new RestoreError(`${file} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreError(`${file} cannot be opened as SQLite: ${(error as Error).message}`);
  }
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new RestoreError(`${file} fails the integrity check: ${String(result)}`);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => (row as { name: string }).name));
    if (!tables.has('__drizzle_migrations') || !tables.has('users')) throw new RestoreError(`${file} is not a Channelwise database (no users or migrations table)`);
  } catch (error) {
    if (error instanceof RestoreError) throw error;
    throw new RestoreError(`${file} cannot be read as SQLite: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

export async function restoreDatabase(backupFile: string, databaseFile: string, now = new Date()): Promise<RestoreResult> {
  checkBackup(backupFile);
  const incoming = `${databaseFile}.restoring`;
  rmSync(incoming, { force: true });
  // A consistent copy through SQLite's backup API, never a raw file copy of a database in use.
  const source = new Database(backupFile, { readonly: true });
  try {
    await source.backup(incoming);
  } finally {
    source.close();
  }
  let keptAs: string | null = null;
  if (existsSync(databaseFile)) {
    keptAs = `${databaseFile}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    // Fold the write-ahead log into the file first, so the kept copy is complete on its own.
    const current = new Database(databaseFile);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    renameSync(databaseFile, keptAs);
    for (const suffix of ['-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
  }
  renameSync(incoming, databaseFile);
  return { keptAs: keptAs && path.resolve(keptAs) };
}

/**
 * Recognising SQLite errors by their code, not their text: drizzle wraps the driver's error in a
 * DrizzleQueryError, so the cause chain is followed to the better-sqlite3 SqliteError.
 */
import Database from 'better-sqlite3';

function sqliteCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof Database.SqliteError) return current.code;
  }
  return undefined;
}

/** A unique index or primary key refused the row: someone else wrote the same key first. */
export function isUniqueConstraintError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * One SQLite file opened with the pragmas the platform relies on, and migrated on open.
 * `createDb(path)` is what tests and scripts call; the server shares one handle via `getDb()`.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle inside `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Functions that may run inside a caller's transaction take either. */
export type DbOrTx = Db | Tx;

/** Where the migrations live: `drizzle/` in the project root (the server runs from there). */
export function migrationsFolder(root = process.cwd()): string {
  return path.resolve(root, process.env.MIGRATIONS_DIR ?? 'drizzle');
}

export function databasePath(): string {
  return path.resolve(process.env.DATABASE_PATH ?? 'data/app.db');
}

/** Opens (creating if needed) a database file: WAL, foreign keys, a busy timeout; then migrates. */
export function createDb(file: string, options: { migrate?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  client.pragma('synchronous = NORMAL');
  const db = drizzle(client, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

let shared: Db | undefined;

/** The server's database, opened and migrated on first use. */
export function getDb(): Db {
  shared ??= createDb(databasePath());
  return shared;
}

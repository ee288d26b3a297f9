/**
 * One SQLite file opened with the pragmas the platform relies on. `createDb(path)` migrates on
 * open and is what tests and scripts call; the server shares one handle via `getDb()`, which
 * expects the migrations to have run at start-up (`npm start` runs them before it listens) and
 * closes the file cleanly when the process is asked to stop.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle inside `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Functions that may run inside a caller's transaction take either. */
export type DbOrTx = Db | Tx;

/**
 * Where the migrations live: `drizzle/` in the project, found from this code's own location
 * (src/lib/db in development, dist/server/chunks in a build), so the working folder does not
 * matter. `MIGRATIONS_DIR` overrides it.
 */
export function migrationsFolder(): string {
  if (process.env.MIGRATIONS_DIR) return path.resolve(process.env.MIGRATIONS_DIR);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'drizzle', 'meta', '_journal.json'))) return path.join(dir, 'drizzle');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No drizzle/ migrations folder above ${fileURLToPath(import.meta.url)}; set MIGRATIONS_DIR.`);
    dir = parent;
  }
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
  // Every acknowledged write survives a power cut; measured cost about 0.15 ms per transaction (docs/decisions/0012).
  client.pragma('synchronous = FULL');
  keepPreparedStatements(client);
  const db = drizzle(client, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

/**
 * Compiling SQL costs more than running most of our queries, and drizzle (and our raw reads)
 * prepare the same few hundred statements again on every request. The connection keeps each
 * compiled statement by its text and hands it out again, reset to plain rows, since a caller may
 * have switched it to arrays (`raw`), single values (`pluck`) or BigInts (`safeIntegers`). A
 * statement that is still iterating is busy and never handed out again until it is done.
 */
function keepPreparedStatements(client: Database.Database, limit = 1000): void {
  const compile = client.prepare.bind(client);
  const kept = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    let statement = kept.get(source);
    // A statement still iterating is busy: the caller gets a fresh one instead.
    if (statement && !statement.busy) {
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement.safeIntegers(false);
    }
    if (statement) return compile(source);
    statement = compile(source);
    if (kept.size < limit) kept.set(source, statement);
    return statement;
  }) as Database.Database['prepare'];
}

/** Migrations in the folder that this database has not applied yet (drizzle records them by creation time). */
export function pendingMigrations(db: Db): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const applied = db.$client.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
    ? (db.$client.prepare('select max(created_at) as last from __drizzle_migrations').get() as { last: number | null }).last ?? 0
    : 0;
  return journal.entries.filter((entry) => entry.when > applied).length;
}

let shared: Db | undefined;

/**
 * The server's database. Migrations ran at start-up; if they did not (a server started by hand
 * after an update), this says what to run instead of failing on a missing column later.
 */
export function getDb(): Db {
  if (shared) return shared;
  const file = databasePath();
  const db = createDb(file, { migrate: false });
  const pending = pendingMigrations(db);
  if (pending > 0) {
    db.$client.close();
    throw new Error(`The database ${file} lacks ${pending} migration(s): run npm run db:migrate (npm start does it) and start again.`);
  }
  shared = db;
  // Close the file cleanly on stop, so the WAL is checkpointed and nothing is left half-open.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shared?.$client.close();
      shared = undefined;
      process.exit(0);
    });
  }
  return shared;
}

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, pendingMigrations } from '../../src/lib/db/client.ts';
import { root } from '../support/server.ts';

describe('migrations', () => {
  it('counts what a database has not applied yet', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-mig-')), 'app.db');
    const bare = createDb(file, { migrate: false });
    expect(pendingMigrations(bare)).toBeGreaterThan(3);
    bare.$client.close();
    const migrated = createDb(file);
    expect(pendingMigrations(migrated)).toBe(0);
    migrated.$client.close();
  });

  it('finds the migrations from the code’s own location, whatever the working folder', () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'cw-cwd-'));
    const file = path.join(elsewhere, 'data', 'app.db');
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: file };
    delete env.MIGRATIONS_DIR;
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/db-migrate.ts')], { cwd: elsewhere, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const db = createDb(file, { migrate: false });
    expect(pendingMigrations(db)).toBe(0);
    expect(db.$client.prepare("select count(*) as n from sqlite_master where name = 'certificates'").get()).toEqual({ n: 1 });
    db.$client.close();
  });

  it('names the path and the fix when the data folder cannot be written, instead of a bare error', () => {
    const file = '/dev/null/not-a-folder/app.db';
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/db-migrate.ts')], { cwd: root, env: { ...process.env, DATABASE_PATH: file }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Cannot open or migrate the database at ${file}`);
    expect(run.stderr).toContain('may write to it');
  });
});

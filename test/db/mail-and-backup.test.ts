import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { freshDb } from '../support/db.ts';
import { createDb } from '../../src/lib/db/client.ts';
import { RestoreError, restoreDatabase } from '../../src/lib/db/restore.ts';
import { createUser } from '../../src/lib/auth/accounts.ts';
import { deliverMail } from '../../src/lib/mail/mailer.ts';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('mail', () => {
  it('delivers through SMTP when SMTP_URL is set, to a local server that speaks the protocol', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
    try {
      await deliverMail({ to: 'lea@example.com', subject: 'Confirm', text: 'Open https://example.com/verify-email?token=abc' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('To: lea@example.com');
    expect(received[0]).toContain('Subject: Confirm');
    expect(received[0]).toContain('verify-email?token=abc');
  });

  it('writes to the outbox without SMTP', async () => {
    delete process.env.SMTP_URL;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-outbox-'));
    process.env.MAIL_OUTBOX_DIR = dir;
    await deliverMail({ to: 'sam@example.com', subject: 'Reset', text: 'Link: https://example.com/reset-password?token=xyz' });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/sam@example\.com\.eml$/);
    expect(readFileSync(path.join(dir, files[0]), 'utf8')).toContain('reset-password?token=xyz');
  });
});

describe('backup', () => {
  it('copies the database online, while it is open and in use', async () => {
    const db = freshDb();
    await createUser(db, { name: 'Lea', email: 'lea@example.com', password: 'xxxxxxxxxxxx' });
    const target = path.join(mkdtempSync(path.join(os.tmpdir(), 'cw-backup-')), 'copy.db');
    await db.$client.backup(target);
    expect(existsSync(target)).toBe(true);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('select email from users').all()).toEqual([{ email: 'lea@example.com' }]);
    copy.close();
  });
});

describe('restore', () => {
  it('replaces the database with a checked backup and keeps the old file; refuses a damaged or foreign file and changes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-restore-'));
    const file = path.join(dir, 'app.db');
    const db = createDb(file);
    await createUser(db, { name: 'Lea', email: 'lea@example.com', password: 'xxxxxxxxxxxx' });
    const backup = path.join(dir, 'backup.db');
    await db.$client.backup(backup);
    await createUser(db, { name: 'Max', email: 'max@example.com', password: 'xxxxxxxxxxxx' });
    db.$client.close();

    const emails = (f: string) => {
      const copy = new Database(f, { readonly: true });
      const rows = copy.prepare('select email from users order by email').all();
      copy.close();
      return rows;
    };
    const { keptAs } = await restoreDatabase(backup, file);
    expect(emails(file)).toEqual([{ email: 'lea@example.com' }]);
    expect(emails(keptAs!)).toEqual([{ email: 'lea@example.com' }, { email: 'max@example.com' }]);
    const reopened = createDb(file);
    expect(reopened.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.$client.close();

    const damaged = path.join(dir, 'damaged.db');
    writeFileSync(damaged, 'SQLite format 3\u0000' + 'garbage'.repeat(200));
    await expect(restoreDatabase(damaged, file)).rejects.toBeInstanceOf(RestoreError);
    const foreign = path.join(dir, 'foreign.db');
    new Database(foreign).exec('create table notes (text)');
    await expect(restoreDatabase(foreign, file)).rejects.toThrow(/not a Channelwise database/);
    await expect(restoreDatabase(path.join(dir, 'missing.db'), file)).rejects.toThrow(/does not exist/);
    expect(emails(file)).toEqual([{ email: 'lea@example.com' }]);

    // The command says what went wrong and that nothing changed.
    const run = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('scripts/db-restore.ts'), damaged], { env: { ...process.env, DATABASE_PATH: file }, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Nothing was changed');
  });
});

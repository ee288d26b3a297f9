/**
 * The mail outbox and its worker against a real SMTP server (smtp-server) in the test: text and
 * HTML parts, retries while the server refuses, delivery once it recovers, no duplicates when
 * two workers on two connections run at once, and the once-per-cause key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { freshDbPath } from '../support/db.ts';
import { createDb, type Db } from '../../src/lib/db/client.ts';
import { outboxMessages } from '../../src/lib/db/schema.ts';
import { holdLease } from '../../src/lib/db/leases.ts';
import { deliverDue, MAX_ATTEMPTS, queueMail, startMailWorker } from '../../src/lib/mail/outbox.ts';

interface Received {
  to: string;
  data: string;
}

let server: SMTPServer;
let received: Received[];
/** How many deliveries the server still refuses (a temporary failure, 451). */
let refuse = 0;
const savedEnv = { ...process.env };

beforeEach(async () => {
  received = [];
  refuse = 0;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (refuse > 0) {
        refuse--;
        const error = new Error('Try again later') as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo[0].address, data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?ignoreTLS=true`;
  process.env.MAIL_RETRY_BASE_MS = '1';
});

afterEach(async () => {
  process.env = { ...savedEnv };
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const later = (ms: number) => new Date(Date.now() + ms);
const statusOf = (db: Db, id: number) => db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get()!;

describe('the mail outbox', () => {
  it('sends a queued message through SMTP as text and HTML, with links clickable and markup escaped', async () => {
    const db = createDb(freshDbPath(), { migrate: false });
    queueMail(db, { to: 'lea@example.com', kind: 'test', subject: 'Hello', text: 'Dear <Lea> & team,\n\nopen https://example.com/verify?token=abc now.' });
    expect(await deliverDue(db)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const mail = received[0].data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(mail).toContain('Content-Type: text/plain');
    expect(mail).toContain('Content-Type: text/html');
    expect(mail).toContain('<a href="https://example.com/verify?token=abc">');
    expect(mail).toContain('Dear &lt;Lea&gt; &amp; team');
    expect(await deliverDue(db)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('retries while the server refuses, then delivers exactly once', async () => {
    const db = createDb(freshDbPath(), { migrate: false });
    queueMail(db, { to: 'sam@example.com', kind: 'test', subject: 'Retry', text: 'Body' });
    refuse = 2;
    expect(await deliverDue(db)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(statusOf(db, 1)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(statusOf(db, 1).lastError).toContain('451');
    expect(await deliverDue(db, later(1000))).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await deliverDue(db, later(60_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliverDue(db, later(120_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(received.map((r) => r.to)).toEqual(['sam@example.com']);
    expect(statusOf(db, 1)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('gives up after the last attempt and records why', async () => {
    const db = createDb(freshDbPath(), { migrate: false });
    queueMail(db, { to: 'gone@example.com', kind: 'test', subject: 'Never', text: 'Body' });
    refuse = MAX_ATTEMPTS + 1;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) await deliverDue(db, later(attempt * 3_600_000));
    expect(statusOf(db, 1)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(received).toHaveLength(0);
  });

  it('sends each message once when two workers on two connections run at the same time', async () => {
    const file = freshDbPath();
    const [one, two] = [createDb(file, { migrate: false }), createDb(file, { migrate: false })];
    for (let n = 0; n < 30; n++) queueMail(one, { to: `person${n}@example.com`, kind: 'test', subject: `Mail ${n}`, text: 'Body' });
    const runs = await Promise.all([deliverDue(one), deliverDue(two)]);
    expect(runs[0].sent + runs[1].sent).toBe(30);
    expect(new Set(received.map((r) => r.to)).size).toBe(30);
    expect(received).toHaveLength(30);
    // The lease: while one holder keeps it, the other waits.
    expect(holdLease(one, 'mail', 'a', 30_000)).toBe(true);
    expect(holdLease(two, 'mail', 'b', 30_000)).toBe(false);
    expect(holdLease(two, 'mail', 'b', 30_000, Date.now() + 31_000)).toBe(true);
  });

  it('queues a message with a once-per-cause key only once, and the worker picks new mail up at once', async () => {
    const db = createDb(freshDbPath(), { migrate: false });
    expect(queueMail(db, { to: 'kim@example.com', kind: 'test', subject: 'Once', text: 'Body', dedupeKey: 'reminder:1' })).toBe(true);
    expect(queueMail(db, { to: 'kim@example.com', kind: 'test', subject: 'Once', text: 'Body', dedupeKey: 'reminder:1' })).toBe(false);
    const worker = startMailWorker(db, { intervalMs: 60_000 });
    try {
      queueMail(db, { to: 'kim@example.com', kind: 'test', subject: 'Second', text: 'Body' });
      for (let wait = 0; wait < 50 && received.length < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      worker.stop();
    }
    expect(received.map((r) => /Subject: (\w+)/.exec(r.data)?.[1]).sort()).toEqual(['Once', 'Second']);
  });
});

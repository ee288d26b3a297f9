/**
 * The outbox: `queueMail` writes a message into the database, inside the caller's transaction
 * when there is one, so a mail exists exactly when the change that caused it was committed. The
 * worker sends due messages through mailer.ts, retries failures with growing pauses and records
 * the last error; after MAX_ATTEMPTS a message is marked failed. One process at a time runs the
 * worker (a lease it keeps renewing); each message is also claimed before it is sent, so two
 * workers never send the same message. Requests never wait for SMTP.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { outboxMessages } from '../db/schema.ts';
import { holdLease } from '../db/leases.ts';
import { emailHandle, log } from '../log/log.ts';
import { deliverMail } from './mailer.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** What it is about, for logs: `verify-email`, `org-invitation` … */
  kind: string;
  /** Mails that must go out once per cause carry a key; queueing the same key again does nothing. */
  dedupeKey?: string;
  headers?: Record<string, string>;
}

export const MAX_ATTEMPTS = 8;
/** A message claimed but not finished by then (the process died mid-send) is due again. */
const CLAIM_MS = 10 * 60 * 1000;

const retryBaseMs = () => Number(process.env.MAIL_RETRY_BASE_MS ?? 30_000);

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML part, from the same text: paragraphs, line breaks and clickable links, everything else escaped. */
export function htmlFromText(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((block) => {
    const linked = escapeHtml(block).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
    return `<p>${linked.replace(/\n/g, '<br>')}</p>`;
  });
  return `<!doctype html><html><body style="font-family: system-ui, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a">${paragraphs.join('\n')}</body></html>`;
}

let wake: (() => void) | null = null;

/** Writes a message to the outbox (no network); the worker sends it. Returns false for a duplicate key. */
export function queueMail(db: DbOrTx, mail: OutgoingMail, now = new Date()): boolean {
  const inserted = db
    .insert(outboxMessages)
    .values({ to: mail.to, subject: mail.subject, text: mail.text, html: htmlFromText(mail.text), headers: mail.headers ?? null, kind: mail.kind, dedupeKey: mail.dedupeKey ?? null, nextAttemptAt: now, createdAt: now })
    .onConflictDoNothing()
    .run();
  // The worker in this process (if any) looks at once, after the current request or transaction.
  if (inserted.changes === 1 && wake) setImmediate(wake);
  return inserted.changes === 1;
}

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
}

/** Sends what is due now (at most `limit` messages). */
export async function deliverDue(db: Db, now = new Date(), limit = 50): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
  const due = db
    .select()
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.status, ['queued', 'sending']), lte(outboxMessages.nextAttemptAt, now)))
    .orderBy(asc(outboxMessages.nextAttemptAt))
    .limit(limit)
    .all();
  for (const message of due) {
    const claimed = db
      .update(outboxMessages)
      .set({ status: 'sending', attempts: sql`${outboxMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
      .where(and(eq(outboxMessages.id, message.id), inArray(outboxMessages.status, ['queued', 'sending']), lte(outboxMessages.nextAttemptAt, now)))
      .run();
    if (claimed.changes !== 1) continue;
    const attempt = message.attempts + 1;
    try {
      await deliverMail({ to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers ?? undefined });
      db.update(outboxMessages).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(outboxMessages.id, message.id)).run();
      run.sent++;
    } catch (error) {
      const reason = (error as Error).message.slice(0, 500);
      const giveUp = attempt >= MAX_ATTEMPTS;
      const pause = Math.min(60 * 60 * 1000, retryBaseMs() * 2 ** (attempt - 1));
      db.update(outboxMessages)
        .set({ status: giveUp ? 'failed' : 'queued', lastError: reason, nextAttemptAt: new Date(Date.now() + pause) })
        .where(eq(outboxMessages.id, message.id))
        .run();
      log[giveUp ? 'error' : 'warn']({ to: emailHandle(message.to), kind: message.kind, attempt, err: reason }, giveUp ? 'mail failed for good' : 'mail will be retried');
      run[giveUp ? 'failed' : 'retrying']++;
    }
  }
  return run;
}

export interface MailWorker {
  stop(): void;
  /** Runs one round now (tests, scripts). */
  tick(): Promise<void>;
}

const LEASE_MS = 30_000;

/**
 * Starts the worker in this process: every `intervalMs` (and at once when a message is queued
 * here) it renews the lease and, while it holds it, sends what is due.
 */
export function startMailWorker(db: Db, options: { intervalMs?: number; holder?: string } = {}): MailWorker {
  const holder = options.holder ?? `${process.pid}-${randomUUID()}`;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (running) return running;
    running = (async () => {
      try {
        if (holdLease(db, 'mail', holder, LEASE_MS)) await deliverDue(db);
      } catch (error) {
        log.error({ err: (error as Error).message }, 'mail worker round failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? Number(process.env.MAIL_WORKER_INTERVAL_MS ?? 2000));
  timer.unref();
  wake = () => void tick();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      wake = null;
    },
    tick,
  };
}

let started: MailWorker | null = null;

/** The server starts its worker on the first request unless `MAIL_WORKER=off` (then `npm run worker` sends). */
export function ensureMailWorker(db: Db): void {
  if (started || process.env.MAIL_WORKER === 'off') return;
  started = startMailWorker(db);
}

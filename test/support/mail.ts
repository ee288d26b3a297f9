/** Mail in the outbox table, for tests on a database file (no worker needed). */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/db/client.ts';
import { outboxMessages } from '../../src/lib/db/schema.ts';

export function queuedMails(db: Db, to?: string) {
  return db.select().from(outboxMessages).where(to ? eq(outboxMessages.to, to) : undefined).orderBy(desc(outboxMessages.id)).all();
}

/** The token of the newest link to `pathname` in the mails queued for an address. */
export function tokenFromQueuedMail(db: Db, to: string, pathname: string): string {
  const mail = db.select().from(outboxMessages).where(and(eq(outboxMessages.to, to))).orderBy(desc(outboxMessages.id)).get();
  const match = mail && new RegExp(`${pathname}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${pathname} link queued for ${to}`);
  return match[1];
}

/**
 * Leases: a named job that several server processes could run (sending mail, typesetting course
 * PDFs) is done by whichever process holds its lease; the others skip it until the lease expires.
 */
import { and, eq, lte, or } from 'drizzle-orm';
import type { Db } from './client.ts';
import { workerLeases } from './schema.ts';

/** Takes or renews a lease; true when this holder has it until `ms` from now. */
export function holdLease(db: Db, name: string, holder: string, ms: number, now = Date.now()): boolean {
  return (
    db
      .insert(workerLeases)
      .values({ name, holder, expiresAt: new Date(now + ms) })
      .onConflictDoUpdate({ target: workerLeases.name, set: { holder, expiresAt: new Date(now + ms) }, setWhere: or(eq(workerLeases.holder, holder), lte(workerLeases.expiresAt, new Date(now))) })
      .run().changes === 1
  );
}

/** Gives a lease back before it expires, so a process started next can take it at once. */
export function releaseLease(db: Db, name: string, holder: string): void {
  db.delete(workerLeases).where(and(eq(workerLeases.name, name), eq(workerLeases.holder, holder))).run();
}

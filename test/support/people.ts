/** People and refusals for tests on a database file. */
import { createUser } from '../../src/lib/auth/accounts.ts';
import { loadSessionUser, type SessionUser } from '../../src/lib/auth/sessions.ts';
import type { Db } from '../../src/lib/db/client.ts';
import type { Role } from '../../src/lib/db/schema.ts';
import { AppError } from '../../src/lib/http/errors.ts';

let counter = 0;

/** A verified account with a unique address made from the name, as the session sees it. */
export async function person(db: Db, name: string, roles: Role[] = []): Promise<SessionUser> {
  counter++;
  return loadSessionUser(db, await createUser(db, { name, email: `${name.toLowerCase().replace(/[^a-z]/g, '')}-${counter}@example.com`, password: 'a-long-password-1', roles }))!;
}

/** What an action answers: `ok`, or the refusal as "status key". */
export function refusal(action: () => unknown): string {
  try {
    action();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.key}`;
    throw error;
  }
}

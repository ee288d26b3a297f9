/** Accepts one invitation in its own process (for the concurrency test): prints "ok <slug>" or the refusal's key. */
import { createDb } from '../../src/lib/db/client.ts';
import { loadSessionUser } from '../../src/lib/auth/sessions.ts';
import { acceptInvitation } from '../../src/lib/orgs/invitations.ts';
import { AppError } from '../../src/lib/http/errors.ts';

const [file, userId, token] = process.argv.slice(2);
const db = createDb(file, { migrate: false });
try {
  console.log(`ok ${acceptInvitation(db, loadSessionUser(db, userId), token)}`);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.log(`refused ${error.status} ${error.key}`);
}
db.$client.close();

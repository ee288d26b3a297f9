/** `npm run db:migrate`: applies the committed migrations to DATABASE_PATH (default data/app.db). */
import path from 'node:path';
import { createDb, databasePath } from '../src/lib/db/client.ts';

const file = databasePath();
try {
  createDb(file).$client.close();
} catch (error) {
  // The commonest causes at start-up: a read-only or missing data folder, a file that is not a database.
  console.error(
    `Cannot open or migrate the database at ${file}: ${(error as Error).message}\n` +
      `Make sure ${path.dirname(file)} exists and the user running the platform may write to it, or set DATABASE_PATH to a writable place.`,
  );
  process.exit(1);
}
console.log(`Migrated ${file}`);

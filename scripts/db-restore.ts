/** `npm run db:restore -- <backup file>`: replaces the database with a checked backup (stop the server first); the old file is kept beside it. */
import { databasePath } from '../src/lib/db/client.ts';
import { RestoreError, restoreDatabase } from '../src/lib/db/restore.ts';

const backup = process.argv[2];
if (!backup) {
  console.error('usage: npm run db:restore -- <backup file>   (stop the server first)');
  process.exit(2);
}
try {
  const { keptAs } = await restoreDatabase(backup, databasePath());
  console.log(`Restored ${databasePath()} from ${backup}.${keptAs ? ` The previous database is kept as ${keptAs}.` : ''} Start the server: it applies any newer migrations.`);
} catch (error) {
  if (!(error instanceof RestoreError)) throw error;
  console.error(`db:restore: ${error.message}. Nothing was changed.`);
  process.exit(1);
}

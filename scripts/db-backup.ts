/** `npm run db:backup -- <file>`: an online, consistent copy of the database while the app runs. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createDb, databasePath } from '../src/lib/db/client.ts';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run db:backup -- <file>');
  process.exit(2);
}
if (existsSync(target)) {
  console.error(`${target} exists; choose a new file name so no backup is overwritten.`);
  process.exit(1);
}
const db = createDb(databasePath(), { migrate: false });
await db.$client.backup(path.resolve(target));
db.$client.close();
console.log(`Backed up ${databasePath()} to ${path.resolve(target)}`);

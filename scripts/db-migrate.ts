/** `npm run db:migrate`: applies the committed migrations to DATABASE_PATH (default data/app.db). */
import { createDb, databasePath } from '../src/lib/db/client.ts';

const file = databasePath();
createDb(file).$client.close();
console.log(`Migrated ${file}`);
